import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { AppModule } from '../src/app.module';
import { JobName, QueueName } from '../src/platform/jobs/queues';
import { OnJob, Sweep } from '../src/platform/jobs/job.decorators';
import { JobRunner } from '../src/platform/jobs/job-runner';
import { SweepRunner } from '../src/platform/jobs/sweep-runner';
import { inTransaction } from '../src/platform/database/transaction';
import { loadConfig } from '../src/platform/config/app-config';
import { Notification, NotificationStatus } from '../src/platform/outbox/notification.entity';
import { OutboxService } from '../src/platform/outbox/outbox.service';
import { createTestApp, eventually, TestApp } from './app';
import { authHeader, createAdmin, registerUser, uniqueEmail } from './factories/users';
import { flushRedis } from './support/redis';

/** What the probe sweeps of one test record, shared by every app instance that runs them. */
interface Probe {
  calls: number;
  active: number;
  maxActive: number;
  /** Makes the next sweeps throw. */
  fail: number;
}

const newProbe = (): Probe => ({ calls: 0, active: 0, maxActive: 0, fail: 0 });

/** A provider with one `@Sweep` that counts its calls and how many run at once, across every instance. */
function probeSweeps(name: string, probe: Probe, everySeconds?: number): Type {
  @Injectable()
  class ProbeSweeps {
    @Sweep({ name, everySeconds })
    async sweep(): Promise<number> {
      probe.calls += 1;
      probe.active += 1;
      probe.maxActive = Math.max(probe.maxActive, probe.active);
      try {
        await new Promise((r) => setTimeout(r, 20));
        if (probe.fail > 0) {
          probe.fail -= 1;
          throw new Error('sweep failed on purpose');
        }
        return 1;
      } finally {
        probe.active -= 1;
      }
    }
  }
  return ProbeSweeps;
}

/** A second handler of a job that already has one: the worker must refuse to start. */
@Injectable()
class DuplicateSendNotification {
  @OnJob(JobName.SendNotification)
  handle(): Promise<void> {
    return Promise.resolve();
  }
}

describe('Worker', () => {
  let t: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp();
    queue = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
  });

  afterAll(() => t.close());

  const rows = () => t.dataSource.getRepository(Notification);

  /** A queued row written a while ago whose job Redis never had (or lost). */
  async function strandedRow(to: string, claimedUntil: Date | null = null): Promise<string> {
    const row = await rows().save(
      rows().create({
        recipient: to,
        template: 'promoter-reinstated',
        data: { name: 'Ada', promoterName: 'Nights', dashboardUrl: 'https://example.test/p' },
        claimedUntil,
      }),
    );
    await t.dataSource.query(
      `UPDATE notifications SET created_at = now() - interval '5 minutes' WHERE id = $1`,
      [row.id],
    );
    return row.id;
  }

  describe('notification sweeper', () => {
    it('re-queues a queued row after Redis lost everything (FLUSHDB)', async () => {
      const id = await strandedRow(uniqueEmail('flush'));
      await flushRedis(t);
      expect(await queue.getJob(id)).toBeUndefined();
      await t.sweep('notifications');
      const row = await eventually(() => rows().findOneBy({ id, status: NotificationStatus.Sent }));
      expect(row.providerMessageId).toMatch(/^dev-/);
      expect(row.attempts).toBe(1);
    });

    it('replaces a finished job that left its row queued', async () => {
      // A live claim by a worker that then died: the job finds the row held and completes without sending.
      const id = await strandedRow(uniqueEmail('stale'), new Date(Date.now() + 60_000));
      await t.app.get(OutboxService).schedule(id);
      await eventually(async () => (await queue.getJob(id))?.isCompleted());
      await t.dataSource.query(
        `UPDATE notifications SET claimed_until = now() - interval '1 second' WHERE id = $1`,
        [id],
      );
      await t.sweep('notifications');
      await eventually(() => rows().findOneBy({ id, status: NotificationStatus.Sent }));
    });

    it('leaves alone rows that are young, sent, or claimed', async () => {
      const young = (await rows().save(rows().create({ recipient: uniqueEmail('young'), template: 'x' }))).id;
      const claimed = await strandedRow(uniqueEmail('claimed'), new Date(Date.now() + 60_000));
      await t.sweep('notifications');
      expect(await queue.getJob(young)).toBeUndefined();
      expect(await queue.getJob(claimed)).toBeUndefined();
      await rows().delete([young, claimed]);
    });
  });

  describe('dev transport and the admin outbox routes', () => {
    it('keeps the rendered email readable through GET /admin/notifications/{id}', async () => {
      const admin = await createAdmin(t);
      const to = uniqueEmail('dev');
      const outbox = t.app.get(OutboxService);
      const id = await inTransaction(t.dataSource, undefined, (m) =>
        outbox.enqueue(m, {
          to,
          template: 'password-reset',
          data: { name: 'Ada', resetUrl: 'https://example.test/reset?token=dev', expiresAt: new Date() },
        }),
      );
      await eventually(() => rows().findOneBy({ id: id!, status: NotificationStatus.Sent }));

      const list = await t
        .http()
        .get('/api/v1/admin/notifications')
        .query({ to: to.toUpperCase(), template: 'password-reset', status: 'sent' })
        .set(authHeader(admin.accessToken))
        .expect(200);
      expect(list.body).toMatchObject({ total: 1, limit: 20, offset: 0, hasNext: false });
      expect(list.body.items[0]).toMatchObject({
        id,
        to,
        template: 'password-reset',
        status: 'sent',
        attempts: 1,
      });
      expect(list.body.items[0].bodyText).toBeUndefined();

      const one = await t
        .http()
        .get(`/api/v1/admin/notifications/${id}`)
        .set(authHeader(admin.accessToken))
        .expect(200);
      expect(one.body.subject).toBe('Reset your Ticket Vendor password');
      expect(one.body.providerMessageId).toMatch(/^dev-/);
      expect(one.body.bodyText).toContain('https://example.test/reset?token=dev');
      expect(one.body.bodyHtml).toContain('href="https://example.test/reset?token&#x3D;dev"');
      expect(one.body.attachments).toEqual([]);
      expect(one.body.data).toBeUndefined();
    });

    it('lists newest first and answers 404 for an unknown id', async () => {
      const admin = await createAdmin(t);
      const to = uniqueEmail('order');
      const outbox = t.app.get(OutboxService);
      const data = { name: 'Ada', promoterName: 'Nights' };
      const first = await inTransaction(t.dataSource, undefined, (m) =>
        outbox.enqueue(m, { to, template: 'promoter-rejected', data }),
      );
      const second = await inTransaction(t.dataSource, undefined, (m) =>
        outbox.enqueue(m, { to, template: 'promoter-suspended', data }),
      );
      const list = await t
        .http()
        .get('/api/v1/admin/notifications')
        .query({ to })
        .set(authHeader(admin.accessToken))
        .expect(200);
      expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([second, first]);
      const filtered = await t
        .http()
        .get('/api/v1/admin/notifications')
        .query({ to, template: 'promoter-rejected' })
        .set(authHeader(admin.accessToken))
        .expect(200);
      expect(filtered.body.items.map((n: { id: string }) => n.id)).toEqual([first]);
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await t
          .http()
          .get(`/api/v1/admin/notifications/${id}`)
          .set(authHeader(admin.accessToken));
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      await t
        .http()
        .get('/api/v1/admin/notifications')
        .query({ template: 'no-such-template' })
        .set(authHeader(admin.accessToken))
        .expect(400);
    });

    it('is for admins only', async () => {
      const customer = await registerUser(t);
      const res = await t.http().get('/api/v1/admin/notifications').set(authHeader(customer.accessToken));
      expect(res.status).toBe(403);
      await t.http().get('/api/v1/admin/notifications').expect(401);
    });
  });

  describe('sweep runner', () => {
    /** A worker-only app that also provides `providers`; closed by the test. */
    const workerWith = (...providers: Type[]) => createTestApp({ role: 'worker', providers });

    it('never runs one sweep twice at once, within one instance or across two', async () => {
      const name = `probe-${Math.random()}`;
      const probe = newProbe();
      const [a, b] = await Promise.all([
        workerWith(probeSweeps(name, probe)),
        workerWith(probeSweeps(name, probe)),
      ]);
      try {
        await Promise.all([a.sweep(name), a.sweep(name), b.sweep(name), b.sweep(name)]);
        expect(probe.calls).toBe(4);
        // `active` counts every running sweep of both instances: the advisory lock let only one run at a time.
        expect(probe.maxActive).toBe(1);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('skips its ticks while another instance holds the lock', async () => {
      const name = `probe-${Math.random()}`;
      const probe = newProbe();
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock(7301, hashtext($1))', [name]);
      const app = await workerWith(probeSweeps(name, probe, 0.01));
      try {
        await new Promise((r) => setTimeout(r, 200));
        expect(probe.calls).toBe(0);
        await holder.query('SELECT pg_advisory_unlock(7301, hashtext($1))', [name]);
        await eventually(() => Promise.resolve(probe.calls > 0));
      } finally {
        await app.close();
        await holder.release();
      }
    });

    it('keeps sweeping on its timer after a sweep fails, and stops on shutdown', async () => {
      const name = `probe-${Math.random()}`;
      const probe = newProbe();
      probe.fail = 2;
      const app = await workerWith(probeSweeps(name, probe, 0.01));
      await eventually(() => Promise.resolve(probe.calls >= 4));
      await app.close();
      const calls = probe.calls;
      await new Promise((r) => setTimeout(r, 100));
      expect(probe.calls).toBe(calls);
    });

    it('reports a failing sweep to a caller of runOnce', async () => {
      const name = `probe-${Math.random()}`;
      const probe = newProbe();
      probe.fail = 1;
      const app = await workerWith(probeSweeps(name, probe));
      try {
        await expect(app.sweep(name)).rejects.toThrow('sweep failed on purpose');
        await expect(app.sweep(name)).resolves.toBe(1);
        await expect(app.sweep('no-such-sweep')).rejects.toThrow('No sweep named no-such-sweep');
      } finally {
        await app.close();
      }
    });
  });

  describe('startup', () => {
    it('refuses to start when a job name has two handlers', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [AppModule.forRole('worker', loadConfig())],
        providers: [DuplicateSendNotification],
      }).compile();
      try {
        await expect(moduleRef.init()).rejects.toThrow(`${JobName.SendNotification}: 2 handlers`);
      } finally {
        await moduleRef.close().catch(() => undefined);
      }
    });

    it('runs no job and no sweep in an API-only process', async () => {
      const api = await createTestApp({ role: 'api' });
      try {
        expect(() => api.app.get(JobRunner, { strict: false })).toThrow();
        expect(() => api.app.get(SweepRunner, { strict: false })).toThrow();
        expect(api.app.get(OutboxService)).toBeInstanceOf(OutboxService);
      } finally {
        await api.close();
      }
    });
  });
});

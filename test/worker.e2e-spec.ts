import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { JobName, QueueName } from '../src/platform/jobs/queues';
import { Sweeper } from '../src/platform/jobs/sweeper';
import { inTransaction } from '../src/platform/database/transaction';
import { AppConfig, loadConfig } from '../src/platform/config/app-config';
import { Notification, NotificationStatus } from '../src/platform/outbox/notification.entity';
import { NotificationSweeper } from '../src/delivery/notifications/notification.sweeper';
import { NotificationsProcessor } from '../src/delivery/notifications/notifications.processor';
import { NotificationsService } from '../src/platform/outbox/outbox.service';
import { createTestApp, eventually, TestApp } from './app';
import { authHeader, createAdmin, registerUser, uniqueEmail } from './factories/users';

/** A sweeper that records how many sweeps overlap; `fail` makes the next sweeps throw. */
class ProbeSweeper extends Sweeper {
  active = 0;
  maxActive = 0;
  calls = 0;
  fail = 0;

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    readonly name: string,
    intervalSeconds?: number,
  ) {
    super(dataSource, config);
    this.intervalSeconds = intervalSeconds;
  }

  protected async sweep(): Promise<number> {
    this.calls += 1;
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((r) => setTimeout(r, 20));
      if (this.fail > 0) {
        this.fail -= 1;
        throw new Error('sweep failed on purpose');
      }
      return 1;
    } finally {
      this.active -= 1;
    }
  }
}

describe('Worker', () => {
  let t: TestApp;
  let sweeper: NotificationSweeper;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestApp();
    sweeper = t.app.get(NotificationSweeper);
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
      await t.redis.flushdb();
      expect(await queue.getJob(id)).toBeUndefined();
      await sweeper.runOnce();
      const row = await eventually(() => rows().findOneBy({ id, status: NotificationStatus.Sent }));
      expect(row.providerMessageId).toMatch(/^dev-/);
      expect(row.attempts).toBe(1);
    });

    it('replaces a finished job that left its row queued', async () => {
      // A live claim by a worker that then died: the job finds the row held and completes without sending.
      const id = await strandedRow(uniqueEmail('stale'), new Date(Date.now() + 60_000));
      await t.app.get(NotificationsService).schedule(id);
      await eventually(async () => (await queue.getJob(id))?.isCompleted());
      await t.dataSource.query(
        `UPDATE notifications SET claimed_until = now() - interval '1 second' WHERE id = $1`,
        [id],
      );
      await sweeper.runOnce();
      await eventually(() => rows().findOneBy({ id, status: NotificationStatus.Sent }));
    });

    it('leaves alone rows that are young, sent, or claimed', async () => {
      const young = (await rows().save(rows().create({ recipient: uniqueEmail('young'), template: 'x' }))).id;
      const claimed = await strandedRow(uniqueEmail('claimed'), new Date(Date.now() + 60_000));
      await sweeper.runOnce();
      expect(await queue.getJob(young)).toBeUndefined();
      expect(await queue.getJob(claimed)).toBeUndefined();
      await rows().delete([young, claimed]);
    });
  });

  describe('dev transport and the admin outbox routes', () => {
    it('keeps the rendered email readable through GET /admin/notifications/{id}', async () => {
      const admin = await createAdmin(t);
      const to = uniqueEmail('dev');
      const outbox = t.app.get(NotificationsService);
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
      const outbox = t.app.get(NotificationsService);
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

  describe('sweeper base', () => {
    it('never runs one sweep twice at once, within or across instances', async () => {
      const name = `probe-${Math.random()}`;
      const a = new ProbeSweeper(t.dataSource, t.config, name);
      const b = new ProbeSweeper(t.dataSource, t.config, name);
      await Promise.all([a.runOnce(), a.runOnce(), b.runOnce(), b.runOnce()]);
      expect(a.calls + b.calls).toBe(4);
      expect(a.maxActive).toBe(1);
      expect(b.maxActive).toBe(1);
      // The advisory lock serialises the two instances: they never overlapped either.
    });

    it('skips a tick while another instance holds the lock', async () => {
      const name = `probe-${Math.random()}`;
      const holder = await t.dataSource.createQueryRunner();
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock(7301, hashtext($1))', [name]);
      const s = new ProbeSweeper(t.dataSource, t.config, name, 0.01);
      s.onApplicationBootstrap();
      try {
        await new Promise((r) => setTimeout(r, 200));
        expect(s.calls).toBe(0);
        await holder.query('SELECT pg_advisory_unlock(7301, hashtext($1))', [name]);
        await eventually(() => Promise.resolve(s.calls > 0));
      } finally {
        await s.beforeApplicationShutdown();
        await holder.release();
      }
    });

    it('keeps sweeping on its timer after a sweep fails, and stops on shutdown', async () => {
      const s = new ProbeSweeper(t.dataSource, t.config, `probe-${Math.random()}`, 0.01);
      s.fail = 2;
      s.onApplicationBootstrap();
      await eventually(() => Promise.resolve(s.calls >= 4));
      await s.beforeApplicationShutdown();
      const calls = s.calls;
      await new Promise((r) => setTimeout(r, 100));
      expect(s.calls).toBe(calls);
    });

    it('runOnce reports a failing sweep to the caller', async () => {
      const s = new ProbeSweeper(t.dataSource, t.config, `probe-${Math.random()}`);
      s.fail = 1;
      await expect(s.runOnce()).rejects.toThrow('sweep failed on purpose');
      await expect(s.runOnce()).resolves.toBe(1);
    });
  });

  describe('startup', () => {
    it('refuses to start when a job name has two handlers', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [AppModule.forRole('worker', loadConfig())],
        providers: [{ provide: 'DuplicateHandler', useValue: { handledJobs: [JobName.SendNotification] } }],
      }).compile();
      try {
        await expect(moduleRef.init()).rejects.toThrow(`${JobName.SendNotification}: 2 handlers`);
      } finally {
        await moduleRef.close().catch(() => undefined);
      }
    });

    it('runs no processor in an API-only process', async () => {
      const api = await createTestApp({ role: 'api' });
      try {
        expect(() => api.app.get(NotificationsProcessor, { strict: false })).toThrow();
        expect(() => api.app.get(NotificationSweeper, { strict: false })).toThrow();
        expect(api.app.get(NotificationsService)).toBeDefined();
      } finally {
        await api.close();
      }
    });
  });
});

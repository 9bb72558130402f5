import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QueueName } from '../src/platform/jobs/queues';
import { EventRemindersService } from '../src/delivery/reminders/event-reminders.service';
import { reminderJobId } from '../src/delivery/reminders/reminder-schedule';
import { createTestApp, eventually, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { buyOrder, emailsTo } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';
import { flushRedis } from './support/redis';

const HOUR = 3600 * 1000;
const api = (path: string) => `/api/v1${path}`;

/**
 * Events 90 days out: another spec moves its clock 40 days ahead and completes every event ending before
 * then, which would end these sales mid-test.
 */
function farFuture(): { startsAt: string; endsAt: string } {
  const startsAt = Date.now() + 90 * 24 * 3600 * 1000;
  return {
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 4 * 3600 * 1000).toISOString(),
  };
}

/** The event's start as stored (the reminder code compares it to the millisecond). */
async function startsAtOf(t: TestApp, eventId: string): Promise<Date> {
  const [row] = await t.dataSource.query(`SELECT starts_at FROM events WHERE id = $1`, [eventId]);
  return row.starts_at as Date;
}

/** Time passing without the clock: puts the event's start `hours` from now, straight in the database. */
async function startInHours(t: TestApp, eventId: string, hours: number): Promise<Date> {
  await t.dataSource.query(
    `UPDATE events SET starts_at = date_trunc('milliseconds', now()) + make_interval(hours => $2),
                       ends_at = date_trunc('milliseconds', now()) + make_interval(hours => $2 + 4),
                       sales_end_at = NULL
      WHERE id = $1`,
    [eventId, hours],
  );
  return startsAtOf(t, eventId);
}

async function jobState(queue: Queue, jobId: string): Promise<string> {
  const job = await queue.getJob(jobId);
  return job ? job.getState() : 'missing';
}

describe('event reminders', () => {
  let t: TestApp;
  let queue: Queue;
  let reminders: EventRemindersService;

  beforeAll(async () => {
    t = await createTestApp();
    queue = t.app.get<Queue>(getQueueToken(QueueName.Reminders));
    reminders = t.app.get(EventRemindersService);
  });
  afterAll(() => t.close());

  /** A published event with two holders: `a` with two tickets (in two orders), `b` with one. */
  async function eventWithHolders(): Promise<{ sale: OnSaleEvent; a: TestUser; b: TestUser }> {
    const sale = await createOnSaleEvent(t, { event: farFuture(), tiers: [{ capacity: 10 }] });
    const [a, b] = [await registerUser(t), await registerUser(t)];
    const tierId = sale.tierIds[0];
    await buyOrder(t, a, sale.eventId, [{ tierId, quantity: 1 }]);
    await buyOrder(t, a, sale.eventId, [{ tierId, quantity: 1 }]);
    await buyOrder(t, b, sale.eventId, [{ tierId, quantity: 1 }]);
    return { sale, a, b };
  }

  it('two workers sending at once email each ticket holder exactly once', async () => {
    const other = await createTestApp({ role: 'worker' });
    try {
      const { sale, a, b } = await eventWithHolders();
      const startsAt = await startInHours(t, sale.eventId, 12);
      const sent = await Promise.all([
        reminders.send(sale.eventId, startsAt),
        other.app.get(EventRemindersService).send(sale.eventId, startsAt),
        reminders.send(sale.eventId, startsAt),
      ]);
      // At most one run sends (every worker's sweeper ticks in the background too, so it may be none of these).
      expect(sent.filter((n) => n > 0)).toEqual(sent.some((n) => n > 0) ? [2] : []);
      const toA = await emailsTo(t, a.email, 'event-reminder');
      const toB = await emailsTo(t, b.email, 'event-reminder');
      expect(toA).toHaveLength(1);
      expect(toB).toHaveLength(1);
      expect(toA[0].data).toMatchObject({ eventTitle: sale.event.title, ticketCount: 2 });
      expect(toB[0].data).toMatchObject({ ticketCount: 1 });
      // Later runs (the job, the sweeper, a retry) find the reminders sent.
      expect(await reminders.send(sale.eventId, startsAt)).toBe(0);
      await t.sweep('event-reminders');
      expect(await emailsTo(t, a.email, 'event-reminder')).toHaveLength(1);
      const [marker] = await t.dataSource.query(
        `SELECT recipients FROM event_reminders WHERE event_id = $1`,
        [sale.eventId],
      );
      expect(marker.recipients).toBe(2);
      // The worker delivers it like any outbox row.
      const delivered = await eventually(async () => {
        const [row] = await t.dataSource.query(
          `SELECT status, subject, body_text FROM notifications WHERE id = $1 AND status = 'sent'`,
          [toB[0].id],
        );
        return row as { subject: string; body_text: string } | undefined;
      });
      expect(delivered.subject).toBe(`Tomorrow: ${sale.event.title}`);
      expect(delivered.body_text).toContain('You have 1 ticket(s)');
    } finally {
      await other.close();
    }
  });

  it('does not remind holders of void tickets, nor anyone before the 24-hour window', async () => {
    const { sale, a, b } = await eventWithHolders();
    await t.dataSource.query(`UPDATE tickets SET status = 'void' WHERE attendee_email = $1`, [b.email]);
    const early = await startInHours(t, sale.eventId, 30);
    expect(await reminders.send(sale.eventId, early)).toBe(0);
    expect(await emailsTo(t, a.email, 'event-reminder')).toHaveLength(0);
    const startsAt = await startInHours(t, sale.eventId, 20);
    await reminders.send(sale.eventId, startsAt);
    expect(await emailsTo(t, a.email, 'event-reminder')).toHaveLength(1);
    expect(await emailsTo(t, b.email, 'event-reminder')).toHaveLength(0);
  });

  it('publishing schedules a delayed job; moving the start replaces it, and the job sends when due', async () => {
    const { sale, a } = await eventWithHolders();
    const first = await startsAtOf(t, sale.eventId);
    const firstJob = reminderJobId(sale.eventId, first);
    await eventually(async () => (await jobState(queue, firstJob)) === 'delayed');
    const job = await queue.getJob(firstJob);
    expect(job!.data).toEqual({ eventId: sale.eventId, startsAt: first.toISOString() });
    expect(job!.opts.delay).toBeGreaterThan(first.getTime() - 25 * HOUR - Date.now());

    // Moved to start in 12 hours: the reminder is due at once, so its job runs now.
    const moved = new Date(Math.floor(Date.now() / 1000) * 1000 + 12 * HOUR);
    await t
      .http()
      .patch(api(`/events/${sale.eventId}`))
      .set(authHeader(sale.token))
      .send({ startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 4 * HOUR).toISOString() })
      .expect(200);
    await eventually(async () => (await jobState(queue, firstJob)) === 'missing');
    await eventually(async () => (await emailsTo(t, a.email, 'event-reminder')).length === 1);
    await eventually(async () => (await jobState(queue, reminderJobId(sale.eventId, moved))) === 'completed');
    // A job for the old start that still runs (it could not be removed in time) sends nothing.
    expect(await reminders.send(sale.eventId, first)).toBe(0);
    expect(await emailsTo(t, a.email, 'event-reminder')).toHaveLength(1);
  });

  it('cancelling the event drops its job, and nothing is sent for it', async () => {
    const { sale, a, b } = await eventWithHolders();
    const startsAt = await startsAtOf(t, sale.eventId);
    const jobId = reminderJobId(sale.eventId, startsAt);
    await eventually(async () => (await jobState(queue, jobId)) === 'delayed');
    await t
      .http()
      .post(api(`/events/${sale.eventId}/cancel`))
      .set(authHeader(sale.token))
      .send({})
      .expect(200);
    await eventually(async () => (await jobState(queue, jobId)) === 'missing');
    const due = await startInHours(t, sale.eventId, 6);
    expect(await reminders.send(sale.eventId, due)).toBe(0);
    await t.sweep('event-reminders');
    expect(await emailsTo(t, a.email, 'event-reminder')).toHaveLength(0);
    expect(await emailsTo(t, b.email, 'event-reminder')).toHaveLength(0);
  });

  it('the sweeper sends due reminders after Redis lost every job (FLUSHDB)', async () => {
    const { sale, a, b } = await eventWithHolders();
    // Let the jobs in flight finish first: emptying Redis under a running job only makes BullMQ log noise.
    const emails = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
    await eventually(async () => {
      const counts = await emails.getJobCounts('active', 'waiting');
      return counts.active + counts.waiting === 0;
    });
    await flushRedis(t);
    await startInHours(t, sale.eventId, 6);
    await t.sweep('event-reminders');
    expect(await emailsTo(t, a.email, 'event-reminder')).toHaveLength(1);
    expect(await emailsTo(t, b.email, 'event-reminder')).toHaveLength(1);
    // The notification sweeper re-queues their delivery too; here the after-commit enqueue already did.
    await eventually(async () => {
      const rows = await t.dataSource.query(
        `SELECT 1 FROM notifications WHERE recipient = $1 AND template = 'event-reminder' AND status = 'sent'`,
        [a.email],
      );
      return rows.length === 1;
    });
  });
});

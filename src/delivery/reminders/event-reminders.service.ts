import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { AppConfig } from '../../platform/config/app-config';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { OnJob, Sweep } from '../../platform/jobs/job.decorators';
import { EventStatus } from '../../catalog/events/event-status';
import { Event } from '../../catalog/events/event.entity';
import { OutboxService } from '../../platform/outbox/outbox.service';
import {
  REMINDER_LEAD_MS,
  reminderDedupeKey,
  reminderDueAt,
  reminderJobId,
  reminderWindowOpen,
} from './reminder-schedule';

/** How many due events one sweep handles; the next tick takes the rest. */
const SWEEP_BATCH = 100;

interface Holder {
  email: string;
  name: string;
  tickets: number;
}

/**
 * The "event reminder" email, 24 hours before the start, to every holder of a valid ticket. A delayed job per
 * event and start time sends it on time; a sweeper sends whatever is due and unsent, so an emptied Redis loses
 * nothing. Sending is claimed by inserting the `event_reminders` row in the same transaction as the outbox rows,
 * so two workers (or the job and the sweeper) send it once; each outbox row also carries a dedupe key.
 */
@Injectable()
export class EventRemindersService {
  private readonly logger = new Logger(EventRemindersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly notifications: OutboxService,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
  ) {}

  /** Once a publication commits: the reminder job for its start. */
  @OnDomainEvent('EventPublished', 'after-commit')
  async onEventPublished({ eventId, startsAt }: DomainEventMap['EventPublished']): Promise<void> {
    await this.schedule(eventId, startsAt);
  }

  /** Once a move commits: the old start's job goes, and a published event gets one for the new start. */
  @OnDomainEvent('EventRescheduled', 'after-commit')
  async onEventRescheduled({
    eventId,
    startsAt,
    previousStartsAt,
  }: DomainEventMap['EventRescheduled']): Promise<void> {
    await this.unschedule(eventId, previousStartsAt);
    const event = await this.dataSource.manager.findOne(Event, { where: { id: eventId } });
    if (event?.status === EventStatus.Published) await this.schedule(eventId, startsAt);
  }

  /** Once a cancellation commits. Should the removal fail, the job still finds the event cancelled. */
  @OnDomainEvent('EventCancelled', 'after-commit')
  async onEventCancelled({ eventId }: DomainEventMap['EventCancelled']): Promise<void> {
    const event = await this.dataSource.manager.findOne(Event, { where: { id: eventId }, withDeleted: true });
    if (event) await this.unschedule(eventId, event.startsAt);
  }

  /** Queues the delayed job for this start. Idempotent: the job id is per event and start. */
  async schedule(eventId: string, startsAt: Date): Promise<void> {
    const payload: JobPayloads[JobName.SendEventReminders] = { eventId, startsAt: startsAt.toISOString() };
    const delay = Math.max(0, reminderDueAt(startsAt).getTime() - this.clock.now().getTime());
    await this.queue.add(JobName.SendEventReminders, payload, {
      jobId: reminderJobId(eventId, startsAt),
      delay,
    });
  }

  async unschedule(eventId: string, startsAt: Date): Promise<void> {
    const job = await this.queue.getJob(reminderJobId(eventId, startsAt));
    // A job already running cannot be removed; it checks the event again and does nothing.
    await job?.remove().catch(() => undefined);
  }

  /** The delayed job of one event and start. */
  @OnJob(JobName.SendEventReminders)
  async sendJob({ eventId, startsAt }: JobPayloads[JobName.SendEventReminders]): Promise<number> {
    return this.send(eventId, new Date(startsAt));
  }

  /**
   * Sends the reminders for `startsAt` if the event is still published at that start, the window is open and
   * nobody sent them yet. Returns how many holders were emailed (0 when there was nothing to do).
   */
  async send(eventId: string, startsAt: Date): Promise<number> {
    const sent = await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: a cancel or a move of this event waits for us, or we see its result.
      const event = await manager.findOne(Event, {
        where: { id: eventId },
        lock: { mode: 'pessimistic_read' },
      });
      if (!event || event.status !== EventStatus.Published) return 0;
      if (event.startsAt.getTime() !== startsAt.getTime()) return 0;
      if (!reminderWindowOpen(event.startsAt, this.clock.now())) return 0;
      if (!(await this.claim(manager, event))) return 0;
      const holders = await this.holders(manager, event.id);
      for (const holder of holders) await this.enqueue(manager, event, holder);
      await manager.query(
        `UPDATE event_reminders SET recipients = $3, updated_at = now() WHERE event_id = $1 AND starts_at = $2`,
        [event.id, event.startsAt, holders.length],
      );
      return holders.length;
    });
    if (sent > 0) this.logger.log({ eventId, startsAt, recipients: sent }, 'event reminders queued');
    return sent;
  }

  /** The sweep: every published event inside its reminder window at `now` whose reminders are not sent. */
  @Sweep({ name: 'event-reminders' })
  async sendDue(now: Date): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT e.id, e.starts_at FROM events e
        WHERE e.status = 'published' AND e.deleted_at IS NULL
          AND e.starts_at > $1 AND e.starts_at <= $2
          AND NOT EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id AND r.starts_at = e.starts_at)
        ORDER BY e.starts_at LIMIT $3`,
      [now, new Date(now.getTime() + REMINDER_LEAD_MS), SWEEP_BATCH],
    )) as Array<{ id: string; starts_at: Date }>;
    let events = 0;
    for (const row of rows) {
      await this.send(row.id, row.starts_at);
      events++;
    }
    return events;
  }

  /** Inserts the sent-marker; false when another run already did (the insert waits for it to commit). */
  private async claim(manager: EntityManager, event: Event): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO event_reminders (event_id, starts_at) VALUES ($1, $2)
       ON CONFLICT (event_id, starts_at) DO NOTHING RETURNING event_id`,
      [event.id, event.startsAt],
    )) as Array<{ event_id: string }>;
    return rows.length === 1;
  }

  /** One entry per holder (attendee email, case-insensitive) of a valid ticket. */
  private async holders(manager: EntityManager, eventId: string): Promise<Holder[]> {
    return (await manager.query(
      `SELECT lower(attendee_email) AS email, min(attendee_name) AS name, count(*)::int AS tickets
         FROM tickets WHERE event_id = $1 AND status = 'valid'
        GROUP BY lower(attendee_email) ORDER BY 1`,
      [eventId],
    )) as Holder[];
  }

  private async enqueue(manager: EntityManager, event: Event, holder: Holder): Promise<void> {
    await this.notifications.enqueue(manager, {
      to: holder.email,
      template: 'event-reminder',
      data: {
        name: holder.name,
        eventTitle: event.title,
        startsAt: event.startsAt,
        timezone: event.timezone,
        venueName: event.venueName,
        venueAddress: event.venueAddress,
        venueCity: event.venueCity,
        ticketCount: holder.tickets,
        ticketsUrl: `${this.config.publicUrl}/tickets`,
        eventUrl: `${this.config.publicUrl}/events/${event.id}`,
      },
      dedupeKey: reminderDedupeKey(event.id, event.startsAt, holder.email),
    });
  }
}

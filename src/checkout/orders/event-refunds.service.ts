import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, JobPayloads, QueueName } from '../../platform/jobs/queues';
import { DomainEventMap } from '../../platform/events/domain-events';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { OnJob, Sweep } from '../../platform/jobs/job.decorators';
import { OrderExpiryService } from './order-expiry.service';
import { OrderStatus } from './order-status';
import { Order } from './order.entity';
import { RefundsService } from './refunds.service';

/** Orders a cancelled event still owes something: paid ones to refund, pending holds to release. */
const OPEN_STATUSES = [OrderStatus.Pending, OrderStatus.Paid, OrderStatus.PartiallyRefunded];
const SWEEP_BATCH = 500;

const jobId = (orderId: string) => `event-refund-${orderId}`;

/**
 * Cancelling an event refunds every paid order through one queued job per order (job id per order, so each is
 * queued once). Each job is idempotent: a refunded order is skipped. The sweeper re-queues whatever a cancelled
 * event still owes, so an emptied Redis or a job that ran out of attempts cannot leave a buyer unrefunded.
 */
@Injectable()
export class EventRefundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly refunds: RefundsService,
    private readonly expiry: OrderExpiryService,
    @InjectQueue(QueueName.Refunds) private readonly queue: Queue,
  ) {}

  /** Once the cancellation has committed: one refund job per open order (the sweep covers a lost enqueue). */
  @OnDomainEvent('EventCancelled', 'after-commit')
  async onEventCancelled({ eventId }: DomainEventMap['EventCancelled']): Promise<void> {
    await this.enqueueForEvent(eventId);
  }

  async enqueueForEvent(eventId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM orders WHERE event_id = $1 AND status = ANY($2::order_status[])`,
      [eventId, OPEN_STATUSES],
    )) as Array<{ id: string }>;
    await this.queue.addBulk(rows.map((r) => this.job(r.id)));
    return rows.length;
  }

  /** The job: release a pending hold, or refund everything left of a paid order. Safe to run twice. */
  @OnJob(JobName.RefundCancelledEventOrder)
  async process({ orderId }: JobPayloads[JobName.RefundCancelledEventOrder]): Promise<void> {
    const order = await this.dataSource.manager.findOne(Order, { where: { id: orderId } });
    if (!order) return;
    if (order.status === OrderStatus.Pending) await this.expiry.cancelHold(orderId, 'event_cancelled');
    else await this.refunds.refundForCancelledEvent(orderId);
  }

  /** The sweep: re-queues every order of a cancelled event that is still open. */
  @Sweep({ name: 'event-refunds' })
  async resume(): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT o.id FROM orders o JOIN events e ON e.id = o.event_id
        WHERE e.status = 'cancelled' AND o.status = ANY($1::order_status[])
        ORDER BY o.created_at LIMIT $2`,
      [OPEN_STATUSES, SWEEP_BATCH],
    )) as Array<{ id: string }>;
    let queued = 0;
    for (const { id } of rows) {
      const existing = await this.queue.getJob(jobId(id));
      const state = existing ? await existing.getState() : 'missing';
      if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized')
        continue;
      // A finished job with the same id would make `add` a no-op: remove it first.
      if (existing) await existing.remove();
      await this.queue.add(this.job(id).name, this.job(id).data, this.job(id).opts);
      queued++;
    }
    return queued;
  }

  private job(orderId: string) {
    const data: JobPayloads[JobName.RefundCancelledEventOrder] = { orderId };
    return { name: JobName.RefundCancelledEventOrder, data, opts: { jobId: jobId(orderId) } };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isRedisUnavailable } from '../../platform/errors/dependency-errors';
import { Sweep } from '../../platform/jobs/job.decorators';
import { Notification, NotificationStatus } from '../../platform/outbox/notification.entity';
import { OutboxService } from '../../platform/outbox/outbox.service';

/** A row younger than this is still on its normal path (the after-commit enqueue); leave it alone. */
const GRACE_SECONDS = 30;
const BATCH = 500;

/**
 * Re-queues outbox rows that Redis lost (a FLUSHDB, a failover, a crash between commit and enqueue) or whose
 * job finished without settling the row. Postgres is the truth: a queued row with no live job gets one.
 */
@Injectable()
export class NotificationSweeper {
  private readonly logger = new Logger(NotificationSweeper.name);

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly outbox: OutboxService,
  ) {}

  /** Rows are stamped by the database (`created_at`, `claimed_until`), so this compares database time. */
  @Sweep({ name: 'notifications' })
  async requeueStuck(): Promise<number> {
    const stuck = await this.notifications
      .createQueryBuilder('n')
      .select('n.id', 'id')
      .where('n.status = :queued', { queued: NotificationStatus.Queued })
      .andWhere(`n.created_at < now() - make_interval(secs => ${GRACE_SECONDS})`)
      .andWhere('(n.claimed_until IS NULL OR n.claimed_until < now())')
      .orderBy('n.created_at', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: string }>();
    let requeued = 0;
    for (const { id } of stuck) {
      try {
        if (await this.outbox.reschedule(id)) requeued += 1;
      } catch (err) {
        // Without Redis no other row can be queued either; the next pass starts over.
        if (isRedisUnavailable(err)) throw err;
        // One bad row must not stop the others; it comes up again on the next sweep.
        this.logger.error({ err, notificationId: id }, 'could not re-queue notification');
      }
    }
    return requeued;
  }
}

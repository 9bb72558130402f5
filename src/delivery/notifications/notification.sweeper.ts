import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Sweeper } from '../../platform/jobs/sweeper';
import { AppConfig } from '../../platform/config/app-config';
import { Notification, NotificationStatus } from '../../platform/outbox/notification.entity';
import { NotificationsService } from '../../platform/outbox/outbox.service';

/** A row younger than this is still on its normal path (the after-commit enqueue); leave it alone. */
const GRACE_SECONDS = 30;
const BATCH = 500;

/**
 * Re-queues outbox rows that Redis lost (a FLUSHDB, a failover, a crash between commit and enqueue) or whose
 * job finished without settling the row. Postgres is the truth: a queued row with no live job gets one.
 */
@Injectable()
export class NotificationSweeper extends Sweeper {
  readonly name = 'notifications';

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly outbox: NotificationsService,
  ) {
    super(dataSource, config);
  }

  protected async sweep(): Promise<number> {
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
        // One bad row must not stop the others; it comes up again on the next sweep.
        this.logger.error({ err, notificationId: id }, 'could not re-queue notification');
      }
    }
    return requeued;
  }
}

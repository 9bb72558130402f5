import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RedisClient } from '../../platform/redis/redis-connections';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { afterCommit } from '../../platform/database/after-commit';
import { DomainError } from '../../platform/errors/domain-error';
import { REDIS } from '../../platform/redis/redis.module';
import { UserNotificationQueryDto } from './dto/user-notification.dto';
import { UserNotification, UserNotificationType } from './user-notification.entity';

/** The Redis channel that tells every API instance a user has something new. */
export const userNotificationsChannel = (userId: string) => `user-notifications:${userId}`;

/** How many notifications one stream read sends at most; the next read sends the rest. */
export const NOTIFICATION_READ_BATCH = 100;

/**
 * The signed-in user's notifications: written in the transaction of the change (Postgres is the record),
 * announced after commit on Redis pub/sub (so a stream on any instance sends them at once), listed and marked
 * read by their user.
 */
@Injectable()
export class UserNotificationsService {
  private readonly logger = new Logger(UserNotificationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {}

  /**
   * Writes one notification per user, in the caller's transaction. Each user's counter row is bumped (and so
   * locked until commit), in user id order so that two transactions notifying the same users never deadlock.
   */
  async notify(
    manager: EntityManager,
    userIds: string[],
    type: UserNotificationType,
    data: Record<string, unknown>,
  ): Promise<void> {
    const users = [...new Set(userIds)].sort();
    if (users.length === 0) return;
    await manager.query(
      `WITH bumped AS (
         INSERT INTO user_notification_counters (user_id, last_seq)
         SELECT u, 1 FROM unnest($1::uuid[]) AS u ORDER BY u
         ON CONFLICT (user_id) DO UPDATE SET last_seq = user_notification_counters.last_seq + 1
         RETURNING user_id, last_seq)
       INSERT INTO user_notifications (user_id, seq, type, data, created_at)
       SELECT user_id, last_seq, $2, $3::jsonb, $4 FROM bumped`,
      [users, type, JSON.stringify(data), this.clock.now()],
    );
    afterCommit(manager, () => this.announce(users));
  }

  async list(userId: string, query: UserNotificationQueryDto): Promise<[UserNotification[], number]> {
    const qb = this.dataSource
      .getRepository(UserNotification)
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.seq', 'DESC');
    if (query.unread === true) qb.andWhere('n.read_at IS NULL');
    if (query.unread === false) qb.andWhere('n.read_at IS NOT NULL');
    return qb.take(query.limit).skip(query.offset).getManyAndCount();
  }

  /** Marks one of the user's notifications read (idempotent); 404 for anyone else's. */
  async markRead(userId: string, id: string): Promise<void> {
    const [, found] = (await this.dataSource.query(
      `UPDATE user_notifications SET read_at = coalesce(read_at, $3) WHERE user_id = $1 AND id = $2`,
      [userId, id, this.clock.now()],
    )) as [unknown, number];
    if (found === 0) throw DomainError.notFound('Notification', id);
  }

  /** Marks every unread notification up to `upTo` (all when absent) read; returns how many. */
  async markAllRead(userId: string, upTo?: number): Promise<number> {
    const [, marked] = (await this.dataSource.query(
      `UPDATE user_notifications SET read_at = $3
        WHERE user_id = $1 AND read_at IS NULL AND ($2::int IS NULL OR seq <= $2)`,
      [userId, upTo ?? null, this.clock.now()],
    )) as [unknown, number];
    return marked;
  }

  /** The user's notifications after `afterSeq`, oldest first (a stream's catch-up and live reads). */
  since(userId: string, afterSeq: number): Promise<UserNotification[]> {
    return this.dataSource.getRepository(UserNotification).find({
      where: { userId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: NOTIFICATION_READ_BATCH,
    });
  }

  /** The user's newest notification number (0 before the first). */
  async latestSeq(userId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT last_seq FROM user_notification_counters WHERE user_id = $1`,
      [userId],
    )) as Array<{ last_seq: number }>;
    return rows[0]?.last_seq ?? 0;
  }

  private async announce(userIds: string[]): Promise<void> {
    try {
      await Promise.all(userIds.map((id) => this.redis.publish(userNotificationsChannel(id), '')));
    } catch (err) {
      // Streams re-read on every heartbeat: a lost announcement only delays the notification.
      this.logger.warn({ err }, 'could not announce user notifications');
    }
  }
}

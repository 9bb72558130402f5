import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/users/user.entity';

/** What a live notification tells its user. */
export const USER_NOTIFICATION_TYPES = [
  'order.paid',
  'refund.issued',
  'waitlist.offered',
  'event.cancelled',
  'event.rescheduled',
  'ticket.received',
  'ticket.transferred',
] as const;

export type UserNotificationType = (typeof USER_NOTIFICATION_TYPES)[number];

/**
 * One notification for one signed-in user, written in the transaction of the change it reports. `seq` counts
 * per user in commit order (the user's counter row is locked until commit), so a stream resumed with
 * `Last-Event-ID: <seq>` misses nothing.
 */
@Entity('user_notifications')
@Index(['userId', 'seq'], { unique: true })
export class UserNotification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: UserNotificationType;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

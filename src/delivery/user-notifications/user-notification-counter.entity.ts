import { Column, Entity, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../accounts/users/user.entity';

/**
 * Each user's last notification number. Writing a notification bumps it, which locks the row until the
 * transaction ends: a user's notifications are numbered in the order they commit.
 */
@Entity('user_notification_counters')
export class UserNotificationCounter {
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'int', default: 0 })
  lastSeq: number;
}

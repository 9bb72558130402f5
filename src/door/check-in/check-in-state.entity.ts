import { Column, Entity, Index, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Ticket } from '../../checkout/tickets/ticket.entity';
import { CheckInList } from '../check-in-lists/check-in-list.entity';

/**
 * One ticket on one check-in list: derived from the list's scan log (earliest entry first), rewritten under the
 * ticket's row lock by every scan. `change_xid` is kept by a trigger, as on tickets, for the sync feed.
 */
@Entity('check_in_states')
@Index('idx_check_in_states_list_change', ['listId', 'changeXid'])
export class CheckInState {
  @PrimaryColumn('uuid')
  listId: string;

  @ManyToOne(() => CheckInList, { onDelete: 'RESTRICT' })
  list?: CheckInList;

  @PrimaryColumn('uuid')
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  ticket?: Ticket;

  /** In now: after an entry and before the next exit (without re-entry: once admitted, for good). */
  @Column({ type: 'boolean' })
  inside: boolean;

  @Column({ type: 'timestamptz' })
  firstEntryAt: Date;

  /** Who admitted it first: a staff member online, or an offline device. */
  @Column({ type: 'uuid', nullable: true })
  firstEntryUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  firstEntryDeviceId: string | null;

  @Column({ type: 'timestamptz' })
  lastScanAt: Date;

  /** Entries and exits counted (refused scans are only in the log). */
  @Column({ type: 'int' })
  scans: number;

  @Column({ type: 'bigint', insert: false, update: false, select: false })
  changeXid?: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

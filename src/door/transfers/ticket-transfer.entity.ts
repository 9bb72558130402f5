import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Ticket } from '../../checkout/tickets/ticket.entity';
import { TransferStatus } from './transfer-status';

/**
 * A holder giving a ticket to someone else. The recipient accepts with the token from their email (only its
 * SHA-256 is kept); acceptance voids the old ticket and issues a new one, in one transaction.
 */
@Entity('ticket_transfers')
@Index('uq_ticket_transfers_pending', ['ticketId'], { unique: true, where: `status = 'pending'` })
@Index(['senderId', 'createdAt'])
@Index(['recipientEmail', 'createdAt'])
export class TicketTransfer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  ticket?: Ticket;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid' })
  senderId: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 320 })
  recipientEmail: string;

  @Column({ type: 'varchar', length: 200 })
  recipientName: string;

  @Column({ type: 'char', length: 64, select: false })
  tokenHash: string;

  @Column({
    type: 'enum',
    enum: TransferStatus,
    enumName: 'transfer_status',
    default: TransferStatus.Pending,
  })
  status: TransferStatus;

  @Column({ type: 'uuid', nullable: true })
  recipientId: string | null;

  /** The ticket issued to the recipient. */
  @Column({ type: 'uuid', nullable: true })
  newTicketId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

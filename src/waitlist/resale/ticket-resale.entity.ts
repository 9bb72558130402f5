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
import { Order } from '../../checkout/orders/order.entity';
import { ResaleStatus } from './resale-status';

/**
 * A ticket offered for face-value resale. Listing returns its unit to the tier (`sold` - 1), so the unit goes
 * the way every freed unit goes: to the next waitlisted buyer first, else to the public at the tier's price.
 * The first paid order of the tier after that settles the oldest listing: it voids the seller's ticket and
 * refunds them. Every change of a listing happens with its seller's order row locked.
 */
@Entity('ticket_resales')
@Index('uq_ticket_resales_listed', ['ticketId'], { unique: true, where: `status = 'listed'` })
@Index('idx_ticket_resales_queue', ['tierId', 'listedAt'], { where: `status = 'listed'` })
export class TicketResale {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  ticket?: Ticket;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid' })
  tierId: string;

  @Column({ type: 'uuid' })
  sellerId: string;

  @Column({ type: 'uuid' })
  sellerOrderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  sellerOrder?: Order;

  @Column({ type: 'enum', enum: ResaleStatus, enumName: 'resale_status', default: ResaleStatus.Listed })
  status: ResaleStatus;

  /** What the seller paid for the ticket (minor units): the most they get back. */
  @Column({ type: 'int' })
  facePrice: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** The promoter's resale fee when it was listed, in basis points. */
  @Column({ type: 'int' })
  feeBps: number;

  @Column({ type: 'timestamptz' })
  listedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  buyerOrderId: string | null;

  /** What went back to the seller: min(their price, the buyer's price) less the fee. */
  @Column({ type: 'int', nullable: true })
  refundAmount: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../accounts/users/user.entity';
import { PromoterStatus } from './promoter-status';

/** An organisation that sells tickets. Only an approved promoter may publish events or sell. */
@Entity('promoters')
export class Promoter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 120 })
  slug: string;

  @Column({ type: 'varchar', length: 320 })
  contactEmail: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  websiteUrl: string | null;

  /** The registered name printed on invoices as the seller (the public `name` when absent). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  legalName: string | null;

  /** The registered address printed on invoices, lines separated by newlines. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  legalAddress: string | null;

  /** The VAT or other tax id printed on invoices. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  taxId: string | null;

  /** What invoice numbers start with (`[A-Z0-9]{2,10}`); derived from the slug when null (`invoicePrefixOf`). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  invoicePrefix: string | null;

  /** The applicant. Emails about the promoter's status go to this user. */
  @Index()
  @Column({ type: 'uuid' })
  ownerUserId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  ownerUser?: User;

  @Index()
  @Column({
    type: 'enum',
    enum: PromoterStatus,
    enumName: 'promoter_status',
    default: PromoterStatus.Pending,
  })
  status: PromoterStatus;

  /** Why the promoter was last rejected or suspended, for the owner and the admins. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  statusReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../accounts/users/user.entity';
import { MemberRole } from '../../access/member-role';
import { Promoter } from './promoter.entity';

/**
 * An invitation of an email address that has no account yet. When that address registers, the invite is
 * accepted in the registration transaction and the new user becomes a member with the invited role.
 */
@Entity('promoter_invites')
// One open invite per promoter and address; accepted ones stay as history.
@Index('uq_promoter_invites_pending', ['promoterId', 'email'], { unique: true, where: 'accepted_at IS NULL' })
export class PromoterInvite {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  promoterId: string;

  @ManyToOne(() => Promoter, { onDelete: 'CASCADE' })
  promoter?: Promoter;

  /** Stored lower-cased, so matching the registering address is exact. */
  @Index()
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'enum', enum: MemberRole, enumName: 'promoter_member_role' })
  role: MemberRole;

  @Column({ type: 'uuid', nullable: true })
  invitedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  invitedBy?: User;

  /** An invite not accepted by then is ignored. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

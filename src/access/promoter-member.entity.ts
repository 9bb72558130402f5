import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../accounts/users/user.entity';
import { MemberRole } from './member-role';

/** A user's membership of a promoter's team. */
@Entity('promoter_members')
@Unique('uq_promoter_members_promoter_user', ['promoterId', 'userId'])
export class PromoterMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  promoterId: string;

  /** By name: access/ comes before catalog/ in the module graph, so it does not import the Promoter entity. */
  @ManyToOne('Promoter', { onDelete: 'CASCADE' })
  promoter?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'enum', enum: MemberRole, enumName: 'promoter_member_role' })
  role: MemberRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

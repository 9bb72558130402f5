import {
  Column,
  CreateDateColumn,
  Entity,
  OneToOne,
  JoinColumn,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../users/user.entity';

/**
 * A user's TOTP authenticator. The secret is stored encrypted (AES-256-GCM) and never leaves the API after
 * enrolment. Until `enabledAt` is set the enrolment is pending: sign-in does not ask for a code yet.
 */
@Entity('user_mfa')
export class UserMfa {
  @PrimaryColumn('uuid')
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url; see secret-box.ts. */
  @Column({ type: 'varchar', length: 200 })
  secretCiphertext: string;

  /** When the first code confirmed the enrolment; null while pending. */
  @Column({ type: 'timestamptz', nullable: true })
  enabledAt: Date | null;

  /** The time step of the last accepted code: a code is accepted once, never replayed within its window. */
  @Column({ type: 'integer', nullable: true })
  lastTimeStep: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Role } from '../../platform/auth/roles';

export enum UserStatus {
  Active = 'active',
  Disabled = 'disabled',
}

@Entity('users')
// Email is unique whatever its case; the service also stores it lower-cased.
@Index('uq_users_email_lower', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', default: Role.Customer })
  role: Role;

  @Column({ type: 'enum', enum: UserStatus, enumName: 'user_status', default: UserStatus.Active })
  status: UserStatus;

  /** BCP 47 tag in a supported language (`fr`, `pt-BR`): the language of emails and how they write dates and money. */
  @Column({ type: 'varchar', length: 35, default: 'en' })
  locale: string;

  /** When the owner proved the email is theirs (the emailed link); null until then. */
  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /** GDPR erasure: personal data was replaced by placeholders at this moment; the row stays for the ledgers. */
  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Access tokens issued before this moment are refused (password change or reset revokes every session). */
  @Column({ type: 'timestamptz', nullable: true })
  sessionsRevokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}

import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { Role } from '../../../platform/auth/roles';
import { AppConfig } from '../../../platform/config/app-config';
import { DomainError } from '../../../platform/errors/domain-error';

/**
 * Where two-factor is required (MFA_REQUIRED_FOR_ADMINS, on in production), an admin acts as admin only with
 * an access token from a sign-in that passed a second factor. Without one they can still reach their own
 * account routes, so they can enrol.
 */
@Injectable()
export class SecondFactorPolicy {
  constructor(private readonly config: AppConfig) {}

  assertMayActAsAdmin(user: AuthUser): void {
    if (!this.config.auth.mfaRequiredForAdmins || user.role !== Role.Admin || user.secondFactor) return;
    throw new DomainError(
      'MFA_REQUIRED',
      'Admins must sign in with a second factor: enrol at POST /auth/mfa/enrol, confirm it, then sign in again',
    );
  }
}

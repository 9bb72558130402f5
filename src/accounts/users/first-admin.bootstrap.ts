import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';
import { UsersService } from './users.service';

/**
 * At API boot, creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD when no admin exists yet.
 * Idempotent and safe when several instances boot at once (see UsersService.createFirstAdmin).
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminBootstrap.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { email, password } = this.config.admin;
    if (!email || !password) return;
    try {
      const admin = await this.users.createFirstAdmin({ email, password, name: 'Administrator' });
      if (admin) this.logger.log(`Created the first admin ${admin.email}`);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'EMAIL_TAKEN') {
        this.logger.warn(`ADMIN_EMAIL ${email} belongs to a non-admin account; no admin was created`);
        return;
      }
      if (err instanceof DomainError && err.code === 'WEAK_PASSWORD') {
        throw new Error(`ADMIN_PASSWORD is refused by the password policy: ${err.message}`, { cause: err });
      }
      throw err;
    }
  }
}

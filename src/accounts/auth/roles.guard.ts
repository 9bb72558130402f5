import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC, ROLES } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { Role } from '../../platform/auth/roles';
import { SecondFactorPolicy } from './mfa/second-factor.policy';

/**
 * The global role guard: runs after JwtAuthGuard and refuses a caller whose role `@Auth(...)` does not list,
 * and an admin without a second factor on an admin route where two-factor is required.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly secondFactor: SecondFactorPolicy,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
    if (user && roles.includes(user.role)) {
      if (user.role === Role.Admin) this.secondFactor.assertMayActAsAdmin(user);
      return true;
    }
    throw new DomainError('FORBIDDEN', `Only for: ${roles.join(', ')}`);
  }
}

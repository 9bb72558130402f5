import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import type { Request } from 'express';
import { API_PREFIX } from '../http/api-prefix';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../errors/domain-error';
import { RATE_LIMIT_BUCKET, RateLimitBucket } from './rate-limit.decorators';

/** The throttler names configured in RateLimitModule: the general limit and the two tight buckets. */
export type ThrottlerName = 'default' | RateLimitBucket;

/** Probes and scrapers call these often from one address; limiting them would only cause false alarms. */
export const RATE_LIMIT_EXEMPT_PREFIXES = [`/${API_PREFIX}/health`, `/${API_PREFIX}/metrics`];

type LimitedRequest = Request & { user?: AuthUser };

/**
 * Applies the general limit to every route (per user when signed in, per IP otherwise), the `auth` limit per
 * IP to `@AuthRateLimit()` routes and the `checkout` limit per user to `@CheckoutRateLimit()` routes.
 * Registered after the JWT guard, so `req.user` is already known.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const path = context.switchToHttp().getRequest<Request>().path;
    return RATE_LIMIT_EXEMPT_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  }

  protected async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const name = (props.throttler.name ?? 'default') as ThrottlerName;
    const { context } = props;
    const bucket = this.reflector.getAllAndOverride<RateLimitBucket | undefined>(RATE_LIMIT_BUCKET, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (name !== 'default' && name !== bucket) return true;
    return super.handleRequest({
      ...props,
      getTracker: (req) => this.trackerFor(name, req as LimitedRequest),
      generateKey: (ctx, tracker) => this.keyFor(name, ctx, tracker),
    });
  }

  /** `auth` is per IP even for a signed-in caller; the others follow the user when there is one. */
  private async trackerFor(name: ThrottlerName, req: LimitedRequest): Promise<string> {
    if (name !== 'auth' && req.user?.id) return `user:${req.user.id}`;
    return `ip:${await this.getTracker(req)}`;
  }

  /**
   * The general and checkout budgets are shared across routes; each auth route (login, register, forgot)
   * has its own, so registering and then signing in from one address does not eat one budget twice.
   */
  private keyFor(name: ThrottlerName, context: ExecutionContext, tracker: string): string {
    if (name !== 'auth') return tracker;
    return `${context.getClass().name}.${context.getHandler().name}:${tracker}`;
  }

  protected async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    throw new DomainError(
      'RATE_LIMITED',
      `Too many requests; retry in ${retryAfter} seconds`,
      { limit: detail.limit, windowSeconds: Math.round(detail.ttl / 1000), retryAfterSeconds: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
}

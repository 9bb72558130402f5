import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { API_PREFIX } from '../http/api-prefix';
import { clientAddress } from './client-address';
import { RATE_LIMIT_BUCKET, RateLimitBucket } from './rate-limit.decorators';
import { BucketCheck, BucketResult, RateLimitStore } from './rate-limit.store';

const WINDOW_MS = 60_000;

/** Probes and scrapers call these often from one address; limiting them would only cause false alarms. */
export const RATE_LIMIT_EXEMPT_PREFIXES = [`/${API_PREFIX}/health`, `/${API_PREFIX}/metrics`];

type LimitedRequest = Request & { user?: AuthUser };

/** `"name";q=limit;w=window` entries of the IETF `RateLimit-Policy` header (draft-ietf-httpapi-ratelimit-headers). */
const policyOf = (c: BucketCheck) => `"${c.name}";q=${c.limit};w=${Math.round(c.windowMs / 1000)}`;

/**
 * The rate limits, on every route but health and metrics:
 * - `default`, `RATE_LIMIT_PER_MINUTE` per user when signed in, per address otherwise, shared by every route;
 * - `auth`, `RATE_LIMIT_AUTH_PER_MINUTE` per address on each `@AuthRateLimit()` route (login, register, forgot);
 * - `checkout`, `RATE_LIMIT_CHECKOUT_PER_MINUTE` per user on `@CheckoutRateLimit()` routes;
 * - `api-key`, `RATE_LIMIT_API_KEY_PER_MINUTE` per promoter API key, in place of `default` for a key.
 * Every bucket of a request is counted in one Redis round trip. The answer carries `RateLimit-Policy` (every
 * bucket that applied) and `RateLimit` (the one closest to its limit, or the one that refused); a refusal is
 * `429 RATE_LIMITED` with `Retry-After`. Registered after authentication, so the per-user limits know the user.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: RateLimitStore,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<LimitedRequest>();
    if (RATE_LIMIT_EXEMPT_PREFIXES.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`)))
      return true;
    const checks = this.checksFor(context, req);
    const results = await this.store.take(checks);
    const res = http.getResponse<Response>();
    res.setHeader('RateLimit-Policy', checks.map(policyOf).join(', '));
    const refused = results.find((r) => r.blocked);
    const shown = refused ?? results.reduce((a, b) => (remaining(b) < remaining(a) ? b : a));
    res.setHeader(
      'RateLimit',
      `"${shown.check.name}";r=${remaining(shown)};t=${Math.max(0, Math.ceil((refused ? refused.blockMs : shown.resetMs) / 1000))}`,
    );
    if (refused) throw this.refusal(refused);
    return true;
  }

  private checksFor(context: ExecutionContext, req: LimitedRequest): BucketCheck[] {
    const { perMinute, authPerMinute, checkoutPerMinute, apiKeyPerMinute } = this.config.rateLimit;
    const address = `ip:${clientAddress(req.ip)}`;
    const caller = req.user ? `user:${req.user.id}` : address;
    const checks: BucketCheck[] = [
      req.user?.apiKey
        ? {
            name: 'api-key',
            subject: `key:${req.user.apiKey.id}`,
            limit: apiKeyPerMinute,
            windowMs: WINDOW_MS,
          }
        : { name: 'default', subject: caller, limit: perMinute, windowMs: WINDOW_MS },
    ];
    const bucket = this.reflector.getAllAndOverride<RateLimitBucket | undefined>(RATE_LIMIT_BUCKET, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (bucket === 'auth') {
      // Per address even for a signed-in caller, and per route: registering then signing in from one address
      // does not spend one budget twice.
      const scope = `${context.getClass().name}.${context.getHandler().name}`;
      checks.push({ name: 'auth', subject: address, scope, limit: authPerMinute, windowMs: WINDOW_MS });
    } else if (bucket === 'checkout') {
      checks.push({ name: 'checkout', subject: caller, limit: checkoutPerMinute, windowMs: WINDOW_MS });
    }
    return checks;
  }

  private refusal(result: BucketResult): DomainError {
    const retryAfter = Math.max(1, Math.ceil(result.blockMs / 1000));
    return new DomainError(
      'RATE_LIMITED',
      `Too many requests; retry in ${retryAfter} seconds`,
      {
        policy: result.check.name,
        limit: result.check.limit,
        windowSeconds: Math.round(result.check.windowMs / 1000),
        retryAfterSeconds: retryAfter,
      },
      { 'Retry-After': String(retryAfter) },
    );
  }
}

function remaining(r: BucketResult): number {
  return Math.max(0, r.check.limit - r.hits);
}

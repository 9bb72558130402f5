import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** With METRICS_TOKEN set, a scrape must present it as a bearer token; without it, metrics are public. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.http.metricsToken;
    if (!expected) return true;
    const header = context.switchToHttp().getRequest<Request>().get('authorization') ?? '';
    const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (!timingSafeEqual(digest(presented), digest(expected))) {
      throw new DomainError('UNAUTHENTICATED', 'A valid metrics token is required');
    }
    return true;
  }
}

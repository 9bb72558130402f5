import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../errors/domain-error';
import { IdempotencyService, requestFingerprint } from './idempotency.service';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Applies `IdempotencyService` to a route (use the `@Idempotent()` decorator). Requests without the header pass
 * straight through. Only successful responses are stored; a refused or failed request releases the key, so the
 * client can retry it with the same key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined || !req.user) return next.handle();
    if (!KEY.test(key)) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 printable characters', {
        fields: [{ field: IDEMPOTENCY_HEADER, errors: ['must be 1–255 printable ASCII characters'] }],
      });
    }
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (req.method === 'POST' ? 201 : 200);
    const fingerprint = requestFingerprint(req.method, req.originalUrl.split('?')[0], req.body);
    const res = http.getResponse<Response>();
    return from(this.idempotency.claim(req.user.id, key, fingerprint)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          res.setHeader('Idempotent-Replayed', 'true');
          return of(claim.body);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            // Stored as JSON, so the replay is byte-for-byte what the first response serialised to.
            await this.idempotency.complete(claim.id, status, JSON.parse(JSON.stringify(body ?? null)));
            return body;
          }),
          catchError((err: unknown) =>
            from(this.idempotency.release(claim.id)).pipe(mergeMap(() => throwError(() => err))),
          ),
        );
      }),
    );
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { LessThanOrEqual, Repository } from 'typeorm';
import { Sweep } from '../jobs/job.decorators';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { IdempotencyKey, IdempotencyKeyStatus } from './idempotency-key.entity';

/** Keys are kept this long (Stripe's semantics). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** When releasing a failed request's key fails too, the background retries wait this long before each. */
const RELEASE_RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 4000];

/** An in-flight claim older than this belonged to a process that died; a retry may take it over. */
const STALE_IN_FLIGHT_SECONDS = 60;

export type IdempotencyClaim =
  { kind: 'proceed'; id: string } | { kind: 'replay'; status: number; body: unknown };

/** JSON with sorted object keys, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` with Stripe's semantics, stored in Postgres so every API instance agrees: the first request
 * claims the key; a repeat with the same fingerprint replays the stored response, with another fingerprint gets
 * 422, and while the first is still running gets 409. A failed request releases its key so it can be retried.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    private readonly clock: Clock,
  ) {}

  async claim(userId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await this.insert(userId, key, requestHash);
      if (id) return { kind: 'proceed', id };
      const existing = await this.keys.findOne({ where: { userId, key } });
      if (!existing) continue;
      if (existing.expiresAt <= this.clock.now()) {
        await this.keys.delete({ id: existing.id, expiresAt: LessThanOrEqual(this.clock.now()) });
        continue;
      }
      if (existing.requestHash !== requestHash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request');
      }
      if (existing.status === IdempotencyKeyStatus.Completed) {
        return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
      }
      if (await this.takeOverStale(existing.id)) return { kind: 'proceed', id: existing.id };
      throw new DomainError(
        'IDEMPOTENCY_KEY_IN_FLIGHT',
        'A request with this Idempotency-Key is still being processed',
        undefined,
        { 'Retry-After': '1' },
      );
    }
    throw new DomainError('IDEMPOTENCY_KEY_IN_FLIGHT', 'The Idempotency-Key is contended; retry shortly');
  }

  async complete(id: string, status: number, body: unknown): Promise<void> {
    // Through a parameter: a top-level array or scalar body must be stored as JSON, not spread into columns.
    await this.keys
      .createQueryBuilder()
      .update()
      .set({
        status: IdempotencyKeyStatus.Completed,
        responseStatus: status,
        responseBody: () => ':body::jsonb',
      })
      .setParameter('body', JSON.stringify(body ?? null))
      .where('id = :id', { id })
      .execute();
  }

  /**
   * Frees the key of a request that failed, so the client may retry it. Never throws: the failure was often a
   * lost database connection, which may take this delete down too, so a failed delete is retried in the
   * background for a few seconds (until then the retry gets 409 IN_FLIGHT, and the stale-claim takeover after
   * a minute is the last resort).
   */
  async release(id: string): Promise<void> {
    if (await this.tryRelease(id)) return;
    const retry = (attempt: number) => {
      setTimeout(() => {
        void this.tryRelease(id).then((done) => {
          if (!done && attempt + 1 < RELEASE_RETRY_DELAYS_MS.length) retry(attempt + 1);
        });
      }, RELEASE_RETRY_DELAYS_MS[attempt]).unref();
    };
    retry(0);
  }

  private async tryRelease(id: string): Promise<boolean> {
    try {
      await this.keys.delete({ id, status: IdempotencyKeyStatus.InFlight });
      return true;
    } catch (err) {
      this.logger.warn({ err, idempotencyKeyId: id }, 'could not release an idempotency key; retrying');
      return false;
    }
  }

  /** The sweep: deletes the keys expired at `now`. */
  @Sweep({ name: 'idempotency-keys', everySeconds: 600 })
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.keys.delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }

  private async insert(userId: string, key: string, requestHash: string): Promise<string | undefined> {
    const expiresAt = new Date(this.clock.now().getTime() + IDEMPOTENCY_TTL_MS);
    const result = await this.keys
      .createQueryBuilder()
      .insert()
      .values({ userId, key, requestHash, status: IdempotencyKeyStatus.InFlight, expiresAt })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as Array<{ id: string }>)[0]?.id;
  }

  private async takeOverStale(id: string): Promise<boolean> {
    const rows = (await this.keys.query(
      `UPDATE idempotency_keys SET updated_at = now()
        WHERE id = $1 AND status = 'in_flight' AND updated_at < now() - make_interval(secs => $2)
        RETURNING id`,
      [id, STALE_IN_FLIGHT_SECONDS],
    )) as [unknown[], number];
    return rows[1] > 0;
  }
}

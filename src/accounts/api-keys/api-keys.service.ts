import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import type { ApiKeyCaller, AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { inTransaction } from '../../platform/database/transaction';
import { DomainError } from '../../platform/errors/domain-error';
import { newApiKeyToken, parseApiKeyToken, secretMatches, visiblePrefix } from './api-key-token';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyDto } from './dto/api-key.dto';

/** More active keys than this per promoter is a leak waiting to happen, not an integration. */
export const MAX_ACTIVE_KEYS_PER_PROMOTER = 25;
/** `last_used_at` is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The key a token authenticated, and when it was last marked used. */
export interface AuthenticatedKey {
  caller: ApiKeyCaller;
  lastUsedAt: Date | null;
}

/**
 * Promoters' API keys: the store and the credential check. Who may manage a promoter's keys is decided by the
 * caller (the catalog's `PromoterApiKeysService` asks access/ first); this service keeps the keys, audits every
 * creation and revocation, and turns a presented token into the key it belongs to.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new key of `promoterId`; the answer holds its token, which is never kept nor shown again. */
  async create(
    actor: AuthUser,
    promoterId: string,
    dto: CreateApiKeyDto,
    meta: RequestMeta,
  ): Promise<{ key: ApiKey; token: string }> {
    const { token, prefix, secretHash } = newApiKeyToken();
    return inTransaction(this.dataSource, undefined, async (m) => {
      // One promoter's creations take turns, so the limit holds under concurrent requests.
      await m.query(`SELECT 1 FROM promoters WHERE id = $1 FOR UPDATE`, [promoterId]);
      const active = await m.count(ApiKey, { where: { promoterId, revokedAt: IsNull() } });
      if (active >= MAX_ACTIVE_KEYS_PER_PROMOTER) {
        throw new DomainError(
          'API_KEY_LIMIT',
          `A promoter may have ${MAX_ACTIVE_KEYS_PER_PROMOTER} active API keys; revoke one first`,
          { limit: MAX_ACTIVE_KEYS_PER_PROMOTER },
        );
      }
      const key = await m.save(
        m.create(ApiKey, {
          promoterId,
          name: dto.name,
          prefix,
          secretHash,
          scopes: dto.scopes,
          createdBy: actor.id,
          lastUsedAt: null,
          revokedAt: null,
          revokedBy: null,
        }),
      );
      await this.record(m, actor, 'api_key.created', key, meta);
      return { key, token };
    });
  }

  /** A promoter's keys, revoked ones included, oldest first. */
  list(promoterId: string, page: { limit: number; offset: number }): Promise<[ApiKey[], number]> {
    return this.dataSource.manager.findAndCount(ApiKey, {
      where: { promoterId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  /** Revokes a key of `promoterId` at once (the next request with it is refused); revoking twice is a no-op. */
  async revoke(actor: AuthUser, promoterId: string, keyId: string, meta: RequestMeta): Promise<ApiKey> {
    return inTransaction(this.dataSource, undefined, async (m) => {
      const key = await m.findOne(ApiKey, {
        where: { id: keyId, promoterId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!key) throw DomainError.notFound('ApiKey', keyId);
      if (!key.revokedAt) {
        key.revokedAt = this.clock.now();
        key.revokedBy = actor.id;
        await m.update(ApiKey, { id: key.id }, { revokedAt: key.revokedAt, revokedBy: actor.id });
        await this.record(m, actor, 'api_key.revoked', key, meta);
      }
      return key;
    });
  }

  /**
   * The live key a token belongs to: 401 `API_KEY_INVALID` for a malformed or unknown token (or one of a
   * deleted promoter), `API_KEY_REVOKED` for a revoked key. One indexed read; the secret is compared in
   * constant time.
   */
  async authenticate(token: string): Promise<AuthenticatedKey> {
    const parsed = parseApiKeyToken(token);
    if (!parsed) throw invalidKey();
    const rows = (await this.dataSource.query(
      `SELECT k.id, k.promoter_id, k.scopes, k.secret_hash, k.revoked_at, k.last_used_at
         FROM api_keys k JOIN promoters p ON p.id = k.promoter_id AND p.deleted_at IS NULL
        WHERE k.prefix = $1`,
      [parsed.prefix],
    )) as Array<{
      id: string;
      promoter_id: string;
      scopes: ApiKeyScope[];
      secret_hash: string;
      revoked_at: Date | null;
      last_used_at: Date | null;
    }>;
    const row = rows[0];
    if (!row || !secretMatches(parsed.secret, row.secret_hash)) throw invalidKey();
    if (row.revoked_at) throw new DomainError('API_KEY_REVOKED', 'This API key was revoked');
    return {
      caller: { id: row.id, promoterId: row.promoter_id, scopes: row.scopes },
      lastUsedAt: row.last_used_at,
    };
  }

  /**
   * Notes that a key was used, at most once a minute: a request that finds the mark fresh writes nothing, and
   * of concurrent requests on several instances only one's conditional update changes the row.
   */
  async markUsed(key: AuthenticatedKey): Promise<void> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    if (key.lastUsedAt && key.lastUsedAt > staleBefore) return;
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`,
      [key.caller.id, now, staleBefore],
    );
  }

  private async record(
    manager: EntityManager,
    actor: AuthUser,
    action: string,
    key: ApiKey,
    meta: RequestMeta,
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId: actor.id,
      action,
      entityType: 'api_key',
      entityId: key.id,
      meta,
      after: {
        promoterId: key.promoterId,
        name: key.name,
        prefix: visiblePrefix(key.prefix),
        scopes: key.scopes,
        revokedAt: key.revokedAt,
      },
    });
  }
}

function invalidKey(): DomainError {
  return new DomainError('API_KEY_INVALID', 'Send a live API key: Authorization: Bearer tvk_… or X-API-Key');
}

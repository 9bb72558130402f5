import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { AuthSession } from './auth-session.entity';
import { RefreshToken } from './refresh-token.entity';
import { hashToken, newOpaqueToken } from './token-crypto';

const DAY_MS = 24 * 3600 * 1000;

export interface ConsumedRefreshToken {
  userId: string;
  familyId: string;
}

/** Refresh tokens: random, stored only as SHA-256 hashes, rotated on every use, grouped in families. */
@Injectable()
export class RefreshTokenService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Stores a new token of the session `familyId` and returns the raw token, shown once. */
  async issue(
    manager: EntityManager,
    userId: string,
    familyId: string,
    id: string = randomUUID(),
  ): Promise<string> {
    const token = newOpaqueToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.auth.refreshTtlDays * DAY_MS);
    await manager.insert(RefreshToken, { id, userId, familyId, tokenHash: hashToken(token), expiresAt });
    return token;
  }

  /**
   * Marks a live token as used and replaced by `replacementId`. It is one conditional UPDATE: of two
   * concurrent calls with the same token, the second waits for the first's row lock and then matches nothing.
   */
  async consume(
    manager: EntityManager,
    token: string,
    replacementId: string,
  ): Promise<ConsumedRefreshToken | null> {
    const now = this.clock.now();
    const result = await manager
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: now, replacedById: replacementId })
      .where('token_hash = :hash AND revoked_at IS NULL AND expires_at > :now', {
        hash: hashToken(token),
        now,
      })
      .returning('user_id, family_id')
      .execute();
    const row = (result.raw as Array<{ user_id: string; family_id: string }>)[0];
    return row ? { userId: row.user_id, familyId: row.family_id } : null;
  }

  find(manager: EntityManager, token: string): Promise<RefreshToken | null> {
    return manager.findOne(RefreshToken, { where: { tokenHash: hashToken(token) } });
  }

  /** Revokes the session's refresh tokens and marks the session ended. */
  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    const revokedAt = this.clock.now();
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt });
    await manager.update(AuthSession, { id: familyId, revokedAt: IsNull() }, { revokedAt });
  }

  async revokeAllForUser(manager: EntityManager, userId: string): Promise<void> {
    const revokedAt = this.clock.now();
    await manager.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt });
    await manager.update(AuthSession, { userId, revokedAt: IsNull() }, { revokedAt });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertInTransaction, InventoryService } from './inventory.service';

/** A code's uses as locked: what the checkout decides with. */
export interface CodeStock {
  id: string;
  maxUses: number | null;
  maxPerBuyer: number | null;
  used: number;
  held: number;
  active: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
}

/** Uses of one code moving between free, `held` (pending orders) and `used` (paid orders). */
export interface CodeMove {
  codeId: string;
  held: number;
  used: number;
}

/** Uses a code has left (null: unlimited). */
export function usesLeft(code: Pick<CodeStock, 'maxUses' | 'used' | 'held'>): number | null {
  return code.maxUses === null ? null : Math.max(0, code.maxUses - code.used - code.held);
}

interface CodeRow {
  id: string;
  max_uses: number | null;
  max_per_buyer: number | null;
  used: number;
  held: number;
  active: boolean;
  valid_from: Date | null;
  valid_until: Date | null;
}

/**
 * A code's uses are inventory too (`promo_codes.held` and `used`, under the `chk_promo_codes_uses` CHECK), so
 * they follow the tiers' discipline: changed only here, only inside a transaction, with the row locked under the
 * one lock timeout. The lock order is fixed: **tiers first, then codes**, ascending by id. Every path that moves
 * a code's uses (the hold, payment, expiry and cancel, refunds) has already locked its tiers when it calls
 * `lock`, so two such transactions never wait on each other in opposite orders.
 */
@Injectable()
export class CodeStockService {
  constructor(private readonly inventory: InventoryService) {}

  async lock(manager: EntityManager, codeIds: string[]): Promise<Map<string, CodeStock>> {
    assertInTransaction(manager);
    const ids = [...new Set(codeIds)];
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT c.id, c.max_uses, c.max_per_buyer, c.used, c.held, c.active, c.valid_from, c.valid_until
         FROM promo_codes c, (SELECT set_config('lock_timeout', $2, true)) cfg
        WHERE c.id = ANY($1::uuid[])
        ORDER BY c.id
          FOR UPDATE OF c`,
      [ids, this.inventory.lockTimeout()],
    )) as CodeRow[];
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          maxUses: r.max_uses,
          maxPerBuyer: r.max_per_buyer,
          used: r.used,
          held: r.held,
          active: r.active,
          validFrom: r.valid_from,
          validUntil: r.valid_until,
        },
      ]),
    );
  }

  /** Applies the moves in one statement; the codes must be locked (`lock`) in this transaction. */
  async move(manager: EntityManager, moves: CodeMove[]): Promise<void> {
    const merged = new Map<string, CodeMove>();
    for (const m of moves) {
      const prev = merged.get(m.codeId) ?? { codeId: m.codeId, held: 0, used: 0 };
      merged.set(m.codeId, { codeId: m.codeId, held: prev.held + m.held, used: prev.used + m.used });
    }
    const rows = [...merged.values()].filter((m) => m.held !== 0 || m.used !== 0);
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE promo_codes c
          SET held = c.held + v.held, used = c.used + v.used, updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS v(id, held, used)
        WHERE c.id = v.id`,
      [rows.map((r) => r.codeId), rows.map((r) => r.held), rows.map((r) => r.used)],
    );
  }

  /** Locks the code (tiers already locked) and applies one move: the common case of a single order. */
  async lockAndMove(manager: EntityManager, codeId: string | null, move: Omit<CodeMove, 'codeId'>) {
    if (!codeId) return;
    await this.lock(manager, [codeId]);
    await this.move(manager, [{ codeId, ...move }]);
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../platform/config/app-config';
import { DomainError } from '../platform/errors/domain-error';
import { DomainEvents } from '../platform/events/domain-events.service';

/** A tier's stock as locked: what every inventory decision reads. */
export interface TierStock {
  id: string;
  eventId: string;
  capacity: number;
  sold: number;
  held: number;
  maxPerOrder: number;
  deleted: boolean;
}

/** Units of one tier moving between available, `held` and `sold`. */
export interface UnitMove {
  tierId: string;
  /** Change to `held` (positive takes units, negative returns them). */
  held: number;
  /** Change to `sold`. */
  sold: number;
}

/** Units of one tier in a hold. */
export interface HoldLine {
  tierId: string;
  quantity: number;
}

export function availableUnits(tier: Pick<TierStock, 'capacity' | 'sold' | 'held'>): number {
  return Math.max(0, tier.capacity - tier.sold - tier.held);
}

interface StockRow {
  id: string;
  event_id: string;
  capacity: number;
  sold: number;
  held: number;
  max_per_order: number;
  deleted: boolean;
}

const toStock = (r: StockRow): TierStock => ({
  id: r.id,
  eventId: r.event_id,
  capacity: r.capacity,
  sold: r.sold,
  held: r.held,
  maxPerOrder: r.max_per_order,
  deleted: r.deleted,
});

/**
 * The only code that changes `held`, `sold` and `capacity` of ticket tiers, and the one place that locks them.
 *
 * Locks follow pretix's discipline: only inside a transaction, tiers in ascending id order (two transactions
 * that both touch tiers A and B always queue on A first and never deadlock), and always under the one lock
 * timeout, so a lock wait gives up with 55P03 (503 INVENTORY_BUSY) instead of queueing without end. The
 * `ticket_tiers` CHECK constraint refuses any move that would oversell, whatever a caller computed.
 *
 * Changes are announced as domain events: `UnitsFreed` inside the transaction (the waitlist takes freed units
 * before the public can), `TierSoldOut` inside it too (the webhook outbox is written with the change), and
 * `TiersChanged` after commit (live availability, caches).
 */
/** How many tier → event pairs inventory remembers (they never change), to name the events of a change. */
const EVENT_OF_TIER_LIMIT = 10_000;

@Injectable()
export class InventoryService {
  private readonly eventOfTier = new Map<string, string>();

  constructor(
    private readonly config: AppConfig,
    private readonly events: DomainEvents,
  ) {}

  /** The one lock timeout, in milliseconds, as the string `set_config('lock_timeout', …)` takes. */
  lockTimeout(): string {
    return String(Math.max(1, Math.trunc(this.config.inventory.lockTimeoutMs)));
  }

  /**
   * Bounds every lock wait of the caller's transaction (`SET LOCAL`). For transactions that lock other rows
   * (orders, tickets, entries, events) before they reach the tiers; `lockTiers` sets it on its own.
   */
  async setLockTimeout(manager: EntityManager): Promise<void> {
    assertInTransaction(manager);
    await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [this.lockTimeout()]);
  }

  /**
   * Takes the pessimistic-write lock on the tier rows, ascending by id (Postgres locks FOR UPDATE rows in the
   * ORDER BY order), with the lock timeout set in the same statement. Deleted tiers are locked too (and marked),
   * so a caller can refuse them. Call it as late as possible and commit soon after.
   */
  async lockTiers(manager: EntityManager, tierIds: string[]): Promise<Map<string, TierStock>> {
    assertInTransaction(manager);
    const ids = [...new Set(tierIds)];
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT t.id, t.event_id, t.capacity, t.sold, t.held, t.max_per_order, t.deleted_at IS NOT NULL AS deleted
         FROM ticket_tiers t, (SELECT set_config('lock_timeout', $2, true)) cfg
        WHERE t.id = ANY($1::uuid[])
        ORDER BY t.id
          FOR UPDATE OF t`,
      [ids, this.lockTimeout()],
    )) as StockRow[];
    this.remember(rows);
    return new Map(rows.map((r) => [r.id, toStock(r)]));
  }

  /**
   * Locks every live tier of an event and sums their units: while the caller's transaction runs, no hold can
   * change them (deleting an event with no sales, freezing its currency).
   */
  async lockEventTiers(manager: EntityManager, eventId: string): Promise<{ sold: number; held: number }> {
    assertInTransaction(manager);
    const rows = (await manager.query(
      `SELECT t.sold, t.held
         FROM ticket_tiers t, (SELECT set_config('lock_timeout', $2, true)) cfg
        WHERE t.event_id = $1 AND t.deleted_at IS NULL
        ORDER BY t.id
          FOR UPDATE OF t`,
      [eventId, this.lockTimeout()],
    )) as Array<{ sold: number; held: number }>;
    return rows.reduce((sum, r) => ({ sold: sum.sold + r.sold, held: sum.held + r.held }), {
      sold: 0,
      held: 0,
    });
  }

  /**
   * Applies the moves in one statement. The tiers must be locked (`lockTiers`) in this transaction. Units that
   * went back to available are offered to the waitlist first (`UnitsFreed`, in this transaction).
   */
  async move(manager: EntityManager, moves: UnitMove[]): Promise<void> {
    const merged = new Map<string, UnitMove>();
    for (const m of moves) {
      const prev = merged.get(m.tierId) ?? { tierId: m.tierId, held: 0, sold: 0 };
      merged.set(m.tierId, { tierId: m.tierId, held: prev.held + m.held, sold: prev.sold + m.sold });
    }
    const rows = [...merged.values()].filter((m) => m.held !== 0 || m.sold !== 0);
    if (rows.length === 0) return;
    const [after] = (await manager.query(
      `UPDATE ticket_tiers t
          SET held = t.held + v.held, sold = t.sold + v.sold, updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS v(id, held, sold)
        WHERE t.id = v.id
        RETURNING t.id, t.capacity - t.sold - t.held AS available`,
      [rows.map((r) => r.tierId), rows.map((r) => r.held), rows.map((r) => r.sold)],
    )) as [Array<{ id: string; available: number }>, number];
    const taking = new Set(rows.filter((r) => r.held + r.sold > 0).map((r) => r.tierId));
    await this.announce(
      manager,
      rows.filter((r) => r.held + r.sold !== 0).map((r) => r.tierId),
      rows.filter((r) => r.held + r.sold < 0).map((r) => r.tierId),
      after.filter((r) => r.available === 0 && taking.has(r.id)).map((r) => r.id),
    );
  }

  /** A hold ends (expiry, cancel, a cancelled event): its tiers are locked and its units leave `held`. */
  async release(manager: EntityManager, items: HoldLine[]): Promise<void> {
    await this.lockTiers(
      manager,
      items.map((i) => i.tierId),
    );
    await this.move(
      manager,
      items.map((i) => ({ tierId: i.tierId, held: -i.quantity, sold: 0 })),
    );
  }

  /**
   * Sets a tier's capacity, never below what is sold or held (409 CAPACITY_BELOW_COMMITTED), with the tier
   * locked. A raised capacity frees units, which the tier's waitlist is offered first.
   */
  async setCapacity(manager: EntityManager, tierId: string, capacity: number): Promise<void> {
    const stock = (await this.lockTiers(manager, [tierId])).get(tierId);
    if (!stock) throw DomainError.notFound('Tier', tierId);
    if (capacity === stock.capacity) return;
    const committed = stock.sold + stock.held;
    if (capacity < committed) {
      throw new DomainError(
        'CAPACITY_BELOW_COMMITTED',
        `Capacity cannot drop below the ${committed} sold or held`,
        {
          tierId,
          capacity,
          sold: stock.sold,
          held: stock.held,
          minimum: committed,
        },
      );
    }
    await manager.query(`UPDATE ticket_tiers SET capacity = $2, updated_at = now() WHERE id = $1`, [
      tierId,
      capacity,
    ]);
    const freed = capacity > stock.capacity ? [tierId] : [];
    const soldOut = capacity === committed && stock.capacity > committed ? [tierId] : [];
    await this.announce(manager, [tierId], freed, soldOut);
  }

  /**
   * `soldOut`: tiers this change took to zero units for the public. A waitlist offer that takes freed units at
   * once is such a change too, so a tier may be announced sold out more than once.
   */
  private async announce(
    manager: EntityManager,
    changed: string[],
    freed: string[],
    soldOut: string[] = [],
  ): Promise<void> {
    if (freed.length > 0) await this.events.emit(manager, 'UnitsFreed', { tierIds: freed });
    if (soldOut.length > 0) await this.events.emit(manager, 'TierSoldOut', { tierIds: soldOut });
    if (changed.length === 0) return;
    const unknown = changed.filter((id) => !this.eventOfTier.has(id));
    if (unknown.length > 0) {
      this.remember(
        (await manager.query(`SELECT id, event_id FROM ticket_tiers WHERE id = ANY($1::uuid[])`, [
          unknown,
        ])) as Array<{ id: string; event_id: string }>,
      );
    }
    const tiers = changed.flatMap((id) => {
      const eventId = this.eventOfTier.get(id);
      return eventId ? [{ id, eventId }] : [];
    });
    await this.events.emit(manager, 'TiersChanged', { tiers });
  }

  private remember(rows: Array<{ id: string; event_id: string }>): void {
    if (this.eventOfTier.size + rows.length > EVENT_OF_TIER_LIMIT) this.eventOfTier.clear();
    for (const r of rows) this.eventOfTier.set(r.id, r.event_id);
  }
}

/** Locks outside a transaction would be released at once: refuse, like pretix's lock_objects. */
export function assertInTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('Inventory locks need a transaction: call this with the EntityManager of one');
  }
}

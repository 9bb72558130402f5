import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface PgbenchResult {
  /** Clients pgbench really used (capped below max_connections). */
  clients: number;
  tps: number;
  latencyMs: number;
}

/**
 * The database's own ceiling for a hold: one transaction that writes an order and its item, locks the one hot
 * tier row and increments `held`, the same statements the app runs, with no HTTP, auth or ORM around them.
 */
function script(tierId: string, eventId: string, buyerId: string): string {
  return `BEGIN;
SET LOCAL lock_timeout = 2000;
WITH o AS (
  INSERT INTO orders (id, buyer_id, event_id, status, subtotal, fees, total, currency, expires_at)
  VALUES (gen_random_uuid(), '${buyerId}', '${eventId}', 'pending', 4500, 0, 4500, 'EUR', now() + interval '10 minutes')
  RETURNING id
)
INSERT INTO order_items (id, order_id, tier_id, tier_name, quantity, unit_price)
SELECT gen_random_uuid(), o.id, '${tierId}', 'pgbench', 1, 4500 FROM o;
SELECT held FROM ticket_tiers WHERE id = '${tierId}' FOR UPDATE;
UPDATE ticket_tiers SET held = held + 1, updated_at = now() WHERE id = '${tierId}';
END;
`;
}

/** Clients pgbench may open without starving the server (others share it). */
export async function pgbenchClients(db: Client, wanted: number): Promise<number> {
  const [{ max }] = (await db.query(`SELECT current_setting('max_connections')::int AS max`)).rows;
  const [{ used }] = (await db.query(`SELECT count(*)::int AS used FROM pg_stat_activity`)).rows;
  return Math.max(1, Math.min(wanted, max - used - 10));
}

export function havePgbench(): boolean {
  return spawnSync('pgbench', ['--version']).status === 0;
}

export function runPgbench(
  url: string,
  ids: { tierId: string; eventId: string; buyerId: string },
  clients: number,
  seconds: number,
): PgbenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'tv-pgbench-'));
  const file = join(dir, 'hold.sql');
  writeFileSync(file, script(ids.tierId, ids.eventId, ids.buyerId));
  const run = spawnSync(
    'pgbench',
    ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', file, url],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`pgbench failed: ${run.stderr}`);
  const tps = Math.round(Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1] ?? NaN) * 10) / 10;
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(run.stdout)?.[1] ?? NaN);
  return { clients, tps, latencyMs };
}

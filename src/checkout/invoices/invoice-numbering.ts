import { EntityManager } from 'typeorm';
import { InvoiceKind } from './invoice-kind';

/**
 * `ACME-2026-000123` for an invoice, `ACME-CN-2026-000004` for a credit note: the promoter's prefix, the series
 * and year, and the sequence padded to six digits (it grows past 999999 rather than wrapping).
 */
export function formatInvoiceNumber(
  prefix: string,
  kind: InvoiceKind,
  year: number,
  sequence: number,
): string {
  const series = kind === InvoiceKind.CreditNote ? `${prefix}-CN` : prefix;
  return `${series}-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * How long an issue waits for its series' counter: longer than the tier lock timeout, because one promoter's
 * payments take turns on it for the rest of their transaction, and a refused payment would only be retried.
 */
export const COUNTER_LOCK_TIMEOUT_MS = 10_000;

/**
 * The next number of a promoter's series, taken inside the caller's transaction. The upsert locks the counter
 * row (as `SELECT … FOR UPDATE` would) until that transaction ends: a concurrent issue in the same series waits,
 * then reads the committed value, so numbers never repeat; a rollback undoes the increment, so none is skipped.
 * The first document of a series creates its row (a concurrent first insert waits on the primary key, then
 * takes the update branch). Callers take it before their tier locks, so a wait here never holds a tier; the
 * wait is bounded by `COUNTER_LOCK_TIMEOUT_MS` (set in the same statement; `lockTiers` sets its own after).
 */
export async function nextSequence(
  manager: EntityManager,
  promoterId: string,
  kind: InvoiceKind,
  year: number,
): Promise<number> {
  const [row] = (await manager.query(
    `INSERT INTO invoice_counters (promoter_id, kind, year, last_sequence)
     SELECT $1, $2, $3, 1 FROM (SELECT set_config('lock_timeout', $4, true)) cfg
     ON CONFLICT (promoter_id, kind, year)
     DO UPDATE SET last_sequence = invoice_counters.last_sequence + 1, updated_at = now()
     RETURNING last_sequence`,
    [promoterId, kind, year, String(COUNTER_LOCK_TIMEOUT_MS)],
  )) as Array<{ last_sequence: number }>;
  return row.last_sequence;
}

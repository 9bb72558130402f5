import { EntityManager } from 'typeorm';
import { TicketStatus, TicketVoidReason } from '../../checkout/tickets/ticket.entity';
import { ScanOutcome } from '../scans/scan-outcome';

/** The check-in SQL, beside its entities. Times come from the injected clock or the scanner, never `now()`. */

export interface LockedTicket {
  id: string;
  order_id: string;
  event_id: string;
  tier_id: string;
  tier_name: string;
  attendee_name: string;
  status: TicketStatus;
  void_reason: TicketVoidReason | null;
  voided_at: Date | null;
  checked_in_at: Date | null;
  listed_for_resale_at: Date | null;
}

/**
 * The ticket row, locked. Every scan of a ticket takes this lock first, so scans of one ticket (online, any
 * device, any list) take turns, and a refund, transfer or resale listing (which lock it too) is seen in full.
 */
export async function lockTicket(manager: EntityManager, ticketId: string): Promise<LockedTicket | null> {
  const rows = (await manager.query(
    `SELECT t.id, t.order_id, t.event_id, t.tier_id, tt.name AS tier_name, t.attendee_name, t.status,
            t.void_reason, t.voided_at, t.checked_in_at, t.listed_for_resale_at
       FROM tickets t JOIN ticket_tiers tt ON tt.id = t.tier_id
      WHERE t.id = $1
        FOR UPDATE OF t`,
    [ticketId],
  )) as LockedTicket[];
  return rows[0] ?? null;
}

export interface ScanRow {
  id: string;
  ticket_id: string | null;
  device_id: string | null;
  user_id: string | null;
  scanned_at: Date;
  outcome: ScanOutcome;
  position: number | null;
}

const SCAN_COLUMNS = 'id, ticket_id, device_id, user_id, scanned_at, outcome, position';

/** A device's earlier upload of the same scan. */
export async function scanByNonce(
  manager: EntityManager,
  deviceId: string,
  nonce: string,
): Promise<ScanRow | null> {
  const rows = (await manager.query(
    `SELECT ${SCAN_COLUMNS} FROM check_in_scans WHERE device_id = $1 AND nonce = $2`,
    [deviceId, nonce],
  )) as ScanRow[];
  return rows[0] ?? null;
}

/** The counted scans (entries, exits, duplicates) of one ticket on one list. */
export async function countedScans(
  manager: EntityManager,
  listId: string,
  ticketId: string,
): Promise<ScanRow[]> {
  return (await manager.query(
    `SELECT ${SCAN_COLUMNS} FROM check_in_scans
      WHERE list_id = $1 AND ticket_id = $2 AND position IS NOT NULL`,
    [listId, ticketId],
  )) as ScanRow[];
}

export interface NewScan {
  listId: string;
  eventId: string;
  ticketId: string | null;
  deviceId: string | null;
  userId: string | null;
  nonce: string | null;
  gate: string | null;
  scannedAt: Date;
  receivedAt: Date;
  outcome: ScanOutcome;
  position: number | null;
}

/** Logs a scan. Null when this device already uploaded this nonce (the caller replays that one). */
export async function insertScan(manager: EntityManager, scan: NewScan): Promise<ScanRow | null> {
  const rows = (await manager.query(
    `INSERT INTO check_in_scans
       (list_id, event_id, ticket_id, device_id, user_id, nonce, gate, scanned_at, received_at, outcome, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (device_id, nonce) DO NOTHING
     RETURNING ${SCAN_COLUMNS}`,
    [
      scan.listId,
      scan.eventId,
      scan.ticketId,
      scan.deviceId,
      scan.userId,
      scan.nonce,
      scan.gate,
      scan.scannedAt,
      scan.receivedAt,
      scan.outcome,
      scan.position,
    ],
  )) as ScanRow[];
  return rows[0] ?? null;
}

/** Rewrites the outcomes of counted scans whose place in the sequence changed. */
export async function setOutcomes(
  manager: EntityManager,
  changes: Array<{ id: string; outcome: ScanOutcome }>,
): Promise<void> {
  if (changes.length === 0) return;
  await manager.query(
    `UPDATE check_in_scans s SET outcome = v.outcome::scan_outcome
       FROM unnest($1::uuid[], $2::text[]) AS v(id, outcome)
      WHERE s.id = v.id`,
    [changes.map((c) => c.id), changes.map((c) => c.outcome)],
  );
}

export interface StateRow {
  inside: boolean;
  first_entry_at: Date;
  first_entry_user_id: string | null;
  first_entry_device_id: string | null;
  last_scan_at: Date;
  scans: number;
}

export async function upsertState(
  manager: EntityManager,
  listId: string,
  ticketId: string,
  state: StateRow,
): Promise<void> {
  await manager.query(
    `INSERT INTO check_in_states
       (list_id, ticket_id, inside, first_entry_at, first_entry_user_id, first_entry_device_id, last_scan_at, scans)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (list_id, ticket_id) DO UPDATE
        SET inside = EXCLUDED.inside, first_entry_at = EXCLUDED.first_entry_at,
            first_entry_user_id = EXCLUDED.first_entry_user_id,
            first_entry_device_id = EXCLUDED.first_entry_device_id,
            last_scan_at = EXCLUDED.last_scan_at, scans = EXCLUDED.scans, updated_at = now()`,
    [
      listId,
      ticketId,
      state.inside,
      state.first_entry_at,
      state.first_entry_user_id,
      state.first_entry_device_id,
      state.last_scan_at,
      state.scans,
    ],
  );
}

export async function stateOf(
  manager: EntityManager,
  listId: string,
  ticketId: string,
): Promise<StateRow | null> {
  const rows = (await manager.query(
    `SELECT inside, first_entry_at, first_entry_user_id, first_entry_device_id, last_scan_at, scans
       FROM check_in_states WHERE list_id = $1 AND ticket_id = $2`,
    [listId, ticketId],
  )) as StateRow[];
  return rows[0] ?? null;
}

/**
 * The ticket's own mark: `checked_in` at its earliest admission on any list. A valid ticket becomes checked in;
 * a checked-in one moves its time back when an earlier admission turns up.
 */
export async function markTicketAdmitted(
  manager: EntityManager,
  ticketId: string,
  at: Date,
  by: string | null,
): Promise<void> {
  await manager.query(
    `UPDATE tickets SET status = 'checked_in', checked_in_at = $2, checked_in_by = $3, updated_at = now()
      WHERE id = $1 AND (status = 'valid' OR (status = 'checked_in' AND checked_in_at > $2))`,
    [ticketId, at, by],
  );
}

import { DomainError } from '../../platform/errors/domain-error';

/**
 * Where a scanner is in a list's change feed. Opaque to the scanner (base64url of JSON):
 * - `prev`: the Postgres snapshot (`pg_current_snapshot()` as text) the scanner is up to date with; rows whose
 *   last writing transaction is not visible in it changed since (null: everything, a first sync);
 * - `gen`: the snapshot taken when this round of pages began, which becomes `prev` once the round ends (null
 *   between rounds: the next call begins one);
 * - `after`: the last ticket id of the previous page of this round;
 * - `list`: the list's `updatedAt` when the round began: a changed list starts over from scratch.
 */
export interface SyncCursor {
  v: 1;
  list: number;
  prev: string | null;
  gen: string | null;
  after: string | null;
}

const SNAPSHOT = /^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20}){0,9999})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: SyncCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor a scanner sent back, checked field by field; 400 INVALID_CURSOR for anything else. */
export function decodeCursor(text: string): SyncCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const c = raw as Partial<SyncCursor> | null;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    c.v === 1 &&
    Number.isSafeInteger(c.list) &&
    (c.gen === null || (typeof c.gen === 'string' && SNAPSHOT.test(c.gen))) &&
    (c.prev === null || (typeof c.prev === 'string' && SNAPSHOT.test(c.prev))) &&
    (c.after === null || (typeof c.after === 'string' && UUID.test(c.after)));
  if (!ok) throw invalid();
  return { v: 1, list: c.list!, prev: c.prev!, gen: c.gen!, after: c.after! };
}

function invalid(): DomainError {
  return new DomainError(
    'INVALID_CURSOR',
    'This sync cursor is not one the server gave; sync without a cursor',
  );
}

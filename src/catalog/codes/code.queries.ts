import { randomBytes } from 'node:crypto';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { CodeKind } from './code-kind';
import { PromoCode } from './promo-code.entity';

/** Crockford's base32: no I, L, O or U, so a printed code is read back right. 32 symbols: a byte & 31 is unbiased. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SUFFIX_LENGTH = 10;

/** `prefix-` and 10 random symbols (50 bits): unguessable, and unlikely ever to collide. */
export function randomCode(prefix: string): string {
  const bytes = randomBytes(SUFFIX_LENGTH);
  return `${prefix}-${Array.from(bytes, (b) => ALPHABET[b & 31]).join('')}`;
}

/** A code of the event by its text (already upper case), or null. */
export function findCode(manager: EntityManager, eventId: string, code: string): Promise<PromoCode | null> {
  return manager.findOne(PromoCode, { where: { eventId, code } });
}

/** Inserts the codes, skipping any whose text the event has already; returns the ids written. */
export async function insertCodesSkippingTaken(
  manager: EntityManager,
  rows: Array<Partial<PromoCode> & { eventId: string; code: string; kind: CodeKind }>,
): Promise<string[]> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(PromoCode)
    .values(rows)
    .orIgnore()
    .returning(['id'])
    .execute();
  return (result.raw as Array<{ id: string }>).map((r) => r.id);
}

/** An event's codes, filtered by kind and activity, sorted by their text (the list and its CSV page on it). */
export function eventCodes(
  manager: EntityManager,
  eventId: string,
  filter: { kind?: CodeKind; active?: boolean },
): SelectQueryBuilder<PromoCode> {
  const qb = manager
    .createQueryBuilder(PromoCode, 'c')
    .where('c.event_id = :eventId', { eventId })
    .orderBy('c.code', 'ASC');
  if (filter.kind) qb.andWhere('c.kind = :kind', { kind: filter.kind });
  if (filter.active !== undefined) qb.andWhere('c.active = :active', { active: filter.active });
  return qb;
}

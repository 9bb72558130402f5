import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface Seeded {
  eventId: string;
  buyerId: string;
  tokens: string[];
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pooled<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]);
      }
    }),
  );
  return out;
}

/**
 * Buyers and their access tokens, through the real API: one registration gives a real argon2id hash, the other
 * buyers are inserted with copies of it, and every buyer signs in with `POST /auth/login`.
 */
export async function createBuyers(
  db: Client,
  baseUrl: string,
  count: number,
): Promise<{ tokens: string[]; firstId: string }> {
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const first = await postJson(`${baseUrl}/api/v1/auth/register`, {
    email: `bench-first-${randomBytes(4).toString('hex')}@example.com`,
    password,
    name: 'Bench Buyer',
  });
  const firstId = (first.user as { id: string }).id;
  const tag = randomBytes(4).toString('hex');
  await db.query(
    `INSERT INTO users (email, password_hash, name, role)
     SELECT 'bench-' || $2 || '-' || g || '@example.com', u.password_hash, 'Bench Buyer ' || g, 'customer'
       FROM users u, generate_series(1, $3::int) g WHERE u.id = $1`,
    [firstId, tag, count - 1],
  );
  const emails = [
    (first.user as { email: string }).email,
    ...Array.from({ length: count - 1 }, (_, i) => `bench-${tag}-${i + 1}@example.com`),
  ];
  const tokens = await pooled(emails, 8, async (email) => {
    const session = await postJson(`${baseUrl}/api/v1/auth/login`, { email, password });
    return session.accessToken as string;
  });
  return { tokens, firstId };
}

/** An approved promoter with a published event on sale now, written straight to the database. */
export async function createEvent(db: Client, ownerId: string): Promise<string> {
  const promoterId = randomUUID();
  const eventId = randomUUID();
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  await db.query(
    `INSERT INTO promoters (id, name, slug, contact_email, owner_user_id, status)
     VALUES ($1, 'Bench Promoter', $2, 'bench@example.com', $3, 'approved')`,
    [promoterId, slug, ownerId],
  );
  await db.query(
    `INSERT INTO events (id, promoter_id, title, slug, category, venue_name, venue_address, venue_city,
                         venue_country, timezone, starts_at, ends_at, currency, status, published_at)
     VALUES ($1, $2, 'Flash Sale', $3, 'music', 'Bench Arena', '1 Bench Road', 'Berlin', 'DE', 'Europe/Berlin',
             now() + interval '30 days', now() + interval '30 days 4 hours', 'EUR', 'published', now())`,
    [eventId, promoterId, slug],
  );
  return eventId;
}

/** A hot tier: `capacity` units, at most `maxPerOrder` per buyer. */
export async function createTier(
  db: Client,
  eventId: string,
  capacity: number,
  maxPerOrder: number,
): Promise<string> {
  const tierId = randomUUID();
  await db.query(
    `INSERT INTO ticket_tiers (id, event_id, name, price, capacity, min_per_order, max_per_order)
     VALUES ($1, $2, $3, 4500, $4, 1, $5)`,
    [tierId, eventId, `Hot ${capacity}`, capacity, maxPerOrder],
  );
  return tierId;
}

/** A discount code (10% off each ticket, unlimited uses) for one tier: what `--code` puts on every order. */
export async function createCode(db: Client, eventId: string, tierId: string): Promise<string> {
  const code = `BENCH-${randomBytes(4).toString('hex').toUpperCase()}`;
  await db.query(
    `INSERT INTO promo_codes (event_id, code, kind, discount_bps, tier_ids) VALUES ($1, $2, 'discount', 1000, $3)`,
    [eventId, code, [tierId]],
  );
  return code;
}

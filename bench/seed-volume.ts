/**
 * `npm run seed:volume -- --orders 1000000`: fills a database with a platform's worth of sales, fast, with
 * `COPY … FROM STDIN`, for bench/reports.ts and for trying the reports at volume.
 *
 * The database is DATABASE_URL (created and migrated if needed) and must hold no orders yet. It gets an admin,
 * promoters (an owner each), buyers (one per five orders), events (one per 2,000 orders; the first, the
 * "flagship", takes a tenth of all orders) with three tiers each, and the orders: 92 % paid (with their
 * tickets, checked in at past events), 3 % refunded (void tickets), 3 % expired, 2 % cancelled, over the 120
 * days before each event. Everything satisfies the schema's CHECK constraints, and each tier's `sold` is set
 * from the paid units at the end, so the inventory invariant holds; nothing is pending, so `held` is 0.
 * Every seeded account's password is SEED_PASSWORD (a local-only bench database).
 *
 * Foreign keys and triggers are skipped during the load (`session_replication_role = replica`, superuser
 * only): every reference is made by construction, and the one trigger (`tickets.change_xid`) is set by hand.
 * The secondary indexes of orders, order items and tickets are dropped for the load and rebuilt after it, in the
 * same transaction.
 */
import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../src/platform/database/migrate';
import { loadConfig } from '../src/platform/config/app-config';

export const SEED_PASSWORD = 'volume-bench-password';
export const SEED_ADMIN_EMAIL = 'volume-admin@example.com';

const DAY = 24 * 3600 * 1000;
const ORDERS_PER_EVENT = 2000;
const FLAGSHIP_SHARE = 0.1;
const TIERS = [
  { name: 'Standing', price: 2500, weight: 0.6 },
  { name: 'Seated', price: 5000, weight: 0.3 },
  { name: 'VIP', price: 12000, weight: 0.1 },
];
const CURRENCIES = ['EUR', 'GBP', 'USD'];
const FEE_BPS = 250;
/** The VAT every seeded tier charges, included in its price (the order items snapshot it). */
const TAX_BPS = 2000;

/** A small deterministic generator, so two seeds of the same size look alike. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** COPY text format: tab-separated, `\N` for NULL (the values written here never hold tabs or backslashes). */
const line = (values: Array<string | number | boolean | null>) =>
  `${values.map((v) => (v === null ? '\\N' : String(v))).join('\t')}\n`;
const iso = (ms: number) => new Date(ms).toISOString();

/** Streams rows into `table (columns)` with COPY, in chunks, minding backpressure. */
async function copy(
  db: Client,
  table: string,
  columns: string[],
  rows: (emit: (values: Array<string | number | boolean | null>) => Promise<void>) => Promise<void>,
): Promise<number> {
  const stream = db.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const done = once(stream, 'finish');
  let buffer = '';
  let count = 0;
  const flush = async () => {
    if (!stream.write(buffer)) await once(stream, 'drain');
    buffer = '';
  };
  await rows(async (values) => {
    buffer += line(values);
    count += 1;
    if (buffer.length > 1 << 20) await flush();
  });
  if (buffer) await flush();
  stream.end();
  await done;
  return count;
}

interface SeedEvent {
  id: string;
  promoter: number;
  startsAt: number;
  currency: string;
  tiers: string[];
  orders: number;
}

function parseArgs(argv: string[]): { orders: number } {
  const i = argv.indexOf('--orders');
  const orders = i >= 0 ? Number(argv[i + 1]) : 100_000;
  if (!Number.isInteger(orders) || orders < 1000)
    throw new Error('--orders takes a whole number of at least 1000');
  return { orders };
}

async function main(): Promise<void> {
  const { orders: orderCount } = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  await migrate(config);
  const db = new Client({ connectionString: config.database.url });
  await db.connect();
  const started = Date.now();
  const log = (what: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${what}`);
  try {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM orders`)).rows as Array<{ n: number }>;
    if (n > 0) throw new Error(`${config.database.url} already holds ${n} orders: seed an empty database`);
    const random = rng(orderCount);
    const now = Date.now();
    const passwordHash = await hash(SEED_PASSWORD);

    const eventCount = Math.max(10, Math.round(orderCount / ORDERS_PER_EVENT));
    const promoterCount = Math.max(2, Math.round(eventCount / 10));
    const buyerCount = Math.max(1000, Math.round(orderCount / 5));
    const buyers = Array.from({ length: buyerCount }, () => randomUUID());
    const owners = Array.from({ length: promoterCount }, () => randomUUID());
    const promoters = Array.from({ length: promoterCount }, () => randomUUID());

    // Orders per event: the flagship a tenth, the rest shared out with some spread.
    const flagship = Math.round(orderCount * FLAGSHIP_SHARE);
    const weights = Array.from({ length: eventCount - 1 }, () => 0.5 + random());
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const perEvent = [flagship, ...weights.map((w) => Math.floor(((orderCount - flagship) * w) / weightSum))];
    perEvent[1] += orderCount - perEvent.reduce((a, b) => a + b, 0);
    const events: SeedEvent[] = perEvent.map((orders, i) => ({
      id: randomUUID(),
      promoter: i % promoterCount,
      // The flagship is on sale now; the others from 330 days ago to 60 days ahead.
      startsAt: i === 0 ? now + 30 * DAY : now + Math.round((random() * 390 - 330) * DAY),
      currency: CURRENCIES[(i % promoterCount) % CURRENCIES.length],
      tiers: TIERS.map(() => randomUUID()),
      orders,
    }));

    await db.query('BEGIN');
    await db.query(`SET LOCAL session_replication_role = replica`);
    const [{ xid }] = (await db.query(`SELECT pg_current_xact_id()::text AS xid`)).rows as Array<{
      xid: string;
    }>;

    await copy(db, 'users', ['id', 'email', 'password_hash', 'name', 'role'], async (emit) => {
      await emit([randomUUID(), SEED_ADMIN_EMAIL, passwordHash, 'Volume Admin', 'admin']);
      for (let i = 0; i < owners.length; i++)
        await emit([owners[i], `volume-owner-${i}@example.com`, passwordHash, `Owner ${i}`, 'promoter']);
      for (let i = 0; i < buyers.length; i++)
        await emit([buyers[i], `volume-buyer-${i}@example.com`, passwordHash, `Buyer ${i}`, 'customer']);
    });
    await copy(
      db,
      'promoters',
      ['id', 'name', 'slug', 'contact_email', 'owner_user_id', 'status'],
      async (emit) => {
        for (let i = 0; i < promoters.length; i++)
          await emit([
            promoters[i],
            `Promoter ${i}`,
            `volume-promoter-${i}`,
            `volume-owner-${i}@example.com`,
            owners[i],
            'approved',
          ]);
      },
    );
    await copy(db, 'promoter_members', ['promoter_id', 'user_id', 'role'], async (emit) => {
      for (let i = 0; i < promoters.length; i++) await emit([promoters[i], owners[i], 'owner']);
    });
    await copy(
      db,
      'events',
      [
        'id',
        'promoter_id',
        'title',
        'slug',
        'category',
        'venue_name',
        'venue_address',
        'venue_city',
        'venue_country',
        'timezone',
        'starts_at',
        'ends_at',
        'currency',
        'status',
        'published_at',
        'completed_at',
      ],
      async (emit) => {
        for (const [i, e] of events.entries()) {
          const endsAt = e.startsAt + 4 * 3600 * 1000;
          const past = endsAt < now;
          await emit([
            e.id,
            promoters[e.promoter],
            i === 0 ? 'Flagship Festival' : `Volume Event ${i}`,
            `volume-event-${i}`,
            'music',
            'Volume Hall',
            '1 Main Street',
            'Berlin',
            'DE',
            'Europe/Berlin',
            iso(e.startsAt),
            iso(endsAt),
            e.currency,
            past ? 'completed' : 'published',
            iso(e.startsAt - 150 * DAY),
            past ? iso(endsAt) : null,
          ]);
        }
      },
    );
    await copy(
      db,
      'ticket_tiers',
      ['id', 'event_id', 'name', 'price', 'capacity', 'sort_order', 'tax_rate_bps', 'tax_mode'],
      async (emit) => {
        for (const e of events)
          for (const [k, tier] of TIERS.entries())
            await emit([e.tiers[k], e.id, tier.name, tier.price, 0, k, TAX_BPS, 'inclusive']);
      },
    );
    log(`${buyerCount + promoterCount + 1} users, ${promoterCount} promoters, ${eventCount} events`);

    // The secondary indexes of the three big tables are dropped for the load and built again after it (in this
    // transaction): one sorted build each instead of millions of random inserts.
    const indexes = (
      await db.query(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
          WHERE t.relname IN ('orders', 'order_items', 'tickets') AND t.relnamespace = 'public'::regnamespace
            AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      )
    ).rows as Array<{ name: string; def: string }>;
    for (const { name } of indexes) await db.query(`DROP INDEX ${name}`);

    // Orders, their items and tickets in three COPY streams fed from one pass.
    const orderCols = [
      'id',
      'buyer_id',
      'event_id',
      'status',
      'subtotal',
      'fees',
      'total',
      'net',
      'tax',
      'currency',
      'expires_at',
      'payment_provider',
      'payment_reference',
      'refunded_amount',
      'paid_at',
      'closed_at',
      'created_at',
      'updated_at',
    ];
    const itemCols = [
      'id',
      'order_id',
      'tier_id',
      'tier_name',
      'quantity',
      'unit_price',
      'tax_rate_bps',
      'tax_mode',
      'net',
      'tax',
      'gross',
      'created_at',
      'updated_at',
    ];
    const ticketCols = [
      'id',
      'order_id',
      'event_id',
      'tier_id',
      'attendee_name',
      'attendee_email',
      'code',
      'status',
      'void_reason',
      'voided_at',
      'checked_in_at',
      'created_at',
      'updated_at',
      'holder_id',
      'change_xid',
    ];
    type Row = Array<string | number | boolean | null>;
    const items: Row[] = [];
    const tickets: Row[] = [];
    let ticketTotal = 0;
    let itemTotal = 0;
    const flushChildren = async () => {
      itemTotal += await copy(db, 'order_items', itemCols, async (emit) => {
        for (const r of items) await emit(r);
      });
      ticketTotal += await copy(db, 'tickets', ticketCols, async (emit) => {
        for (const r of tickets) await emit(r);
      });
      items.length = 0;
      tickets.length = 0;
    };
    let done = 0;
    for (const e of events) {
      const salesEnd = Math.min(e.startsAt, now) - 60_000;
      const salesStart = Math.min(e.startsAt - 120 * DAY, salesEnd - DAY);
      const past = e.startsAt + 4 * 3600 * 1000 < now;
      await copy(db, 'orders', orderCols, async (emit) => {
        for (let o = 0; o < e.orders; o++) {
          const id = randomUUID();
          const b = Math.floor(random() * buyerCount);
          const createdAt = salesStart + Math.floor(random() * (salesEnd - salesStart));
          const pick = random();
          const k = pick < TIERS[0].weight ? 0 : pick < TIERS[0].weight + TIERS[1].weight ? 1 : 2;
          const quantity = 1 + Math.floor(random() * random() * 4);
          const subtotal = quantity * TIERS[k].price;
          const fees = Math.round((subtotal * FEE_BPS) / 10_000);
          const total = subtotal + fees;
          // Prices include VAT at TAX_BPS, split per line and rounded half up, as checkout does.
          const tax = Math.floor((2 * subtotal * TAX_BPS + 10_000 + TAX_BPS) / (2 * (10_000 + TAX_BPS)));
          const net = subtotal - tax;
          const r = random();
          const status = r < 0.92 ? 'paid' : r < 0.95 ? 'refunded' : r < 0.98 ? 'expired' : 'cancelled';
          const paid = status === 'paid' || status === 'refunded';
          const expiresAt = createdAt + 15 * 60_000;
          const paidAt = paid ? createdAt + 60_000 : null;
          const closedAt =
            status === 'expired' ? expiresAt : status === 'cancelled' ? createdAt + 5 * 60_000 : null;
          const refundedAt = createdAt + 3 * DAY;
          const updatedAt = status === 'refunded' ? refundedAt : (closedAt ?? paidAt ?? createdAt);
          await emit([
            id,
            buyers[b],
            e.id,
            status,
            subtotal,
            fees,
            total,
            net,
            tax,
            e.currency,
            iso(expiresAt),
            'test',
            `seed_${id}`,
            status === 'refunded' ? total : 0,
            paidAt === null ? null : iso(paidAt),
            closedAt === null ? null : iso(closedAt),
            iso(createdAt),
            iso(updatedAt),
          ]);
          items.push([
            randomUUID(),
            id,
            e.tiers[k],
            TIERS[k].name,
            quantity,
            TIERS[k].price,
            TAX_BPS,
            'inclusive',
            net,
            tax,
            subtotal,
            iso(createdAt),
            iso(createdAt),
          ]);
          if (!paid) continue;
          for (let q = 0; q < quantity; q++) {
            const ticketId = randomUUID();
            const checkedIn = status === 'paid' && past && random() < 0.8;
            const ticketStatus = status === 'refunded' ? 'void' : checkedIn ? 'checked_in' : 'valid';
            tickets.push([
              ticketId,
              id,
              e.id,
              e.tiers[k],
              `Buyer ${b}`,
              `volume-buyer-${b}@example.com`,
              `seed.${ticketId}`,
              ticketStatus,
              status === 'refunded' ? 'refunded' : null,
              status === 'refunded' ? iso(refundedAt) : null,
              checkedIn ? iso(e.startsAt + Math.floor(random() * 3600_000)) : null,
              iso(paidAt as number),
              iso(updatedAt),
              buyers[b],
              xid,
            ]);
          }
        }
      });
      await flushChildren();
      done += e.orders;
      if (done % 100_000 < e.orders) log(`${done} orders`);
    }
    log(`${done} orders, ${itemTotal} items, ${ticketTotal} tickets`);
    await db.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const { def } of indexes) await db.query(def);
    log(`${indexes.length} indexes built again`);

    // Each tier's sold: the units of its paid orders not refunded. Capacity leaves room for more.
    await db.query(`
      UPDATE ticket_tiers t SET sold = s.units, capacity = s.units + greatest(s.units / 10, 10)
        FROM (SELECT t2.id, coalesce(sum(i.quantity) FILTER (WHERE o.status = 'paid'), 0)::int AS units
                FROM ticket_tiers t2
                LEFT JOIN order_items i ON i.tier_id = t2.id
                LEFT JOIN orders o ON o.id = i.order_id
               GROUP BY t2.id) s
       WHERE s.id = t.id`);
    await db.query('COMMIT');
    log('tier counters set, committed');
    await db.query('ANALYZE');
    // The report snapshots start from the seeded data (the worker keeps them fresh afterwards).
    const views = (await db.query(`SELECT matviewname AS name FROM pg_matviews WHERE schemaname = 'public'`))
      .rows as Array<{ name: string }>;
    for (const { name } of views) await db.query(`REFRESH MATERIALIZED VIEW "${name}"`);
    log(`analyzed; materialized views refreshed: ${views.map((v) => v.name).join(', ') || 'none'}`);
    console.log(
      JSON.stringify({
        orders: done,
        items: itemTotal,
        tickets: ticketTotal,
        events: eventCount,
        buyers: buyerCount,
        seconds: (Date.now() - started) / 1000,
      }),
    );
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { addMember, createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { createList, registerDevice, scanOnline, syncPage, TestList, uploadScans } from './factories/door';
import { buyOrder, ticketsOf } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();

interface SyncItem {
  ticketId: string;
  status: string;
  voidReason: string | null;
  state: { firstEntryAt: string; firstEntryDeviceId: string | null; inside: boolean } | null;
}

/** Every page of one sync round from `cursor`; returns the items and the cursor for next time. */
async function syncRound(t: TestApp, token: string, listId: string, cursor?: string, limit?: number) {
  const items: SyncItem[] = [];
  let pages = 0;
  for (;;) {
    const res = await syncPage(t, token, listId, cursor, limit).expect(200);
    items.push(...(res.body.items as SyncItem[]));
    cursor = res.body.nextCursor as string;
    pages++;
    if (!res.body.hasMore) return { items, cursor, pages, last: res.body };
  }
}

describe('door: offline scanners, the sync feed and scan batches', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  let staff: TestUser;
  let buyer: TestUser;
  let list: TestList;
  let tickets: Array<{ id: string; code: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    sale = await createOnSaleEvent(t, { tiers: [{ capacity: 50, price: 1000 }] });
    staff = await registerUser(t);
    await addMember(t, sale.owner, sale.promoter.id, staff, 'staff');
    buyer = await registerUser(t);
    const order = await buyOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 8 }]);
    tickets = await ticketsOf(t, order.id);
    list = await createList(t, sale.owner, sale.eventId);
  });
  afterAll(() => t.close());

  it('a device token is shown once, stored hashed, scoped to its event, and dies when revoked', async () => {
    const device = await registerDevice(t, staff, sale.eventId, 'Gate A');
    expect(device.token).toMatch(/^tvd_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.dataSource.query(`SELECT token_hash FROM scanner_devices WHERE id = $1`, [
      device.id,
    ]);
    expect(row.token_hash).not.toContain(device.token);
    const listed = await t
      .http()
      .get(api(`/events/${sale.eventId}/devices`))
      .set(authHeader(staff.accessToken))
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(device.token);

    const other = await createOnSaleEvent(t, { owner: sale.owner });
    const otherList = await createList(t, sale.owner, other.eventId);
    expect((await syncPage(t, device.token, otherList.id)).status).toBe(404);
    const forged = await syncPage(t, 'tvd_not-a-real-token', list.id);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('DEVICE_TOKEN_INVALID');
    expect((await syncPage(t, staff.accessToken, list.id)).body.code).toBe('DEVICE_TOKEN_INVALID');

    await t
      .http()
      .delete(api(`/devices/${device.id}`))
      .set(authHeader(staff.accessToken))
      .expect(200);
    const revoked = await syncPage(t, device.token, list.id);
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('DEVICE_TOKEN_INVALID');
    const stranger = await registerUser(t);
    await t
      .http()
      .delete(api(`/devices/${device.id}`))
      .set(authHeader(stranger.accessToken))
      .expect(404);
  });

  it('syncs every ticket in pages with the keys, then only what changed since the cursor', async () => {
    const device = await registerDevice(t, staff, sale.eventId);
    const full = await syncRound(t, device.token, list.id, undefined, 3);
    expect(full.pages).toBe(3);
    expect(full.last.reset).toBe(false);
    expect(new Set(full.items.map((i) => i.ticketId))).toEqual(new Set(tickets.map((x) => x.id)));
    expect(full.last.signingKeys[0]).toMatchObject({ algorithm: 'Ed25519' });
    expect(full.last.list).toMatchObject({ id: list.id, allowReentry: false });

    const quiet = await syncRound(t, device.token, list.id, full.cursor);
    expect(quiet.items).toEqual([]);

    await scanOnline(t, staff, sale.eventId, list.id, tickets[0].code).expect(200);
    await t
      .http()
      .post(api(`/orders/${await ticketOrder(tickets[1].id)}/refunds`))
      .set(authHeader(sale.token))
      .send({ ticketIds: [tickets[1].id] })
      .expect(201);
    const delta = await syncRound(t, device.token, list.id, quiet.cursor);
    const byId = new Map(delta.items.map((i) => [i.ticketId, i]));
    expect([...byId.keys()].sort()).toEqual([tickets[0].id, tickets[1].id].sort());
    expect(byId.get(tickets[0].id)).toMatchObject({ status: 'checked_in', state: { inside: true } });
    expect(byId.get(tickets[1].id)).toMatchObject({ status: 'void', voidReason: 'refunded', state: null });

    // A changed list starts the scanner over.
    await t
      .http()
      .patch(api(`/check-in-lists/${list.id}`))
      .set(authHeader(sale.token))
      .send({ gates: ['North'] })
      .expect(200);
    const again = await syncPage(t, device.token, list.id, delta.cursor).expect(200);
    expect(again.body.reset).toBe(true);
    expect(again.body.items).toHaveLength(tickets.length);
    await t
      .http()
      .patch(api(`/check-in-lists/${list.id}`))
      .set(authHeader(sale.token))
      .send({ gates: [] })
      .expect(200);

    const bad = await syncPage(t, device.token, list.id, 'garbage').expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
  });

  it('two devices scan one ticket offline: the earliest scan wins, whichever syncs first', async () => {
    for (const order of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      const ticket = order[0] === 'a' ? tickets[2] : tickets[3];
      const fresh = await createList(t, sale.owner, sale.eventId, { name: `Offline ${order.join('')}` });
      const devices = {
        a: await registerDevice(t, staff, sale.eventId, 'A'),
        b: await registerDevice(t, staff, sale.eventId, 'B'),
      };
      const scans = {
        a: { code: ticket.code, scannedAt: ago(10), nonce: randomUUID() },
        b: { code: ticket.code, scannedAt: ago(5), nonce: randomUUID() },
      };
      const answers: Record<string, { outcome: string; conflict: boolean; superseded: unknown }> = {};
      for (const who of order) {
        const res = await uploadScans(t, devices[who].token, fresh.id, [scans[who]]).expect(200);
        answers[who] = res.body.results[0];
      }
      // The earlier scan (device A) is the entry either way.
      expect(answers.a).toMatchObject({ outcome: 'entry', conflict: false });
      if (order[0] === 'a') {
        expect(answers.b).toMatchObject({ outcome: 'duplicate', conflict: true });
      } else {
        expect(answers.b).toMatchObject({ outcome: 'entry', conflict: false });
        expect(answers.a.superseded).toMatchObject({ deviceId: devices.b.id, scannedAt: scans.b.scannedAt });
      }
      const state = await t.dataSource.query(
        `SELECT s.first_entry_at, s.first_entry_device_id, t.status, t.checked_in_at
           FROM check_in_states s JOIN tickets t ON t.id = s.ticket_id WHERE s.list_id = $1 AND s.ticket_id = $2`,
        [fresh.id, ticket.id],
      );
      expect(state).toEqual([
        {
          first_entry_at: new Date(scans.a.scannedAt),
          first_entry_device_id: devices.a.id,
          status: 'checked_in',
          checked_in_at: new Date(scans.a.scannedAt),
        },
      ]);
      const log = await t.dataSource.query(
        `SELECT device_id, outcome FROM check_in_scans WHERE list_id = $1 ORDER BY scanned_at`,
        [fresh.id],
      );
      expect(log).toEqual([
        { device_id: devices.a.id, outcome: 'entry' },
        { device_id: devices.b.id, outcome: 'duplicate' },
      ]);
      // Device B learns it through the feed: the ticket's entry belongs to device A.
      const feed = await syncRound(t, devices.b.token, fresh.id);
      expect(feed.items.find((i) => i.ticketId === ticket.id)?.state).toMatchObject({
        firstEntryDeviceId: devices.a.id,
      });
    }
  });

  it('a replayed batch gives the same answers and logs nothing twice', async () => {
    const device = await registerDevice(t, staff, sale.eventId);
    const fresh = await createList(t, sale.owner, sale.eventId, { name: 'Replay', allowReentry: true });
    const batch = [
      { code: tickets[4].code, scannedAt: ago(9), nonce: randomUUID() },
      { code: tickets[4].code, scannedAt: ago(8), nonce: randomUUID() },
      { code: 'forged-code', scannedAt: ago(7), nonce: randomUUID() },
    ];
    const first = await uploadScans(t, device.token, fresh.id, batch).expect(200);
    expect(first.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'entry',
      'exit',
      'invalid_code',
    ]);
    const [second, third] = await Promise.all([
      uploadScans(t, device.token, fresh.id, batch),
      uploadScans(t, device.token, fresh.id, batch),
    ]);
    for (const replay of [second, third]) {
      expect(replay.status).toBe(200);
      expect(
        replay.body.results.map((r: { outcome: string; replayed: boolean; scanId: string }) => r),
      ).toEqual(
        first.body.results.map((r: { scanId: string }) =>
          expect.objectContaining({ scanId: r.scanId, replayed: true }),
        ),
      );
    }
    const [count] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM check_in_scans WHERE list_id = $1`,
      [fresh.id],
    );
    expect(count.n).toBe(3);
    const stats = await t
      .http()
      .get(api(`/check-in-lists/${fresh.id}`))
      .set(authHeader(staff.accessToken));
    expect(stats.body.stats).toMatchObject({ checkedIn: 1, insideNow: 0 });
  });

  it('a ticket refunded while the device was offline comes back as a void conflict', async () => {
    const device = await registerDevice(t, staff, sale.eventId);
    const fresh = await createList(t, sale.owner, sale.eventId, { name: 'Refund while offline' });
    await syncRound(t, device.token, fresh.id);
    const ticket = tickets[5];
    await t
      .http()
      .post(api(`/orders/${await ticketOrder(ticket.id)}/refunds`))
      .set(authHeader(sale.token))
      .send({ ticketIds: [ticket.id] })
      .expect(201);
    const res = await uploadScans(t, device.token, fresh.id, [
      { code: ticket.code, scannedAt: ago(1), nonce: randomUUID() },
      { code: tickets[6].code, scannedAt: ago(1), nonce: randomUUID() },
    ]).expect(200);
    expect(res.body.results[0]).toMatchObject({
      outcome: 'void',
      conflict: true,
      ticket: { id: ticket.id, status: 'void', voidReason: 'refunded' },
    });
    expect(res.body.results[1]).toMatchObject({ outcome: 'entry', conflict: false });
    const log = await t
      .http()
      .get(api(`/check-in-lists/${fresh.id}/scans`))
      .set(authHeader(staff.accessToken))
      .expect(200);
    expect(
      log.body.items.map((s: { outcome: string; deviceId: string }) => [s.outcome, s.deviceId]).sort(),
    ).toEqual([
      ['entry', device.id],
      ['void', device.id],
    ]);
  });

  it('refuses a malformed batch as a whole with 400', async () => {
    const device = await registerDevice(t, staff, sale.eventId);
    const res = await uploadScans(t, device.token, list.id, [
      { code: tickets[7].code, scannedAt: 'yesterday', nonce: 'x' },
    ]).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  async function ticketOrder(ticketId: string): Promise<string> {
    const [row] = await t.dataSource.query(`SELECT order_id FROM tickets WHERE id = $1`, [ticketId]);
    return row.order_id;
  }
});

import { createTestApp, TestApp } from './app';
import {
  addMember,
  createApprovedPromoter,
  createEvent,
  createOnSaleEvent,
  createTier,
  sharedAdmin,
  TestEvent,
  TestPromoter,
} from './factories/catalog';
import { authHeader, registerUser, TestUser, withRole } from './factories/users';

describe('tiers: validation, capacity rule, deletion, visibility, availability', () => {
  let t: TestApp;
  let admin: TestUser;
  let promoter: TestPromoter;
  let other: TestPromoter;
  let event: TestEvent;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await sharedAdmin(t);
    promoter = await createApprovedPromoter(t);
    other = await createApprovedPromoter(t);
    event = await createEvent(t, promoter);
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const as = (u: TestUser) => authHeader(u.accessToken);
  const fieldsOf = (body: { details?: { fields?: Array<{ field: string }> } }) =>
    (body.details?.fields ?? []).map((f) => f.field);
  const setCounts = (tierId: string, sold: number, held: number) =>
    t.dataSource.query(`UPDATE ticket_tiers SET sold = $2, held = $3 WHERE id = $1`, [tierId, sold, held]);

  describe('creating', () => {
    it('creates a tier with defaults, priced in the event currency, audited', async () => {
      const res = await http()
        .post(`/api/v1/events/${event.id}/tiers`)
        .set(as(promoter.owner))
        .send({ name: 'General', price: 4500, capacity: 200 })
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'General',
        price: 4500,
        currency: 'EUR',
        capacity: 200,
        sold: 0,
        held: 0,
        available: 200,
        status: 'not_started',
        minPerOrder: 1,
        maxPerOrder: 10,
        hidden: false,
        sortOrder: 0,
      });
      const entries = await t.dataSource.query(
        `SELECT 1 FROM audit_entries WHERE entity_id = $1 AND action = 'tier.created'`,
        [res.body.id],
      );
      expect(entries).toHaveLength(1);
    });

    const invalid = async (body: Record<string, unknown>, field: string) => {
      const res = await http()
        .post(`/api/v1/events/${event.id}/tiers`)
        .set(as(promoter.owner))
        .send({ name: 'Tier', price: 1000, capacity: 10, ...body })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toContain(field);
    };

    it('refuses a negative price', () => invalid({ price: -1 }, 'price'));
    it('refuses a fractional price', () => invalid({ price: 12.5 }, 'price'));
    it('refuses a negative capacity', () => invalid({ capacity: -5 }, 'capacity'));
    it('refuses min above max per order', () => invalid({ minPerOrder: 6, maxPerOrder: 5 }, 'minPerOrder'));
    it('refuses a sales window that ends after the event', () =>
      invalid(
        { salesEndAt: new Date(new Date(event.endsAt).getTime() + 60_000).toISOString() },
        'salesEndAt',
      ));
    it('refuses an inverted sales window', () =>
      invalid(
        {
          salesStartAt: new Date(Date.now() + 2 * 86400_000).toISOString(),
          salesEndAt: new Date(Date.now() + 86400_000).toISOString(),
        },
        'salesEndAt',
      ));
    it('refuses an unknown property', () => invalid({ sold: 5 }, 'sold'));
    it('refuses a price given as a string', () => invalid({ price: '1000' }, 'price'));

    it('answers 403 to a customer and to staff, 404 to another promoter, 201 to an admin', async () => {
      const body = { name: 'X', price: 100, capacity: 1 };
      const customer = await registerUser(t);
      await http().post(`/api/v1/events/${event.id}/tiers`).set(as(customer)).send(body).expect(403);
      const staff = await registerUser(t);
      await addMember(t, promoter.owner, promoter.id, staff, 'staff');
      const staffPromoter = await withRole(t, staff, 'promoter');
      await http().post(`/api/v1/events/${event.id}/tiers`).set(as(staffPromoter)).send(body).expect(403);
      await http().post(`/api/v1/events/${event.id}/tiers`).set(as(other.owner)).send(body).expect(404);
      await http().post(`/api/v1/events/${event.id}/tiers`).set(as(admin)).send(body).expect(201);
    });
  });

  describe('editing', () => {
    it('refuses a capacity below sold + held with 409, and allows exactly sold + held', async () => {
      const tier = await createTier(t, promoter.owner, event.id, { capacity: 50 });
      await setCounts(tier.id, 7, 3);
      const res = await http()
        .patch(`/api/v1/tiers/${tier.id}`)
        .set(as(promoter.owner))
        .send({ capacity: 9 })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'CAPACITY_BELOW_COMMITTED',
        details: { capacity: 9, sold: 7, held: 3, minimum: 10 },
      });
      const ok = await http()
        .patch(`/api/v1/tiers/${tier.id}`)
        .set(as(promoter.owner))
        .send({ capacity: 10 })
        .expect(200);
      expect(ok.body).toMatchObject({ capacity: 10, available: 0 });
      await http()
        .patch(`/api/v1/tiers/${tier.id}`)
        .set(as(promoter.owner))
        .send({ capacity: 80 })
        .expect(200);
    });

    it('keeps the database CHECK as the last line against overselling', async () => {
      const tier = await createTier(t, promoter.owner, event.id, { capacity: 5 });
      await expect(setCounts(tier.id, 4, 2)).rejects.toThrow(/chk_ticket_tiers_inventory/);
      await expect(setCounts(tier.id, -1, 0)).rejects.toThrow(/chk_ticket_tiers_inventory/);
    });

    it('changes the price and validates the merged per-order bounds', async () => {
      const tier = await createTier(t, promoter.owner, event.id, { minPerOrder: 2, maxPerOrder: 4 });
      const res = await http()
        .patch(`/api/v1/tiers/${tier.id}`)
        .set(as(promoter.owner))
        .send({ price: 3000 })
        .expect(200);
      expect(res.body.price).toBe(3000);
      const bad = await http()
        .patch(`/api/v1/tiers/${tier.id}`)
        .set(as(promoter.owner))
        .send({ maxPerOrder: 1 })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['minPerOrder']);
      const [entry] = (await t.dataSource.query(
        `SELECT before, after FROM audit_entries WHERE entity_id = $1 AND action = 'tier.updated'`,
        [tier.id],
      )) as Array<{ before: unknown; after: unknown }>;
      expect(entry).toMatchObject({ before: { price: 2500 }, after: { price: 3000 } });
    });

    it('answers 404 to another promoter and 403 to staff', async () => {
      const tier = await createTier(t, promoter.owner, event.id);
      await http().patch(`/api/v1/tiers/${tier.id}`).set(as(other.owner)).send({ price: 1 }).expect(404);
      await http().delete(`/api/v1/tiers/${tier.id}`).set(as(other.owner)).expect(404);
      const staff = await withRole(t, await registerUser(t), 'promoter');
      await addMember(t, promoter.owner, promoter.id, staff, 'staff');
      await http().patch(`/api/v1/tiers/${tier.id}`).set(as(staff)).send({ price: 1 }).expect(403);
      await http().patch(`/api/v1/tiers/${tier.id}`).set(as(admin)).send({ price: 1 }).expect(200);
    });
  });

  describe('deleting', () => {
    it('deletes only while nothing is sold or held', async () => {
      const tier = await createTier(t, promoter.owner, event.id);
      await setCounts(tier.id, 0, 1);
      const held = await http().delete(`/api/v1/tiers/${tier.id}`).set(as(promoter.owner)).expect(409);
      expect(held.body).toMatchObject({ code: 'TIER_HAS_SALES', details: { held: 1 } });
      await setCounts(tier.id, 1, 0);
      await http().delete(`/api/v1/tiers/${tier.id}`).set(as(promoter.owner)).expect(409);
      await setCounts(tier.id, 0, 0);
      await http().delete(`/api/v1/tiers/${tier.id}`).set(as(promoter.owner)).expect(204);
      await http().patch(`/api/v1/tiers/${tier.id}`).set(as(promoter.owner)).send({ price: 1 }).expect(404);
      await http().get(`/api/v1/tiers/${tier.id}/availability`).set(as(promoter.owner)).expect(404);
    });
  });

  describe('listing and availability', () => {
    it('lists visible tiers in order, hidden ones only for members and admins', async () => {
      const { eventId, owner } = await createOnSaleEvent(t, {
        tiers: [
          { name: 'VIP', price: 9000, sortOrder: 2 },
          { name: 'Standard', price: 3000, sortOrder: 1 },
          { name: 'Crew', price: 0, hidden: true, sortOrder: 0 },
        ],
      });
      const names = (body: { items: Array<{ name: string }> }) => body.items.map((tier) => tier.name);
      const anonymous = await http().get(`/api/v1/events/${eventId}/tiers`).expect(200);
      expect(names(anonymous.body)).toEqual(['Standard', 'VIP']);
      expect(anonymous.body).toMatchObject({ total: 2, hasNext: false });
      expect(
        names((await http().get(`/api/v1/events/${eventId}/tiers`).set(as(owner)).expect(200)).body),
      ).toEqual(['Crew', 'Standard', 'VIP']);
      expect(
        (await http().get(`/api/v1/events/${eventId}/tiers`).set(as(admin)).expect(200)).body.total,
      ).toBe(3);
      expect(
        (await http().get(`/api/v1/events/${eventId}/tiers`).set(as(other.owner)).expect(200)).body.total,
      ).toBe(2);
      const page = await http().get(`/api/v1/events/${eventId}/tiers?limit=1&offset=1`).expect(200);
      expect(page.body).toMatchObject({
        total: 2,
        hasNext: false,
        items: [expect.objectContaining({ name: 'VIP' })],
      });
    });

    it('answers 404 for the tiers of a draft to the public', async () => {
      await http().get(`/api/v1/events/${event.id}/tiers`).expect(404);
      await http().get(`/api/v1/events/${event.id}/tiers`).set(as(promoter.owner)).expect(200);
    });

    it('reports capacity, sold, held, available and on_sale / sold_out', async () => {
      const { tierIds } = await createOnSaleEvent(t, { tiers: [{ capacity: 10 }] });
      await setCounts(tierIds[0], 4, 1);
      const res = await http().get(`/api/v1/tiers/${tierIds[0]}/availability`).expect(200);
      expect(res.body).toEqual({ capacity: 10, sold: 4, held: 1, available: 5, status: 'on_sale' });
      await setCounts(tierIds[0], 8, 2);
      const soldOut = await http().get(`/api/v1/tiers/${tierIds[0]}/availability`).expect(200);
      expect(soldOut.body).toEqual({ capacity: 10, sold: 8, held: 2, available: 0, status: 'sold_out' });
    });

    it('reports not_started before the window and ended after it, using the clock', async () => {
      const inDays = (d: number) => new Date(Date.now() + d * 86400_000).toISOString();
      const { tierIds } = await createOnSaleEvent(t, {
        tiers: [{ salesStartAt: inDays(2), salesEndAt: inDays(5) }],
      });
      const status = async () =>
        (await http().get(`/api/v1/tiers/${tierIds[0]}/availability`).expect(200)).body.status;
      try {
        expect(await status()).toBe('not_started');
        t.clock.advance(3 * 86400_000);
        expect(await status()).toBe('on_sale');
        t.clock.advance(3 * 86400_000);
        expect(await status()).toBe('ended');
      } finally {
        t.clock.reset();
      }
    });

    it('hides a hidden tier and the tiers of a suspended promoter from the public', async () => {
      const { tierIds, owner } = await createOnSaleEvent(t, { tiers: [{ hidden: true }] });
      await http().get(`/api/v1/tiers/${tierIds[0]}/availability`).expect(404);
      await http().get(`/api/v1/tiers/${tierIds[0]}/availability`).set(as(owner)).expect(200);
      await http().get('/api/v1/tiers/00000000-0000-4000-8000-000000000000/availability').expect(404);
      await http().get('/api/v1/tiers/not-a-uuid/availability').expect(400);
    });
  });
});

import { createTestApp, eventually, TestApp } from './app';
import {
  addMember,
  createApprovedPromoter,
  createEvent,
  createOnSaleEvent,
  createPendingPromoter,
  createTier,
  eventBody,
  movePromoter,
  moveEventToPast,
  publishEvent,
  sharedAdmin,
  TestPromoter,
} from './factories/catalog';
import { postOrder } from './factories/orders';
import { authHeader, registerUser, TestUser, withRole } from './factories/users';

describe('events: access, validation, lifecycle, visibility', () => {
  let t: TestApp;
  let admin: TestUser;
  let promoter: TestPromoter;
  let other: TestPromoter;
  let staff: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await sharedAdmin(t);
    promoter = await createApprovedPromoter(t);
    other = await createApprovedPromoter(t);
    staff = await registerUser(t);
    await addMember(t, promoter.owner, promoter.id, staff, 'staff');
    customer = await registerUser(t);
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const as = (u: TestUser) => authHeader(u.accessToken);
  const fieldsOf = (body: { details?: { fields?: Array<{ field: string }> } }) =>
    (body.details?.fields ?? []).map((f) => f.field);
  const audit = (entityId: string, action: string) =>
    t.dataSource.query(
      `SELECT actor_id, before, after FROM audit_entries WHERE entity_id = $1 AND action = $2`,
      [entityId, action],
    ) as Promise<Array<{ actor_id: string | null; before: unknown; after: unknown }>>;

  describe('who may create', () => {
    it('creates a draft for an owner of an approved promoter, audited', async () => {
      const res = await http()
        .post('/api/v1/events')
        .set(as(promoter.owner))
        .send(eventBody(promoter.id))
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'draft',
        promoter: { id: promoter.id, name: promoter.name },
        venue: { name: 'Test Hall', city: 'Berlin', country: 'DE' },
        currency: 'EUR',
        timezone: 'Europe/Berlin',
        salesStartAt: null,
        deletedAt: null,
        slug: expect.stringMatching(/^test-event-/),
      });
      expect(await audit(res.body.id, 'event.created')).toHaveLength(1);
    });

    it('refuses a customer with 403', async () => {
      const res = await http()
        .post('/api/v1/events')
        .set(as(customer))
        .send(eventBody(promoter.id))
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('refuses a pending promoter with 403, whatever the role of its owner', async () => {
      const pending = await createPendingPromoter(t);
      await http().post('/api/v1/events').set(as(pending.owner)).send(eventBody(pending.id)).expect(403);
      // The owner also runs an approved promoter, so has the promoter role: the promoter's state still decides.
      await createApprovedPromoter(t, pending.owner);
      const res = await http()
        .post('/api/v1/events')
        .set(as(pending.owner))
        .send(eventBody(pending.id))
        .expect(403);
      expect(res.body.code).toBe('PROMOTER_NOT_APPROVED');
    });

    it("answers 404 to another promoter's member and 403 to staff", async () => {
      await http().post('/api/v1/events').set(as(other.owner)).send(eventBody(promoter.id)).expect(404);
      const staffPromoter = await withRole(t, staff, 'promoter');
      const res = await http()
        .post('/api/v1/events')
        .set(as(staffPromoter))
        .send(eventBody(promoter.id))
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('lets an admin create for any approved promoter', async () => {
      await http().post('/api/v1/events').set(as(admin)).send(eventBody(promoter.id)).expect(201);
    });
  });

  describe('body validation', () => {
    const invalid = async (overrides: Record<string, unknown>, field: string) => {
      const res = await http()
        .post('/api/v1/events')
        .set(as(promoter.owner))
        .send(eventBody(promoter.id, overrides))
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res.body)).toContain(field);
    };
    const inDays = (d: number) => new Date(Date.now() + d * 86400_000).toISOString();

    it('requires endsAt after startsAt', () =>
      invalid({ startsAt: inDays(10), endsAt: inDays(9) }, 'endsAt'));
    it('requires a start in the future', () =>
      invalid({ startsAt: inDays(-1), endsAt: inDays(1) }, 'startsAt'));
    it('requires a known IANA time zone', () => invalid({ timezone: 'Mars/Olympus' }, 'timezone'));
    it('requires an ISO 4217 currency', () => invalid({ currency: 'EURO' }, 'currency'));
    it('requires instants with an offset', () => invalid({ startsAt: '2031-01-01T20:00:00' }, 'startsAt'));
    it('requires the sales window to close by the end', () =>
      invalid({ startsAt: inDays(10), endsAt: inDays(11), salesEndAt: inDays(12) }, 'salesEndAt'));
    it('requires the sales window to open before it closes', () =>
      invalid({ salesStartAt: inDays(5), salesEndAt: inDays(4) }, 'salesEndAt'));
    it('validates the venue object', () =>
      invalid(
        { venue: { name: 'Hall', address: 'Street 1', city: 'Berlin', country: 'XX' } },
        'venue.country',
      ));
    it('rejects an unknown property', () => invalid({ status: 'published' }, 'status'));
    it('rejects an unknown venue property', () =>
      invalid({ venue: { name: 'H', address: 'A', city: 'C', country: 'DE', floor: 2 } }, 'venue.floor'));
  });

  describe('editing', () => {
    it('lets managers edit and audits before and after', async () => {
      const event = await createEvent(t, promoter);
      const res = await http()
        .patch(`/api/v1/events/${event.id}`)
        .set(as(promoter.owner))
        .send({
          title: 'New Title',
          venue: { name: 'Arena', address: '2 Road', city: 'Hamburg', country: 'DE' },
        })
        .expect(200);
      expect(res.body).toMatchObject({ title: 'New Title', venue: { name: 'Arena', city: 'Hamburg' } });
      const [entry] = await audit(event.id, 'event.updated');
      expect(entry.after).toMatchObject({ title: 'New Title', venueCity: 'Hamburg' });
      expect(entry.before).toMatchObject({ venueCity: 'Berlin' });
    });

    it('validates the merged schedule', async () => {
      const event = await createEvent(t, promoter);
      const before = new Date(new Date(event.startsAt).getTime() - 3600_000).toISOString();
      const res = await http()
        .patch(`/api/v1/events/${event.id}`)
        .set(as(promoter.owner))
        .send({ endsAt: before })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['endsAt']);
      await http()
        .patch(`/api/v1/events/${event.id}`)
        .set(as(promoter.owner))
        .send({ title: null })
        .expect(400);
      await http()
        .patch(`/api/v1/events/${event.id}`)
        .set(as(promoter.owner))
        .send({ promoterId: other.id })
        .expect(400);
    });

    it('answers 403 to staff, 404 to another promoter, 200 to an admin', async () => {
      const event = await createEvent(t, promoter);
      const staffPromoter = await withRole(t, staff, 'promoter');
      const res = await http()
        .patch(`/api/v1/events/${event.id}`)
        .set(as(staffPromoter))
        .send({ title: 'Staff' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await http()
        .patch(`/api/v1/events/${event.id}`)
        .set(as(other.owner))
        .send({ title: 'Other' })
        .expect(404);
      await http().delete(`/api/v1/events/${event.id}`).set(as(other.owner)).expect(404);
      await http().post(`/api/v1/events/${event.id}/publish`).set(as(other.owner)).expect(404);
      await http().post(`/api/v1/events/${event.id}/cancel`).set(as(other.owner)).send({}).expect(404);
      await http().patch(`/api/v1/events/${event.id}`).set(as(admin)).send({ title: 'By Admin' }).expect(200);
    });

    it('freezes the currency once a unit is held or sold, and allows it before', async () => {
      const { eventId, tierIds, owner } = await createOnSaleEvent(t, {
        owner: (await createApprovedPromoter(t)).owner,
      });
      await http().patch(`/api/v1/events/${eventId}`).set(as(owner)).send({ currency: 'USD' }).expect(200);
      await t.dataSource.query(`UPDATE ticket_tiers SET held = 1 WHERE id = $1`, [tierIds[0]]);
      const res = await http()
        .patch(`/api/v1/events/${eventId}`)
        .set(as(owner))
        .send({ currency: 'GBP' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'FIELD_FROZEN', details: { fields: ['currency'], held: 1 } });
      await http()
        .patch(`/api/v1/events/${eventId}`)
        .set(as(owner))
        .send({ title: 'Still editable' })
        .expect(200);
      await http().patch(`/api/v1/events/${eventId}`).set(as(owner)).send({ currency: 'USD' }).expect(200);
    });
  });

  describe('state transitions', () => {
    it('draft -> published needs a tier, then publishes and audits', async () => {
      const event = await createEvent(t, promoter);
      const res = await http().post(`/api/v1/events/${event.id}/publish`).set(as(promoter.owner)).expect(409);
      expect(res.body).toMatchObject({
        code: 'EVENT_NOT_PUBLISHABLE',
        details: { reasons: [expect.any(String)] },
      });
      await createTier(t, promoter.owner, event.id);
      const published = await publishEvent(t, promoter.owner, event.id);
      expect(published).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
      const [entry] = await audit(event.id, 'event.published');
      expect(entry).toMatchObject({ before: { status: 'draft' }, after: { status: 'published' } });
    });

    it('refuses to publish an event whose start has passed', async () => {
      const event = await createEvent(t, promoter);
      await createTier(t, promoter.owner, event.id);
      await moveEventToPast(t, event.id);
      const res = await http().post(`/api/v1/events/${event.id}/publish`).set(as(promoter.owner)).expect(409);
      expect(res.body.code).toBe('EVENT_NOT_PUBLISHABLE');
    });

    it('refuses to publish for a pending promoter with 403', async () => {
      const pending = await createPendingPromoter(t, await withRole(t, await registerUser(t), 'promoter'));
      // The API never lets a pending promoter create events, so the draft is written directly.
      const [{ id }] = (await t.dataSource.query(
        `INSERT INTO events (promoter_id, title, slug, category, venue_name, venue_address, venue_city, venue_country,
                             timezone, starts_at, ends_at, currency)
         VALUES ($1, 'Pending gig', $2, 'music', 'Hall', 'Street', 'Berlin', 'DE', 'UTC',
                 now() + interval '10 days', now() + interval '11 days', 'EUR') RETURNING id`,
        [pending.id, `pending-gig-${pending.id}`],
      )) as [{ id: string }];
      const res = await http().post(`/api/v1/events/${id}/publish`).set(as(pending.owner)).expect(403);
      expect(res.body.code).toBe('PROMOTER_NOT_APPROVED');
    });

    it('draft -> cancelled and published -> cancelled, with the reason audited', async () => {
      const draft = await createEvent(t, promoter);
      const a = await http()
        .post(`/api/v1/events/${draft.id}/cancel`)
        .set(as(promoter.owner))
        .send({ reason: 'Venue unavailable' })
        .expect(200);
      expect(a.body).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
      const [entry] = await audit(draft.id, 'event.cancelled');
      expect(entry).toMatchObject({
        before: { status: 'draft' },
        after: { status: 'cancelled', reason: 'Venue unavailable' },
      });

      const { eventId, tierIds, owner } = await createOnSaleEvent(t);
      await http().post(`/api/v1/events/${eventId}/cancel`).set(as(owner)).send({}).expect(200);
      const availability = await http().get(`/api/v1/tiers/${tierIds[0]}/availability`).expect(200);
      expect(availability.body.status).toBe('ended');
      const publicView = await http().get(`/api/v1/events/${eventId}`).expect(200);
      expect(publicView.body.status).toBe('cancelled');
    });

    it('releases open holds once a published event is cancelled (the checkout hook)', async () => {
      const { eventId, tierIds, owner } = await createOnSaleEvent(t, { tiers: [{ capacity: 5 }] });
      const buyer = await registerUser(t);
      const order = await postOrder(t, buyer, eventId, [{ tierId: tierIds[0], quantity: 2 }]).expect(201);
      await http().post(`/api/v1/events/${eventId}/cancel`).set(as(owner)).send({}).expect(200);
      await eventually(async () => {
        const [row] = (await t.dataSource.query(`SELECT held FROM ticket_tiers WHERE id = $1`, [
          tierIds[0],
        ])) as [{ held: number }];
        return row.held === 0;
      });
      const mine = await http().get(`/api/v1/orders/${order.body.id}`).set(as(buyer)).expect(200);
      expect(mine.body.status).toBe('cancelled');
    });

    it('published -> completed by the sweeper once the event has ended, audited and idempotent', async () => {
      const { eventId } = await createOnSaleEvent(t);
      const draft = await createEvent(t, promoter);
      await moveEventToPast(t, eventId);
      await moveEventToPast(t, draft.id);
      await t.sweep('event-completion');
      await t.sweep('event-completion');
      const res = await http().get(`/api/v1/events/${eventId}`).expect(200);
      expect(res.body).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
      const entries = await audit(eventId, 'event.completed');
      expect(entries).toEqual([expect.objectContaining({ actor_id: null, before: { status: 'published' } })]);
      const stillDraft = await http().get(`/api/v1/events/${draft.id}`).set(as(promoter.owner)).expect(200);
      expect(stillDraft.body.status).toBe('draft');
    });

    it('completes an event when the clock passes its end', async () => {
      const { eventId } = await createOnSaleEvent(t);
      await t.sweep('event-completion');
      expect((await http().get(`/api/v1/events/${eventId}`).expect(200)).body.status).toBe('published');
      t.clock.advance(40 * 86400_000);
      try {
        await t.sweep('event-completion');
      } finally {
        t.clock.reset();
      }
      expect((await http().get(`/api/v1/events/${eventId}`).expect(200)).body.status).toBe('completed');
    });

    it.each([
      ['published', 'publish'],
      ['cancelled', 'publish'],
      ['completed', 'publish'],
      ['cancelled', 'cancel'],
      ['completed', 'cancel'],
    ])('refuses a %s event to %s with 409 INVALID_STATE_TRANSITION', async (status, action) => {
      const { eventId, owner } = await createOnSaleEvent(t);
      if (status !== 'published')
        await t.dataSource.query(`UPDATE events SET status = $2 WHERE id = $1`, [eventId, status]);
      const res = await http()
        .post(`/api/v1/events/${eventId}/${action}`)
        .set(as(owner))
        .send({})
        .expect(409);
      expect(res.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', details: { from: status } });
    });

    it('refuses to edit a cancelled event', async () => {
      const event = await createEvent(t, promoter);
      await http().post(`/api/v1/events/${event.id}/cancel`).set(as(promoter.owner)).send({}).expect(200);
      const res = await http()
        .patch(`/api/v1/events/${event.id}`)
        .set(as(promoter.owner))
        .send({ title: 'Late' })
        .expect(409);
      expect(res.body.code).toBe('CONFLICT');
    });

    it('lets an admin publish and cancel any event', async () => {
      const event = await createEvent(t, promoter);
      await createTier(t, admin, event.id);
      await publishEvent(t, admin, event.id);
      await http().post(`/api/v1/events/${event.id}/cancel`).set(as(admin)).send({}).expect(200);
    });
  });

  describe('deleting', () => {
    it('soft-deletes an event without sales: gone for the public, visible to members', async () => {
      const { eventId, owner } = await createOnSaleEvent(t);
      await http().delete(`/api/v1/events/${eventId}`).set(as(owner)).expect(204);
      await http().get(`/api/v1/events/${eventId}`).expect(404);
      const member = await http().get(`/api/v1/events/${eventId}`).set(as(owner)).expect(200);
      expect(member.body.deletedAt).toEqual(expect.any(String));
      await http().get(`/api/v1/events/${eventId}`).set(as(admin)).expect(200);
      await http().patch(`/api/v1/events/${eventId}`).set(as(owner)).send({ title: 'Ghost' }).expect(404);
      const listed = await http().get(`/api/v1/events?promoterId=${member.body.promoter.id}`).expect(200);
      expect(listed.body.items).toEqual([]);
      expect(await audit(eventId, 'event.deleted')).toHaveLength(1);
    });

    it('refuses to delete an event with sold tickets', async () => {
      const { eventId, tierIds, owner } = await createOnSaleEvent(t);
      await t.dataSource.query(`UPDATE ticket_tiers SET sold = 2 WHERE id = $1`, [tierIds[0]]);
      const res = await http().delete(`/api/v1/events/${eventId}`).set(as(owner)).expect(409);
      expect(res.body).toMatchObject({ code: 'EVENT_HAS_SALES', details: { sold: 2 } });
    });

    it('answers 403 to staff and 404 to another promoter', async () => {
      const event = await createEvent(t, promoter);
      const staffPromoter = await withRole(t, staff, 'promoter');
      await http().delete(`/api/v1/events/${event.id}`).set(as(staffPromoter)).expect(403);
      await http().delete(`/api/v1/events/${event.id}`).set(as(other.owner)).expect(404);
      await http().delete(`/api/v1/events/${event.id}`).set(as(admin)).expect(204);
    });
  });

  describe('visibility', () => {
    it('hides drafts from the public and strangers, shows them to members and admins', async () => {
      const event = await createEvent(t, promoter);
      await http().get(`/api/v1/events/${event.id}`).expect(404);
      await http().get(`/api/v1/events/${event.id}`).set(as(customer)).expect(404);
      await http().get(`/api/v1/events/${event.id}`).set(as(other.owner)).expect(404);
      await http().get(`/api/v1/events/${event.id}`).set(as(staff)).expect(200);
      await http().get(`/api/v1/events/${event.id}`).set(as(admin)).expect(200);
    });

    it('refuses a bad token on a public route instead of quietly answering as anonymous', async () => {
      const { eventId } = await createOnSaleEvent(t);
      // The list ignores credentials altogether (plain @Public): the bad token changes nothing.
      const res = await http()
        .get('/api/v1/events')
        .query({ limit: 100 })
        .set('Authorization', 'Bearer not-a-token')
        .expect(200);
      expect(res.body.items.map((e: { id: string }) => e.id)).toContain(eventId);
      // The detail recognises members (optional sign-in), so a bad token is refused rather than ignored.
      const refused = await http()
        .get(`/api/v1/events/${eventId}`)
        .set('Authorization', 'Bearer not-a-token')
        .expect(401);
      expect(refused.body.code).toBe('TOKEN_INVALID');
    });

    it("hides a suspended promoter's events until it is reinstated", async () => {
      const { eventId, promoter: p, owner } = await createOnSaleEvent(t);
      const listed = async () =>
        (await http().get(`/api/v1/events?promoterId=${p.id}`).expect(200)).body.items.map(
          (e: { id: string }) => e.id,
        );
      expect(await listed()).toEqual([eventId]);
      await movePromoter(t, p.id, 'suspend');
      expect(await listed()).toEqual([]);
      await http().get(`/api/v1/events/${eventId}`).expect(404);
      await http().get(`/api/v1/events/${eventId}`).set(as(owner)).expect(200);
      await movePromoter(t, p.id, 'reinstate');
      expect(await listed()).toEqual([eventId]);
      await http().get(`/api/v1/events/${eventId}`).expect(200);
    });

    it('shows hidden tiers only to members and admins', async () => {
      const { eventId, owner } = await createOnSaleEvent(t, {
        tiers: [{ name: 'Public' }, { name: 'Guest list', hidden: true }],
      });
      const names = (body: { tiers: Array<{ name: string }> }) => body.tiers.map((tier) => tier.name).sort();
      expect(names((await http().get(`/api/v1/events/${eventId}`).expect(200)).body)).toEqual(['Public']);
      expect(
        names((await http().get(`/api/v1/events/${eventId}`).set(as(customer)).expect(200)).body),
      ).toEqual(['Public']);
      expect(names((await http().get(`/api/v1/events/${eventId}`).set(as(owner)).expect(200)).body)).toEqual([
        'Guest list',
        'Public',
      ]);
      expect(
        names((await http().get(`/api/v1/events/${eventId}`).set(as(admin)).expect(200)).body),
      ).toHaveLength(2);
    });

    it('includes tiers with live availability', async () => {
      const { eventId, tierIds } = await createOnSaleEvent(t, { tiers: [{ capacity: 10, price: 1500 }] });
      await t.dataSource.query(`UPDATE ticket_tiers SET sold = 3, held = 2 WHERE id = $1`, [tierIds[0]]);
      const res = await http().get(`/api/v1/events/${eventId}`).expect(200);
      expect(res.body.tiers).toEqual([
        expect.objectContaining({
          id: tierIds[0],
          price: 1500,
          currency: 'EUR',
          capacity: 10,
          sold: 3,
          held: 2,
          available: 5,
          status: 'on_sale',
        }),
      ]);
    });

    it("lists every status of a promoter's events for its members, and 404 for others", async () => {
      const p = await createApprovedPromoter(t);
      const draft = await createEvent(t, p);
      const { eventId: published } = await createOnSaleEvent(t, { promoter: p });
      const cancelled = await createEvent(t, p);
      await http().post(`/api/v1/events/${cancelled.id}/cancel`).set(as(p.owner)).send({}).expect(200);
      const res = await http().get(`/api/v1/promoters/${p.id}/events`).set(as(p.owner)).expect(200);
      expect(res.body.total).toBe(3);
      expect(res.body.items.map((e: { id: string }) => e.id).sort()).toEqual(
        [draft.id, published, cancelled.id].sort(),
      );
      expect(res.body.items.map((e: { status: string }) => e.status).sort()).toEqual([
        'cancelled',
        'draft',
        'published',
      ]);
      const drafts = await http()
        .get(`/api/v1/promoters/${p.id}/events?status=draft`)
        .set(as(p.owner))
        .expect(200);
      expect(drafts.body.items.map((e: { id: string }) => e.id)).toEqual([draft.id]);
      await http().get(`/api/v1/promoters/${p.id}/events`).set(as(admin)).expect(200);
      await http().get(`/api/v1/promoters/${p.id}/events`).set(as(other.owner)).expect(404);
      await http().get(`/api/v1/promoters/${p.id}/events`).set(as(customer)).expect(404);
    });
  });
});

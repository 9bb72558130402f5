import { createTestApp, TestApp } from './app';
import {
  addMember,
  createApprovedPromoter,
  createPendingPromoter,
  movePromoter,
  sharedAdmin,
  TestPromoter,
} from './factories/catalog';
import { authHeader, registerUser, TestUser, uniqueEmail } from './factories/users';

describe('promoters: applying, admin moves, team', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await sharedAdmin(t);
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const as = (u: TestUser) => authHeader(u.accessToken);
  const userRole = async (id: string) =>
    ((await t.dataSource.query(`SELECT role FROM users WHERE id = $1`, [id])) as [{ role: string }])[0].role;
  const outbox = (to: string, template: string) =>
    t.dataSource.query(`SELECT data FROM notifications WHERE recipient = $1 AND template = $2`, [
      to.toLowerCase(),
      template,
    ]) as Promise<Array<{ data: Record<string, unknown> }>>;
  const audit = (entityId: string, action: string) =>
    t.dataSource.query(
      `SELECT actor_id, before, after, ip FROM audit_entries WHERE entity_id = $1 AND action = $2`,
      [entityId, action],
    ) as Promise<Array<{ actor_id: string; before: unknown; after: unknown; ip: string | null }>>;

  describe('applying', () => {
    it('lets any signed-in user apply; the applicant is the owner and the promoter is pending', async () => {
      const user = await registerUser(t);
      const res = await http()
        .post('/api/v1/promoters')
        .set(as(user))
        .send({
          name: 'Moonlight Concerts',
          contactEmail: 'Hello@Moonlight.example',
          websiteUrl: 'https://m.example',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Moonlight Concerts',
        slug: expect.stringMatching(/^moonlight-concerts/),
        contactEmail: 'hello@moonlight.example',
        ownerUserId: user.id,
        status: 'pending',
      });
      const members = await http().get(`/api/v1/promoters/${res.body.id}/members`).set(as(user)).expect(200);
      expect(members.body.items).toEqual([
        expect.objectContaining({ userId: user.id, role: 'owner', status: 'active' }),
      ]);
      expect(await audit(res.body.id, 'promoter.applied')).toHaveLength(1);
      expect(await userRole(user.id)).toBe('customer');
    });

    it('refuses anonymous applications, unknown properties and a taken slug', async () => {
      await http().post('/api/v1/promoters').send({ name: 'X', contactEmail: 'a@b.example' }).expect(401);
      const user = await registerUser(t);
      const bad = await http()
        .post('/api/v1/promoters')
        .set(as(user))
        .send({ name: 'Sneaky', contactEmail: 'a@b.example', status: 'approved' })
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      const first = await createPendingPromoter(t, user);
      const taken = await http()
        .post('/api/v1/promoters')
        .set(as(user))
        .send({ name: 'Other', slug: first.slug, contactEmail: 'a@b.example' })
        .expect(409);
      expect(taken.body.code).toBe('PROMOTER_SLUG_TAKEN');
    });
  });

  describe('reading and editing', () => {
    let promoter: TestPromoter;
    let stranger: TestUser;
    let staff: TestUser;

    beforeAll(async () => {
      promoter = await createApprovedPromoter(t);
      stranger = await registerUser(t);
      staff = await registerUser(t);
      await addMember(t, promoter.owner, promoter.id, staff, 'staff');
    });

    it('shows the promoter to members and admins, and 404 to anyone else', async () => {
      await http().get(`/api/v1/promoters/${promoter.id}`).set(as(promoter.owner)).expect(200);
      await http().get(`/api/v1/promoters/${promoter.id}`).set(as(staff)).expect(200);
      await http().get(`/api/v1/promoters/${promoter.id}`).set(as(admin)).expect(200);
      const res = await http().get(`/api/v1/promoters/${promoter.id}`).set(as(stranger)).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('lets owners and admins edit, not staff or strangers, and audits the change', async () => {
      const res = await http()
        .patch(`/api/v1/promoters/${promoter.id}`)
        .set(as(promoter.owner))
        .send({ name: 'Renamed Nights', description: null })
        .expect(200);
      expect(res.body.name).toBe('Renamed Nights');
      await http()
        .patch(`/api/v1/promoters/${promoter.id}`)
        .set(as(admin))
        .send({ description: 'Hi' })
        .expect(200);
      const forbidden = await http()
        .patch(`/api/v1/promoters/${promoter.id}`)
        .set(as(staff))
        .send({ name: 'Staff rename' })
        .expect(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
      await http()
        .patch(`/api/v1/promoters/${promoter.id}`)
        .set(as(stranger))
        .send({ name: 'X y' })
        .expect(404);
      const [entry] = await audit(promoter.id, 'promoter.updated');
      expect(entry.before).toMatchObject({ name: expect.any(String) });
      expect(entry.after).toMatchObject({ name: 'Renamed Nights' });
    });

    it('refuses a status change through PATCH and null for a required field', async () => {
      await http()
        .patch(`/api/v1/promoters/${promoter.id}`)
        .set(as(promoter.owner))
        .send({ status: 'approved' })
        .expect(400);
      await http()
        .patch(`/api/v1/promoters/${promoter.id}`)
        .set(as(promoter.owner))
        .send({ name: null })
        .expect(400);
    });
  });

  describe('admin moves', () => {
    const LEGAL: Array<[string, string, string]> = [
      ['pending', 'approve', 'approved'],
      ['pending', 'reject', 'rejected'],
      ['approved', 'suspend', 'suspended'],
      ['suspended', 'reinstate', 'approved'],
    ];
    const PATH_TO: Record<string, string[]> = {
      pending: [],
      approved: ['approve'],
      rejected: ['reject'],
      suspended: ['approve', 'suspend'],
    };
    const TEMPLATES: Record<string, string> = {
      approve: 'promoter-approved',
      reject: 'promoter-rejected',
      suspend: 'promoter-suspended',
      reinstate: 'promoter-reinstated',
    };

    async function promoterIn(status: string): Promise<TestPromoter> {
      const promoter = await createPendingPromoter(t);
      for (const action of PATH_TO[status]) await movePromoter(t, promoter.id, action);
      return promoter;
    }

    it.each(LEGAL)(
      'moves %s --%s--> %s, audits it with before/after and emails the owner',
      async (from, action, to) => {
        const promoter = await promoterIn(from);
        const res = await http()
          .post(`/api/v1/admin/promoters/${promoter.id}/${action}`)
          .set(as(admin))
          .set('User-Agent', 'catalog-test')
          .send({ reason: 'Checked by the team' })
          .expect(200);
        expect(res.body.status).toBe(to);
        const entries = await audit(
          promoter.id,
          `promoter.${to === 'approved' && from === 'suspended' ? 'reinstated' : to}`,
        );
        const entry = entries[entries.length - 1];
        expect(entry).toMatchObject({
          actor_id: admin.id,
          before: { status: from },
          after: expect.objectContaining({ status: to }),
        });
        const mails = await outbox(promoter.owner.email, TEMPLATES[action]);
        expect(mails.length).toBeGreaterThanOrEqual(1);
        expect(mails[mails.length - 1].data).toMatchObject({
          promoterName: promoter.name,
          name: promoter.owner.name,
        });
      },
    );

    const ALL_STATUSES = ['pending', 'approved', 'rejected', 'suspended'];
    const ILLEGAL = ['approve', 'reject', 'suspend', 'reinstate'].flatMap((action) =>
      ALL_STATUSES.filter((from) => !LEGAL.some(([f, a]) => f === from && a === action)).map((from) => [
        from,
        action,
      ]),
    );

    it.each(ILLEGAL)(
      'refuses %s --%s--> with 409 INVALID_STATE_TRANSITION and changes nothing',
      async (from, action) => {
        const promoter = await promoterIn(from);
        const res = await http()
          .post(`/api/v1/admin/promoters/${promoter.id}/${action}`)
          .set(as(admin))
          .send({})
          .expect(409);
        expect(res.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', details: { from, action } });
        const after = await http().get(`/api/v1/promoters/${promoter.id}`).set(as(admin)).expect(200);
        expect(after.body.status).toBe(from);
      },
    );

    it('keeps the reason of a rejection on the promoter and in the email', async () => {
      const promoter = await createPendingPromoter(t);
      const res = await http()
        .post(`/api/v1/admin/promoters/${promoter.id}/reject`)
        .set(as(admin))
        .send({ reason: 'Missing company details' })
        .expect(200);
      expect(res.body.statusReason).toBe('Missing company details');
      const [mail] = await outbox(promoter.owner.email, 'promoter-rejected');
      expect(mail.data).toMatchObject({ reason: 'Missing company details' });
    });

    it('gives the owner (and customer members) the promoter role on approval, audited', async () => {
      const promoter = await createPendingPromoter(t);
      const manager = await registerUser(t);
      await addMember(t, promoter.owner, promoter.id, manager, 'manager');
      expect(await userRole(manager.id)).toBe('customer');
      await movePromoter(t, promoter.id, 'approve');
      expect(await userRole(promoter.owner.id)).toBe('promoter');
      expect(await userRole(manager.id)).toBe('promoter');
      expect(await audit(promoter.owner.id, 'user.role_changed')).toHaveLength(1);
    });

    it('gives the role on reinstatement to customers who joined while suspended', async () => {
      const promoter = await createApprovedPromoter(t);
      await movePromoter(t, promoter.id, 'suspend');
      const joiner = await registerUser(t);
      await addMember(t, promoter.owner, promoter.id, joiner, 'manager');
      expect(await userRole(joiner.id)).toBe('customer');
      await movePromoter(t, promoter.id, 'reinstate');
      expect(await userRole(joiner.id)).toBe('promoter');
    });

    it('is for admins only, and 404 for an unknown promoter', async () => {
      const promoter = await createPendingPromoter(t);
      const res = await http()
        .post(`/api/v1/admin/promoters/${promoter.id}/approve`)
        .set(as(promoter.owner))
        .send({});
      expect(res.status).toBe(403);
      await http().get('/api/v1/admin/promoters').set(as(promoter.owner)).expect(403);
      await http()
        .post('/api/v1/admin/promoters/00000000-0000-4000-8000-000000000000/approve')
        .set(as(admin))
        .send({})
        .expect(404);
    });

    it('lists promoters by status, oldest first, in the list shape', async () => {
      const a = await createPendingPromoter(t, undefined, { name: `Queue ${Date.now()} A` });
      const b = await createPendingPromoter(t, undefined, { name: `Queue ${Date.now()} B` });
      await movePromoter(t, b.id, 'reject');
      const pending = await http()
        .get('/api/v1/admin/promoters?status=pending&limit=100')
        .set(as(admin))
        .expect(200);
      expect(pending.body).toMatchObject({ limit: 100, offset: 0, hasNext: expect.any(Boolean) });
      const ids = pending.body.items.map((p: { id: string }) => p.id);
      expect(ids).toContain(a.id);
      expect(ids).not.toContain(b.id);
      expect(pending.body.items.every((p: { status: string }) => p.status === 'pending')).toBe(true);
      const found = await http()
        .get(`/api/v1/admin/promoters?search=${encodeURIComponent(b.name)}`)
        .set(as(admin))
        .expect(200);
      expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([b.id]);
      await http().get('/api/v1/admin/promoters?status=bogus').set(as(admin)).expect(400);
    });
  });

  describe('members', () => {
    let promoter: TestPromoter;

    beforeEach(async () => {
      promoter = await createApprovedPromoter(t);
    });

    it('adds an existing user at once, makes them a promoter and emails them', async () => {
      const user = await registerUser(t);
      const res = await http()
        .post(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(promoter.owner))
        .send({ email: user.email.toUpperCase(), role: 'manager' })
        .expect(201);
      expect(res.body).toMatchObject({ userId: user.id, role: 'manager', status: 'active' });
      expect(await userRole(user.id)).toBe('promoter');
      expect(await outbox(user.email, 'team-invite')).toHaveLength(1);
      expect(await audit(promoter.id, 'promoter.member_added')).toHaveLength(1);
      const again = await http()
        .post(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(promoter.owner))
        .send({ email: user.email, role: 'staff' })
        .expect(409);
      expect(again.body.code).toBe('ALREADY_A_MEMBER');
    });

    it('lets only owners and admins manage the team', async () => {
      const manager = await registerUser(t);
      await addMember(t, promoter.owner, promoter.id, manager, 'manager');
      const other = await registerUser(t);
      const res = await http()
        .post(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(manager))
        .send({ email: other.email, role: 'staff' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await http()
        .delete(`/api/v1/promoters/${promoter.id}/members/${promoter.owner.id}`)
        .set(as(manager))
        .expect(403);
      const stranger = await registerUser(t);
      await http()
        .post(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(stranger))
        .send({ email: other.email, role: 'staff' })
        .expect(404);
      await http().get(`/api/v1/promoters/${promoter.id}/members`).set(as(stranger)).expect(404);
      await http()
        .post(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(admin))
        .send({ email: other.email, role: 'staff' })
        .expect(201);
      await http().get(`/api/v1/promoters/${promoter.id}/members`).set(as(manager)).expect(200);
    });

    it('never removes the last owner, but removes an owner when another remains', async () => {
      const res = await http()
        .delete(`/api/v1/promoters/${promoter.id}/members/${promoter.owner.id}`)
        .set(as(promoter.owner))
        .expect(409);
      expect(res.body.code).toBe('LAST_OWNER');
      await http()
        .delete(`/api/v1/promoters/${promoter.id}/members/${promoter.owner.id}`)
        .set(as(admin))
        .expect(409);

      const second = await registerUser(t);
      await addMember(t, promoter.owner, promoter.id, second, 'owner');
      await http()
        .delete(`/api/v1/promoters/${promoter.id}/members/${promoter.owner.id}`)
        .set(as(second))
        .expect(204);
      const after = await http().get(`/api/v1/promoters/${promoter.id}`).set(as(second)).expect(200);
      expect(after.body.ownerUserId).toBe(second.id);
      await http().get(`/api/v1/promoters/${promoter.id}`).set(as(promoter.owner)).expect(404);
      expect(await audit(promoter.id, 'promoter.member_removed')).toHaveLength(1);
      await http()
        .delete(`/api/v1/promoters/${promoter.id}/members/${promoter.owner.id}`)
        .set(as(second))
        .expect(404);
    });

    it('invites an unknown address, which becomes a member when it registers', async () => {
      const email = uniqueEmail('invitee');
      const res = await http()
        .post(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(promoter.owner))
        .send({ email, role: 'staff' })
        .expect(201);
      expect(res.body).toMatchObject({ userId: null, email, role: 'staff', status: 'invited' });

      const [mail] = await outbox(email, 'team-invite');
      expect(mail.data).toMatchObject({
        promoterName: promoter.name,
        role: 'staff',
        inviterName: promoter.owner.name,
        acceptUrl: expect.stringContaining('/register'),
      });
      const listed = await http()
        .get(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(promoter.owner))
        .expect(200);
      expect(listed.body.items).toContainEqual(
        expect.objectContaining({ email, status: 'invited', userId: null }),
      );

      const invitee = await registerUser(t, { email });
      const members = await http()
        .get(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(promoter.owner))
        .expect(200);
      expect(members.body.total).toBe(2);
      expect(members.body.items).toEqual([
        expect.objectContaining({ userId: promoter.owner.id, role: 'owner', status: 'active' }),
        expect.objectContaining({ userId: invitee.id, email, role: 'staff', status: 'active' }),
      ]);
      expect(await userRole(invitee.id)).toBe('promoter');
      await http().get(`/api/v1/promoters/${promoter.id}`).set(as(invitee)).expect(200);
      expect(await audit(promoter.id, 'promoter.invite_accepted')).toHaveLength(1);
    });

    it('renews an open invite instead of duplicating it', async () => {
      const email = uniqueEmail('twice');
      for (const role of ['staff', 'manager']) {
        await http()
          .post(`/api/v1/promoters/${promoter.id}/members`)
          .set(as(promoter.owner))
          .send({ email, role })
          .expect(201);
      }
      const listed = await http()
        .get(`/api/v1/promoters/${promoter.id}/members`)
        .set(as(promoter.owner))
        .expect(200);
      const invites = listed.body.items.filter((m: { email: string }) => m.email === email);
      expect(invites).toEqual([expect.objectContaining({ role: 'manager', status: 'invited' })]);
    });

    it('pages the team list', async () => {
      for (let i = 0; i < 2; i++)
        await addMember(t, promoter.owner, promoter.id, await registerUser(t), 'staff');
      const first = await http()
        .get(`/api/v1/promoters/${promoter.id}/members?limit=2`)
        .set(as(promoter.owner))
        .expect(200);
      expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0, hasNext: true });
      expect(first.body.items).toHaveLength(2);
      const last = await http()
        .get(`/api/v1/promoters/${promoter.id}/members?limit=2&offset=2`)
        .set(as(promoter.owner))
        .expect(200);
      expect(last.body).toMatchObject({ total: 3, hasNext: false });
      expect(last.body.items).toHaveLength(1);
    });
  });
});

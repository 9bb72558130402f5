import { createTestApp, TestApp } from './app';
import { createApprovedPromoter, eventBody, sharedAdmin, TestPromoter } from './factories/catalog';
import { authHeader, registerUser, strongPassword, TestUser, uniqueEmail } from './factories/users';

/** A JSON text nested `levels` deep, built as text: JSON.stringify itself would recurse that far. */
const deepJson = (levels: number) => `{"a":${'['.repeat(levels)}1${']'.repeat(levels)}}`;

interface FieldError {
  field: string;
  errors: string[];
}

/** Asserts the 400 and returns the fields it names. */
function badFields(res: { status: number; body: { code?: string; details?: { fields?: FieldError[] } } }) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  return (res.body.details?.fields ?? []).map((f) => f.field);
}

/**
 * The hostile inputs issue 10 found answering 500, each now a 400 VALIDATION_FAILED that names the field.
 */
describe('hostile input (issue 10)', () => {
  let t: TestApp;
  let buyer: TestUser;
  let promoter: TestPromoter;

  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
    buyer = await registerUser(t);
    promoter = await createApprovedPromoter(t);
  });

  afterAll(() => t.close());

  it('refuses JSON nested 12,000 levels deep on the anonymous login and on POST /orders', async () => {
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(deepJson(12_000));
    expect(badFields(login)).toEqual(['a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0']);
    expect(login.body.details.fields[0].errors[0]).toContain('must not nest deeper than 32 levels');

    const order = await t
      .http()
      .post('/api/v1/orders')
      .set(authHeader(buyer.accessToken))
      .set('Idempotency-Key', 'deep-1')
      .set('Content-Type', 'application/json')
      .send(deepJson(12_000));
    expect(badFields(order)[0]).toMatch(/^a\.0\./);
  });

  it('accepts nesting up to the limit, where ordinary validation takes over', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(deepJson(30));
    // The guard lets it through; the DTO then refuses the unknown property and the missing fields.
    expect(badFields(res)).toEqual(expect.arrayContaining(['a', 'email', 'password']));
  });

  it('refuses NUL bytes in body strings, keys and query parameters', async () => {
    const register = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: strongPassword(), name: 'Nul\u0000Name' });
    expect(badFields(register)).toEqual(['name']);
    expect(register.body.details.fields[0].errors[0]).toBe('name must not contain NUL characters');

    const key = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ ['em\u0000ail']: 'x' });
    expect(badFields(key)).toEqual(['em\u0000ail']);

    const search = await t.http().get('/api/v1/events').query({ search: 'jazz\u0000' });
    expect(badFields(search)).toEqual(['search']);
    const city = await t.http().get('/api/v1/events?city=Ber%00lin');
    expect(badFields(city)).toEqual(['city']);
  });

  it('refuses lone UTF-16 surrogates in emails and names, and keeps proper pairs', async () => {
    const email = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: `x\ud800y@example.com`, password: strongPassword(), name: 'Someone' });
    expect(badFields(email)).toEqual(['email']);
    expect(email.body.details.fields[0].errors[0]).toContain('lone UTF-16 surrogate');

    const name = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: strongPassword(), name: 'Broken \udc00 name' });
    expect(badFields(name)).toEqual(['name']);

    // An emoji is a valid surrogate pair.
    const emoji = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: strongPassword(), name: 'Party \ud83c\udf89' });
    expect(emoji.status).toBe(201);
    expect(emoji.body.user.name).toBe('Party 🎉');
  });

  it('refuses POST /events without a venue, with venue as an array, or with an array of venues', async () => {
    const post = (overrides: Record<string, unknown>) =>
      t
        .http()
        .post('/api/v1/events')
        .set(authHeader(promoter.owner.accessToken))
        .send(eventBody(promoter.id, overrides));
    const { venue } = eventBody(promoter.id) as { venue: object };
    expect(badFields(await post({ venue: undefined }))).toEqual(['venue']);
    expect(badFields(await post({ venue: [] }))).toEqual(['venue']);
    expect(badFields(await post({ venue: [venue] }))).toEqual(['venue']);
    expect(badFields(await post({ venue: 'Berlin' }))).toEqual(['venue']);
    expect(badFields(await post({ venue: { ...venue, city: 7 } }))).toEqual(['venue.city']);
  });

  it('refuses nested arrays and non-objects among order items', async () => {
    const res = await t
      .http()
      .post('/api/v1/orders')
      .set(authHeader(buyer.accessToken))
      .send({ eventId: promoter.id, items: [[{ tierId: promoter.id, quantity: 1 }]] });
    expect(badFields(res)).toContain('items');
    const scalar = await t
      .http()
      .post('/api/v1/orders')
      .set(authHeader(buyer.accessToken))
      .send({ eventId: promoter.id, items: [3] });
    expect(badFields(scalar)).toContain('items');
  });

  it('bounds offset on every list (offset=1e20 was "bigint out of range")', async () => {
    const admin = await sharedAdmin(t);
    const lists = [
      ['/api/v1/events', undefined],
      ['/api/v1/orders', buyer],
      ['/api/v1/tickets', buyer],
      ['/api/v1/waitlist', buyer],
      ['/api/v1/admin/users', admin],
      ['/api/v1/admin/audit-log', admin],
      ['/api/v1/admin/promoters', admin],
      ['/api/v1/admin/notifications', admin],
    ] as const;
    for (const [path, user] of lists) {
      const req = t.http().get(`${path}?offset=1e20`);
      const res = await (user ? req.set(authHeader(user.accessToken)) : req);
      expect({ path, fields: badFields(res) }).toEqual({ path, fields: ['offset'] });
    }
    const deepest = await t.http().get('/api/v1/events?offset=1000000');
    expect(deepest.status).toBe(200);
    expect(badFields(await t.http().get('/api/v1/events?offset=1000001'))).toEqual(['offset']);
    expect(badFields(await t.http().get('/api/v1/events?limit=1e3'))).toEqual(['limit']);
  });

  it('refuses impossible calendar dates in filters and bodies', async () => {
    expect(badFields(await t.http().get('/api/v1/events?to=2030-02-30T00:00:00Z'))).toEqual(['to']);
    expect(badFields(await t.http().get('/api/v1/events?to=2030-02-30'))).toEqual(['to']);
    expect(badFields(await t.http().get('/api/v1/events?from=2029-02-29T10:00:00Z'))).toEqual(['from']);
    const admin = await sharedAdmin(t);
    const audit = await t
      .http()
      .get('/api/v1/admin/audit-log?from=2030-02-30T00:00:00Z')
      .set(authHeader(admin.accessToken));
    expect(badFields(audit)).toEqual(['from']);
    const event = await t
      .http()
      .post('/api/v1/events')
      .set(authHeader(promoter.owner.accessToken))
      .send(eventBody(promoter.id, { startsAt: '2031-02-29T18:00:00Z' }));
    expect(badFields(event)).toEqual(['startsAt']);
    const leap = await t.http().get('/api/v1/events?from=2028-02-29T10:00:00Z');
    expect(leap.status).toBe(200);
  });

  it('refuses a NUL in a path segment', async () => {
    const res = await t.http().get('/api/v1/admin/notifications/ab%00cd');
    expect(badFields(res)).toEqual(['path']);
  });
});

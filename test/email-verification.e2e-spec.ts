import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { confirmOrder, emailsTo, holdOrder } from './factories/orders';
import { authHeader, registerUser, TestUser } from './factories/users';

const linkToken = async (t: TestApp, email: string, nth = 0): Promise<string> => {
  const mails = await emailsTo(t, email, 'email-verification');
  return mails[nth].data.token as string;
};
const verify = (t: TestApp, token: string) => t.http().post('/api/v1/auth/verify-email').send({ token });
const resend = (t: TestApp, user: TestUser) =>
  t.http().post('/api/v1/auth/verify-email/resend').set(authHeader(user.accessToken));
const me = async (t: TestApp, user: TestUser) =>
  (await t.http().get('/api/v1/auth/me').set(authHeader(user.accessToken)).expect(200)).body;

describe('email verification', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
  });
  afterAll(() => t.close());

  it('sends a link at registration; following it verifies the address once', async () => {
    const user = await registerUser(t, { name: 'Vera' });
    expect((await me(t, user)).emailVerified).toBe(false);
    const [mail] = await emailsTo(t, user.email, 'email-verification');
    expect(mail.data).toEqual({
      name: 'Vera',
      token: expect.any(String),
      verifyUrl: `${t.config.publicUrl}/verify-email?token=${encodeURIComponent(mail.data.token as string)}`,
      expiresAt: expect.any(String),
    });
    const [stored] = await t.dataSource.query(
      `SELECT token_hash FROM email_verification_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(stored.token_hash).not.toBe(mail.data.token);

    await verify(t, mail.data.token as string).expect(204);
    expect((await me(t, user)).emailVerified).toBe(true);
    const again = await verify(t, mail.data.token as string).expect(400);
    expect(again.body.code).toBe('EMAIL_VERIFICATION_INVALID');
    const audit = await t.dataSource.query(
      `SELECT 1 FROM audit_entries WHERE entity_id = $1 AND action = 'auth.email_verified'`,
      [user.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses an unknown, malformed or expired token', async () => {
    const unknown = await verify(t, randomBytes(32).toString('base64url')).expect(400);
    expect(unknown.body.code).toBe('EMAIL_VERIFICATION_INVALID');
    expect((await verify(t, 'short').expect(400)).body.code).toBe('VALIDATION_FAILED');

    const user = await registerUser(t);
    const token = await linkToken(t, user.email);
    t.clock.advance(49 * 3600 * 1000);
    try {
      expect((await verify(t, token).expect(400)).body.code).toBe('EMAIL_VERIFICATION_INVALID');
    } finally {
      t.clock.reset();
    }
    expect((await me(t, user)).emailVerified).toBe(false);
  });

  it('rate-limits resending with a coded 429 and Retry-After, and refuses a verified address', async () => {
    const user = await registerUser(t);
    const soon = await resend(t, user).expect(429);
    expect(soon.body).toMatchObject({
      code: 'RATE_LIMITED',
      details: { policy: 'email-verification', limit: 1, windowSeconds: 60 },
    });
    expect(Number(soon.headers['retry-after'])).toBeGreaterThan(0);
    expect(await emailsTo(t, user.email, 'email-verification')).toHaveLength(1);

    t.clock.advance(61_000);
    try {
      await resend(t, user).expect(202);
    } finally {
      t.clock.reset();
    }
    expect(await emailsTo(t, user.email, 'email-verification')).toHaveLength(2);
    await verify(t, await linkToken(t, user.email, 1)).expect(204);
    expect((await resend(t, user).expect(409)).body.code).toBe('EMAIL_ALREADY_VERIFIED');
  });

  it('lets an unverified buyer pay and apply where verification is not required (the default outside production)', async () => {
    const sale = await createOnSaleEvent(t);
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    expect((await confirmOrder(t, buyer, order.id).expect(200)).body.status).toBe('paid');
    expect((await me(t, sale.owner)).emailVerified).toBe(false);
  });
});

describe('email verification required (REQUIRE_VERIFIED_EMAIL=true)', () => {
  let t: TestApp;
  let sale: OnSaleEvent;
  const verifyNow = async (user: TestUser) => verify(t, await linkToken(t, user.email)).expect(204);

  beforeAll(async () => {
    t = await createTestApp({ role: 'api', env: { REQUIRE_VERIFIED_EMAIL: 'true' } });
    const owner = await registerUser(t);
    await verifyNow(owner);
    sale = await createOnSaleEvent(t, { owner });
  });
  afterAll(() => t.close());

  it('lets an unverified buyer hold but not pay; once verified, confirm starts the payment and pays', async () => {
    const buyer = await registerUser(t);
    const order = await holdOrder(t, buyer, sale.eventId, [{ tierId: sale.tierIds[0], quantity: 1 }]);
    expect(order.status).toBe('pending');
    expect(order.payment).toEqual({ provider: 'none' });

    const refused = await confirmOrder(t, buyer, order.id).expect(403);
    expect(refused.body.code).toBe('EMAIL_NOT_VERIFIED');
    const still = await t
      .http()
      .get(`/api/v1/orders/${order.id}`)
      .set(authHeader(buyer.accessToken))
      .expect(200);
    expect(still.body).toMatchObject({ status: 'pending', payment: { provider: 'none' } });

    await verifyNow(buyer);
    const paid = await confirmOrder(t, buyer, order.id).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', payment: { provider: 'test' } });
  });

  it('refuses a promoter application until the email is verified', async () => {
    const applicant = await registerUser(t);
    const apply = () =>
      t
        .http()
        .post('/api/v1/promoters')
        .set(authHeader(applicant.accessToken))
        .send({ name: `Verified Nights ${randomBytes(3).toString('hex')}`, contactEmail: applicant.email });
    expect((await apply().expect(403)).body.code).toBe('EMAIL_NOT_VERIFIED');
    expect(
      await t.dataSource.query(`SELECT 1 FROM promoters WHERE owner_user_id = $1`, [applicant.id]),
    ).toEqual([]);
    await verifyNow(applicant);
    await apply().expect(201);
  });
});

import { generateSync } from 'otplib';
import { createTestApp, TestApp } from './app';
import { authHeader, createAdmin, registerUser, TestUser } from './factories/users';

/** The code an authenticator app shows `steps` 30-second steps from now. */
const totp = (secret: string, steps = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps });

interface Enrolled {
  user: TestUser;
  secret: string;
  recoveryCodes: string[];
}

async function enrolAndConfirm(t: TestApp, user: TestUser): Promise<Enrolled> {
  const enrol = await t.http().post('/api/v1/auth/mfa/enrol').set(authHeader(user.accessToken)).expect(201);
  const secret: string = enrol.body.secret;
  const confirm = await t
    .http()
    .post('/api/v1/auth/mfa/confirm')
    .set(authHeader(user.accessToken))
    .send({ code: totp(secret) })
    .expect(200);
  return { user, secret, recoveryCodes: confirm.body.recoveryCodes };
}

const login = (t: TestApp, user: TestUser) =>
  t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
const verify = (t: TestApp, challenge: string, code: string) =>
  t.http().post('/api/v1/auth/mfa/verify').send({ challenge, code });
const audits = async (t: TestApp, userId: string) =>
  (
    (await t.dataSource.query(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY created_at`, [
      userId,
    ])) as Array<{ action: string }>
  ).map((r) => r.action);

describe('two-factor sign-in (TOTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('enrols with a secret, an otpauth URI and a QR PNG, and stays off until a code confirms it', async () => {
    const user = await registerUser(t);
    const res = await t.http().post('/api/v1/auth/mfa/enrol').set(authHeader(user.accessToken)).expect(201);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body.otpauthUri).toBe(
      `otpauth://totp/Ticket%20Vendor:${encodeURIComponent(user.email)}?secret=${res.body.secret}&issuer=Ticket%20Vendor`,
    );
    const png = Buffer.from(res.body.qrCode.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');

    const status = await t.http().get('/api/v1/auth/mfa').set(authHeader(user.accessToken)).expect(200);
    expect(status.body).toEqual({ enabled: false, pendingEnrolment: true, recoveryCodesLeft: 0 });
    // Pending: sign-in does not ask for a code yet.
    expect((await login(t, user).expect(200)).body.accessToken).toEqual(expect.any(String));

    // The secret is stored encrypted, never in the clear.
    const [row] = await t.dataSource.query(`SELECT secret_ciphertext FROM user_mfa WHERE user_id = $1`, [
      user.id,
    ]);
    expect(row.secret_ciphertext).toMatch(/^v1\./);
    expect(row.secret_ciphertext).not.toContain(res.body.secret);
  });

  it('confirms with a code: ten recovery codes, stored hashed; a wrong code or a second enrolment is refused', async () => {
    const user = await registerUser(t);
    const enrol = await t.http().post('/api/v1/auth/mfa/enrol').set(authHeader(user.accessToken)).expect(201);
    const wrong = await t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(authHeader(user.accessToken))
      .send({ code: totp(enrol.body.secret, 10) })
      .expect(401);
    expect(wrong.body.code).toBe('MFA_CODE_INVALID');
    const bad = await t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(authHeader(user.accessToken))
      .send({ code: 'abc' })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const ok = await t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(authHeader(user.accessToken))
      .send({ code: totp(enrol.body.secret) })
      .expect(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    const stored = (await t.dataSource.query(`SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1`, [
      user.id,
    ])) as Array<{ code_hash: string }>;
    expect(stored).toHaveLength(10);
    for (const code of ok.body.recoveryCodes as string[]) {
      expect(stored.map((s) => s.code_hash)).not.toContain(code);
    }
    const status = await t.http().get('/api/v1/auth/mfa').set(authHeader(user.accessToken)).expect(200);
    expect(status.body).toEqual({ enabled: true, pendingEnrolment: false, recoveryCodesLeft: 10 });

    const again = await t.http().post('/api/v1/auth/mfa/enrol').set(authHeader(user.accessToken)).expect(409);
    expect(again.body.code).toBe('MFA_ALREADY_ENABLED');
    expect(await audits(t, user.id)).toEqual(
      expect.arrayContaining(['auth.mfa_enrolment_started', 'auth.mfa_confirm_failed', 'auth.mfa_enabled']),
    );
  });

  it('signs in in two steps: a challenge for the password, a session for the code; neither replays', async () => {
    const { user, secret } = await enrolAndConfirm(t, await registerUser(t));
    const first = await login(t, user).expect(200);
    expect(first.body).toEqual({ mfaRequired: true, challenge: expect.any(String), expiresIn: 300 });
    expect(first.body.accessToken).toBeUndefined();

    // The confirming code's step is spent: the next step's code works.
    const session = await verify(t, first.body.challenge, totp(secret, 1)).expect(200);
    expect(session.body.user.id).toBe(user.id);
    const sessions = await t
      .http()
      .get('/api/v1/auth/sessions')
      .set(authHeader(session.body.accessToken))
      .expect(200);
    expect(sessions.body.items.find((s: { current: boolean }) => s.current).secondFactor).toBe(true);

    const replayedChallenge = await verify(t, first.body.challenge, totp(secret, 1)).expect(401);
    expect(replayedChallenge.body.code).toBe('MFA_CHALLENGE_INVALID');
    const second = await login(t, user).expect(200);
    const replayedCode = await verify(t, second.body.challenge, totp(secret, 1)).expect(401);
    expect(replayedCode.body.code).toBe('MFA_CODE_INVALID');
  });

  it('takes each recovery code once', async () => {
    const { user, recoveryCodes } = await enrolAndConfirm(t, await registerUser(t));
    const a = await login(t, user).expect(200);
    await verify(t, a.body.challenge, recoveryCodes[0].toUpperCase().replace('-', ' ')).expect(200);
    const b = await login(t, user).expect(200);
    expect((await verify(t, b.body.challenge, recoveryCodes[0]).expect(401)).body.code).toBe(
      'MFA_CODE_INVALID',
    );
    await verify(t, b.body.challenge, recoveryCodes[1]).expect(200);
    expect(await audits(t, user.id)).toContain('auth.login_succeeded');
  });

  it('spends a code once even when two sign-ins race with it', async () => {
    const { user, secret, recoveryCodes } = await enrolAndConfirm(t, await registerUser(t));
    for (const code of [recoveryCodes[0], totp(secret, 1)]) {
      const a = (await login(t, user).expect(200)).body.challenge;
      const b = (await login(t, user).expect(200)).body.challenge;
      const statuses = (await Promise.all([verify(t, a, code), verify(t, b, code)])).map((r) => r.status);
      expect(statuses.sort()).toEqual([200, 401]);
    }
  });

  it('counts wrong codes towards the login lockout; once locked even the right code is refused', async () => {
    const { user, secret } = await enrolAndConfirm(t, await registerUser(t));
    const { challenge } = (await login(t, user).expect(200)).body;
    for (let i = 0; i < t.config.auth.maxFailedLogins; i += 1) {
      expect((await verify(t, challenge, '000000').expect(401)).body.code).toBe('MFA_CODE_INVALID');
    }
    const locked = await verify(t, challenge, totp(secret, 1)).expect(401);
    expect(locked.body.code).toBe('INVALID_CREDENTIALS');
    expect((await login(t, user).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    expect(await audits(t, user.id)).toContain('auth.locked_out');
  });

  it('lets a challenge expire after five minutes', async () => {
    const { user, secret } = await enrolAndConfirm(t, await registerUser(t));
    const { challenge } = (await login(t, user).expect(200)).body;
    t.clock.advance(301_000);
    try {
      const res = await verify(t, challenge, totp(secret, 1)).expect(401);
      expect(res.body.code).toBe('MFA_CHALLENGE_INVALID');
    } finally {
      t.clock.reset();
    }
  });

  it('disables only with a fresh code; afterwards sign-in needs the password alone', async () => {
    const { user, secret, recoveryCodes } = await enrolAndConfirm(t, await registerUser(t));
    const disable = (code: string) =>
      t.http().post('/api/v1/auth/mfa/disable').set(authHeader(user.accessToken)).send({ code });
    // The code that confirmed the enrolment is spent.
    expect((await disable(totp(secret)).expect(401)).body.code).toBe('MFA_CODE_INVALID');
    await disable(recoveryCodes[3]).expect(204);
    expect((await disable(recoveryCodes[4]).expect(409)).body.code).toBe('MFA_NOT_ENABLED');
    expect((await login(t, user).expect(200)).body.accessToken).toEqual(expect.any(String));
    expect(await audits(t, user.id)).toContain('auth.mfa_disabled');
    const left = await t.dataSource.query(`SELECT 1 FROM mfa_recovery_codes WHERE user_id = $1`, [user.id]);
    expect(left).toHaveLength(0);
  });

  it('replaces the recovery codes with a fresh code', async () => {
    const { user, recoveryCodes } = await enrolAndConfirm(t, await registerUser(t));
    const res = await t
      .http()
      .post('/api/v1/auth/mfa/recovery-codes')
      .set(authHeader(user.accessToken))
      .send({ code: recoveryCodes[0] })
      .expect(200);
    expect(res.body.recoveryCodes).toHaveLength(10);
    const { challenge } = (await login(t, user).expect(200)).body;
    expect((await verify(t, challenge, recoveryCodes[1]).expect(401)).body.code).toBe('MFA_CODE_INVALID');
    await verify(t, challenge, res.body.recoveryCodes[0]).expect(200);
  });

  it('does not require two-factor for admins outside production by default', async () => {
    const admin = await createAdmin(t);
    await t.http().get('/api/v1/admin/users').set(authHeader(admin.accessToken)).expect(200);
  });
});

describe('two-factor required for admins (MFA_REQUIRED_FOR_ADMINS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { MFA_REQUIRED_FOR_ADMINS: 'true' }, role: 'api' });
  });
  afterAll(() => t.close());

  it('refuses admin routes to an admin without a second factor, until they enrol and sign in with a code', async () => {
    const admin = await createAdmin(t);
    const refused = await t.http().get('/api/v1/admin/users').set(authHeader(admin.accessToken)).expect(403);
    expect(refused.body.code).toBe('MFA_REQUIRED');

    // Their own account routes stay open, so they can enrol.
    const { secret } = await enrolAndConfirm(t, admin);
    await t.http().get('/api/v1/admin/users').set(authHeader(admin.accessToken)).expect(403);

    const { challenge } = (await login(t, admin).expect(200)).body;
    const session = await verify(t, challenge, totp(secret, 1)).expect(200);
    await t.http().get('/api/v1/admin/users').set(authHeader(session.body.accessToken)).expect(200);

    // The second factor survives a refresh.
    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.body.refreshToken })
      .expect(200);
    await t.http().get('/api/v1/admin/users').set(authHeader(refreshed.body.accessToken)).expect(200);
  });

  it('leaves customers free to sign in without two-factor', async () => {
    const user = await registerUser(t);
    await t.http().get('/api/v1/auth/me').set(authHeader(user.accessToken)).expect(200);
  });
});

import { createTestApp, eventually, TestApp } from './app';
import { authHeader, strongPassword, uniqueEmail } from './factories/users';

/** The user's locale: from Accept-Language at registration, changed with PATCH /me, used for their emails. */
describe('localized email', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const register = (acceptLanguage?: string) => {
    const req = t.http().post('/api/v1/auth/register');
    if (acceptLanguage) req.set('Accept-Language', acceptLanguage);
    return req.send({ email: uniqueEmail('locale'), password: strongPassword(), name: 'Ada' }).expect(201);
  };

  const sentEmail = (to: string, template: string) =>
    eventually(async () => {
      const rows = (await t.dataSource.query(
        `SELECT subject, body_text, locale FROM notifications
          WHERE recipient = $1 AND template = $2 AND status = 'sent'`,
        [to, template],
      )) as Array<{ subject: string; body_text: string; locale: string }>;
      return rows[0];
    });

  it('takes the best supported language of Accept-Language at registration, English otherwise', async () => {
    expect((await register('de-DE,de;q=0.9,fr-FR;q=0.8,en;q=0.5')).body.user.locale).toBe('fr-FR');
    expect((await register('pt-BR')).body.user.locale).toBe('pt-BR');
    expect((await register('de-DE')).body.user.locale).toBe('en');
    expect((await register()).body.user.locale).toBe('en');
  });

  it('writes the email in the locale of the account, in its language and with its date format', async () => {
    const reg = await register('pt-BR');
    const email = reg.body.user.email as string;
    await t.http().post('/api/v1/auth/password/forgot').send({ email }).expect(202);
    const sent = await sentEmail(email, 'password-reset');
    expect(sent.locale).toBe('pt-BR');
    expect(sent.subject).toBe('Redefina a sua palavra-passe do Ticket Vendor');
    expect(sent.body_text).toMatch(/expira em \S+-feira, \d+ de \S+ de \d{4} às \d{2}:\d{2} UTC/);
  });

  it('changes the locale with PATCH /me, audited, and refuses a language without templates', async () => {
    const reg = await register('en-US');
    const token = reg.body.accessToken as string;
    const changed = await t
      .http()
      .patch('/api/v1/me')
      .set(authHeader(token))
      .send({ locale: 'FR-ca' })
      .expect(200);
    expect(changed.body).toMatchObject({ id: reg.body.user.id, locale: 'fr-CA' });
    const me = await t.http().get('/api/v1/auth/me').set(authHeader(token)).expect(200);
    expect(me.body.locale).toBe('fr-CA');
    const audit = (await t.dataSource.query(
      `SELECT before, after FROM audit_entries WHERE entity_id = $1 AND action = 'user.locale_changed'`,
      [reg.body.user.id],
    )) as Array<{ before: unknown; after: unknown }>;
    expect(audit).toEqual([{ before: { locale: 'en-US' }, after: { locale: 'fr-CA' } }]);

    await t.http().post('/api/v1/auth/password/forgot').send({ email: reg.body.user.email }).expect(202);
    expect((await sentEmail(reg.body.user.email as string, 'password-reset')).subject).toBe(
      'Réinitialisez votre mot de passe Ticket Vendor',
    );

    for (const locale of ['de', 'klingon', '', 42]) {
      const res = await t.http().patch('/api/v1/me').set(authHeader(token)).send({ locale });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const anonymous = await t.http().patch('/api/v1/me').send({ locale: 'fr' });
    expect(anonymous.status).toBe(401);
  });
});

import Handlebars from 'handlebars';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPPORTED_LANGUAGES } from '../../platform/i18n/locales';
import { NotificationTemplate } from '../../platform/outbox/notification-template';
import { TEMPLATE_SAMPLES } from './template-samples';
import { TemplateNotFoundError, TemplateRenderer } from './template-renderer';

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer(join(__dirname, 'templates'));

  const cases = SUPPORTED_LANGUAGES.flatMap((lang) =>
    Object.values(NotificationTemplate).map((name) => [name, lang] as const),
  );

  it.each(cases)('renders %s in %s with its sample data, from its own files', (name, lang) => {
    for (const ext of ['.subject.txt', '.txt', '.html']) {
      expect(existsSync(join(__dirname, 'templates', lang, `${name}${ext}`))).toBe(true);
    }
    const email = renderer.render(name, TEMPLATE_SAMPLES[name] as Record<string, unknown>, lang);
    expect(email.locale).toBe(lang);
    expect(email.html).toContain(`<html lang="${lang}">`);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject).not.toMatch(/\n|{{/);
    expect(email.text).not.toContain('{{');
    expect(email.html).toContain('<!doctype html>');
    expect(email.html).toContain(`<title>${Handlebars.escapeExpression(email.subject)}</title>`);
  });

  it('fills in the password-reset link, name and expiry', () => {
    const email = renderer.render('password-reset', {
      name: 'Ada',
      resetUrl: 'https://example.test/reset?token=abc&x=1',
      expiresAt: '2030-06-01T18:30:00.000Z',
    });
    expect(email.subject).toBe('Reset your Ticket Vendor password');
    expect(email.text).toContain('Hello Ada,');
    expect(email.text).toContain('https://example.test/reset?token=abc&x=1');
    expect(email.text).toContain('Saturday, June 1, 2030 at 6:30 PM UTC');
    // Handlebars escapes `=` too; browsers decode entities in attributes.
    expect(email.html).toContain('href="https://example.test/reset?token&#x3D;abc&amp;x&#x3D;1"');
  });

  it('escapes data in the HTML but not in the text or subject', () => {
    const email = renderer.render('promoter-approved', {
      name: '<script>alert(1)</script>',
      promoterName: 'Tom & "Jerry"',
      dashboardUrl: 'https://example.test/',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('Tom &amp; &quot;Jerry&quot;');
    expect(email.text).toContain('Hello <script>alert(1)</script>,');
    expect(email.subject).toBe('Tom & "Jerry" is approved on Ticket Vendor');
  });

  it('leaves out optional blocks when their data is missing', () => {
    const email = renderer.render('promoter-rejected', { name: 'Ada', promoterName: 'Nights' });
    expect(email.text).not.toContain('Reason');
    expect(email.html).not.toContain('Reason');
  });

  it('writes dates and money with Intl in the locale and the given time zone', () => {
    const data = TEMPLATE_SAMPLES['order-confirmation'] as Record<string, unknown>;
    const en = renderer.render('order-confirmation', data, 'en-GB');
    expect(en.text).toContain('Saturday, 1 June 2030 at 20:30 (Europe/London)');
    expect(en.text).toContain('£92.25');
    const fr = renderer.render('order-confirmation', data, 'fr');
    expect(fr.text).toContain('samedi 1 juin 2030 à 20:30 (Europe/London)');
    expect(fr.text).toContain('92,25\u00a0£GB');
    const br = renderer.render('order-confirmation', data, 'pt-BR');
    expect(br.locale).toBe('pt-BR');
    expect(br.text).toContain('sábado, 1 de junho de 2030 às 20:30 (Europe/London)');
    expect(br.text).toContain('£\u00a092,25');
  });

  it('falls back to English for a language without templates, and per file for a missing translation', () => {
    const de = renderer.render(
      'hold-expired',
      TEMPLATE_SAMPLES['hold-expired'] as Record<string, unknown>,
      'de-DE',
    );
    expect(de.locale).toBe('en');
    expect(de.subject).toBe('Your hold for Difference Engine Live has expired');
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    for (const lang of ['en', 'fr']) mkdirSync(join(dir, lang));
    writeFileSync(join(dir, 'en', 'layout.html'), '{{{body}}}');
    for (const ext of ['.subject.txt', '.txt', '.html'])
      writeFileSync(join(dir, 'en', `team-invite${ext}`), 'Hi');
    writeFileSync(join(dir, 'fr', 'team-invite.subject.txt'), 'Salut');
    const partial = new TemplateRenderer(dir).render('team-invite', {}, 'fr');
    expect([partial.subject, partial.text, partial.html]).toEqual(['Salut', 'Hi\n', 'Hi']);
  });

  it('refuses an unknown template name', () => {
    expect(() => renderer.render('no-such-template', {})).toThrow(TemplateNotFoundError);
  });

  it('reports a missing template file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'en', 'layout.html'), '{{{body}}}');
    writeFileSync(join(dir, 'en', 'password-reset.subject.txt'), 'Reset');
    const partial = new TemplateRenderer(dir);
    expect(() => partial.render('password-reset', {})).toThrow(/password-reset\.txt is missing/);
  });

  it('formats money in minor units', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'en', 'layout.html'), '{{{body}}}');
    for (const file of ['team-invite.subject.txt', 'team-invite.txt', 'team-invite.html'])
      writeFileSync(join(dir, 'en', file), '{{money amount currency}}');
    const email = new TemplateRenderer(dir).render('team-invite', { amount: 1250, currency: 'eur' });
    expect(email.subject).toBe('€12.50');
    // The yen has no minor unit: 500 is ¥500.
    const yen = new TemplateRenderer(dir).render('team-invite', { amount: 500, currency: 'JPY' });
    expect(yen.subject).toMatch(/¥500$/);
  });
});

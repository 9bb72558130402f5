import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationTemplate } from '../../platform/outbox/notification-template';
import { TEMPLATE_SAMPLES } from './template-samples';
import { TemplateNotFoundError, TemplateRenderer } from './template-renderer';

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer(join(__dirname, 'templates'));

  it.each(Object.values(NotificationTemplate))('renders %s with its sample data', (name) => {
    const email = renderer.render(name, TEMPLATE_SAMPLES[name] as Record<string, unknown>);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject).not.toMatch(/\n|{{/);
    expect(email.text).not.toContain('{{');
    expect(email.html).toContain('<!doctype html>');
    expect(email.html).toContain(`<title>${email.subject.replace(/&/g, '&amp;')}</title>`);
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
    expect(email.text).toMatch(/1 June 2030 at 18:30 UTC/);
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

  it('refuses an unknown template name', () => {
    expect(() => renderer.render('no-such-template', {})).toThrow(TemplateNotFoundError);
  });

  it('reports a missing template file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    writeFileSync(join(dir, 'layout.html'), '{{{body}}}');
    writeFileSync(join(dir, 'password-reset.subject.txt'), 'Reset');
    const partial = new TemplateRenderer(dir);
    expect(() => partial.render('password-reset', {})).toThrow(/password-reset\.txt is missing/);
  });

  it('formats money in minor units', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    writeFileSync(join(dir, 'layout.html'), '{{{body}}}');
    for (const file of ['team-invite.subject.txt', 'team-invite.txt', 'team-invite.html'])
      writeFileSync(join(dir, file), '{{money amount currency}}');
    const email = new TemplateRenderer(dir).render('team-invite', { amount: 1250, currency: 'eur' });
    expect(email.subject).toBe('€12.50');
    // The yen has no minor unit: 500 is ¥500.
    const yen = new TemplateRenderer(dir).render('team-invite', { amount: 500, currency: 'JPY' });
    expect(yen.subject).toMatch(/¥500$/);
  });
});

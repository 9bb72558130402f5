import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationTemplate } from '../platform/outbox/notification-template';
import { writeEmailPreviews } from './email-preview';

describe('npm run email:preview', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'email-previews-'));
  let names: string[];
  beforeAll(async () => {
    names = await writeEmailPreviews(outDir);
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('renders every template to a non-empty .html and .txt, and lists them in index.html', () => {
    expect([...names].sort()).toEqual(Object.values(NotificationTemplate).sort());
    const index = readFileSync(join(outDir, 'index.html'), 'utf8');
    for (const name of names) {
      const html = readFileSync(join(outDir, `${name}.html`), 'utf8');
      const text = readFileSync(join(outDir, `${name}.txt`), 'utf8');
      expect(html).toContain('<!doctype html>');
      expect(html).not.toContain('{{');
      expect(text).toMatch(/^Subject: \S.+\n\n\S/);
      expect(text).not.toContain('{{');
      expect(index).toContain(`href="${name}.html"`);
    }
  });

  it('shows inline QR attachments as images a browser can display', () => {
    const html = readFileSync(join(outDir, 'order-confirmation.html'), 'utf8');
    expect(html).not.toContain('cid:');
    expect(html).toMatch(/<img[^>]+src="data:image\/png;base64,/);
  });
});

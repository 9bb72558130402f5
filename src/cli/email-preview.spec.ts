import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPPORTED_LANGUAGES } from '../platform/i18n/locales';
import { NotificationTemplate } from '../platform/outbox/notification-template';
import { writeEmailPreviews } from './email-preview';

describe('npm run email:preview', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'email-previews-'));
  let names: string[];
  beforeAll(async () => {
    names = await writeEmailPreviews(outDir);
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('renders every template in every language to a non-empty .html and .txt, and lists them in index.html', () => {
    expect([...names].sort()).toEqual(Object.values(NotificationTemplate).sort());
    const index = readFileSync(join(outDir, 'index.html'), 'utf8');
    for (const lang of SUPPORTED_LANGUAGES) {
      for (const name of names) {
        const html = readFileSync(join(outDir, lang, `${name}.html`), 'utf8');
        const text = readFileSync(join(outDir, lang, `${name}.txt`), 'utf8');
        expect(html).toContain(`<html lang="${lang}">`);
        expect(html).not.toContain('{{');
        expect(text).toMatch(/^Subject: \S.+\n\n\S/);
        expect(text).not.toContain('{{');
        expect(index).toContain(`href="${lang}/${name}.html"`);
      }
    }
  });

  it('writes each language in its own words', () => {
    const subject = (lang: string) =>
      readFileSync(join(outDir, lang, 'order-confirmation.txt'), 'utf8').split('\n')[0];
    expect(subject('en')).toBe('Subject: Your tickets for Difference Engine Live');
    expect(subject('fr')).toBe('Subject: Vos billets pour Difference Engine Live');
    expect(subject('pt')).toBe('Subject: Os seus bilhetes para Difference Engine Live');
  });

  it('shows inline QR attachments as images a browser can display', () => {
    const html = readFileSync(join(outDir, 'fr', 'order-confirmation.html'), 'utf8');
    expect(html).not.toContain('cid:');
    expect(html).toMatch(/<img[^>]+src="data:image\/png;base64,/);
  });
});

describe('npm run email:preview: the attached PDFs', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'email-previews-pdf-'));
  beforeAll(() => writeEmailPreviews(outDir));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('draws the sample invoice and credit note as PDFs, linked from the index', () => {
    const index = readFileSync(join(outDir, 'index.html'), 'utf8');
    for (const file of ['invoice.pdf', 'credit-note.pdf']) {
      const pdf = readFileSync(join(outDir, file));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(index).toContain(`href="${file}"`);
    }
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toDataURL } from 'qrcode';
import { SUPPORTED_LANGUAGES } from '../platform/i18n/locales';
import { NotificationTemplate } from '../platform/outbox/notification-template';
import { TEMPLATE_SAMPLES } from '../delivery/notifications/template-samples';
import { TemplateRenderer } from '../delivery/notifications/template-renderer';
import { drawInvoicePdf } from '../checkout/invoices/invoice-pdf';
import { SAMPLE_CREDIT_NOTE, SAMPLE_INVOICE, SAMPLE_PDF_CONTEXT } from '../checkout/invoices/invoice-samples';

/** The PDFs the emails attach, drawn from sample documents next to the emails. */
const PDF_FILES = ['invoice.pdf', 'credit-note.pdf'] as const;

const CID_IMAGE = /src="cid:([^"]+)"/g;

/**
 * A real email carries its QR codes as inline attachments (`cid:` links) that a browser cannot resolve, so the
 * preview swaps each one for a QR code image of its content id, to show the layout with real-sized codes.
 */
async function inlineCidImages(html: string): Promise<string> {
  const ids = [...new Set([...html.matchAll(CID_IMAGE)].map((m) => m[1]))];
  const images = new Map<string, string>();
  for (const id of ids) images.set(id, await toDataURL(`preview:${id}`, { margin: 2, width: 320 }));
  return html.replace(CID_IMAGE, (_match, id: string) => `src="${images.get(id)}"`);
}

function indexPage(names: readonly string[]): string {
  const sections = SUPPORTED_LANGUAGES.map((lang) => {
    const rows = names.map(
      (n) => `<li><a href="${lang}/${n}.html">${n}</a> · <a href="${lang}/${n}.txt">text</a></li>`,
    );
    return `<h2>${lang}</h2>\n<ul>\n${rows.join('\n')}\n</ul>`;
  });
  const pdfs = `<h2>Attached PDFs</h2>\n<ul>\n${PDF_FILES.map((f) => `<li><a href="${f}">${f}</a></li>`).join('\n')}\n</ul>`;
  return `<!doctype html>\n<title>Email previews</title>\n<h1>Email previews</h1>\n${sections.join('\n')}\n${pdfs}\n`;
}

/**
 * Renders every template in every language with its sample data (the same renderer the worker sends with) to
 * `<outDir>/<language>/<template>.html` and `.txt`, the attached PDFs (a sample invoice and credit note) and an
 * index page. Returns the template names.
 */
export async function writeEmailPreviews(
  outDir: string,
  renderer = new TemplateRenderer(),
): Promise<NotificationTemplate[]> {
  const names = Object.values(NotificationTemplate);
  for (const lang of SUPPORTED_LANGUAGES) {
    mkdirSync(join(outDir, lang), { recursive: true });
    for (const name of names) {
      const email = renderer.render(name, TEMPLATE_SAMPLES[name] as Record<string, unknown>, lang);
      writeFileSync(join(outDir, lang, `${name}.html`), await inlineCidImages(email.html));
      writeFileSync(join(outDir, lang, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
    }
  }
  writeFileSync(
    join(outDir, 'invoice.pdf'),
    await drawInvoicePdf(SAMPLE_INVOICE, SAMPLE_PDF_CONTEXT.invoice),
  );
  writeFileSync(
    join(outDir, 'credit-note.pdf'),
    await drawInvoicePdf(SAMPLE_CREDIT_NOTE, SAMPLE_PDF_CONTEXT.creditNote),
  );
  writeFileSync(join(outDir, 'index.html'), indexPage(names));
  return names;
}

/** `npm run email:preview`: writes the previews to ./email-previews (git-ignored) to open in a browser. */
async function main(): Promise<void> {
  const outDir = resolve('email-previews');
  const names = await writeEmailPreviews(outDir);
  console.log(
    `Rendered ${names.length} email templates in ${SUPPORTED_LANGUAGES.join(', ')} to ${outDir}/ (open index.html)`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

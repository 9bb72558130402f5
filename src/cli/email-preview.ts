import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toDataURL } from 'qrcode';
import { NotificationTemplate } from '../platform/outbox/notification-template';
import { TEMPLATE_SAMPLES } from '../delivery/notifications/template-samples';
import { TemplateRenderer } from '../delivery/notifications/template-renderer';

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
  const rows = names.map((n) => `<li><a href="${n}.html">${n}</a> · <a href="${n}.txt">text</a></li>`);
  return `<!doctype html>\n<title>Email previews</title>\n<h1>Email previews</h1>\n<ul>\n${rows.join('\n')}\n</ul>\n`;
}

/**
 * Renders every template with its sample data (the same renderer the worker sends with) to
 * `<outDir>/<template>.html` and `.txt`, plus an index page. Returns the template names.
 */
export async function writeEmailPreviews(
  outDir: string,
  renderer = new TemplateRenderer(),
): Promise<NotificationTemplate[]> {
  mkdirSync(outDir, { recursive: true });
  const names = Object.values(NotificationTemplate);
  for (const name of names) {
    const email = renderer.render(name, TEMPLATE_SAMPLES[name] as Record<string, unknown>);
    writeFileSync(join(outDir, `${name}.html`), await inlineCidImages(email.html));
    writeFileSync(join(outDir, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
  }
  writeFileSync(join(outDir, 'index.html'), indexPage(names));
  return names;
}

/** `npm run email:preview`: writes the previews to ./email-previews (git-ignored) to open in a browser. */
async function main(): Promise<void> {
  const outDir = resolve('email-previews');
  const names = await writeEmailPreviews(outDir);
  console.log(`Rendered ${names.length} email templates to ${outDir}/ (open index.html)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

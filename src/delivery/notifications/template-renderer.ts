import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNotificationTemplate } from '../../platform/outbox/notification-template';

/** Where the template files live; nest-cli.json copies them next to the compiled code. */
export const TEMPLATES_DIR = join(__dirname, 'templates');

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The template does not exist: a programming error, so retrying the delivery cannot help. */
export class TemplateNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateNotFoundError';
  }
}

interface CompiledTemplate {
  subject: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
  html: Handlebars.TemplateDelegate;
}

/**
 * Renders `<name>.subject.txt`, `<name>.txt` and `<name>.html` with Handlebars, the HTML wrapped in
 * `layout.html`. HTML output is escaped (`{{x}}`); text and subject are not, as they are never read as HTML.
 * Compiled templates are cached for the life of the process.
 *
 * Helpers: `{{datetime iso [timeZone]}}` (e.g. "Friday, 6 June 2025 at 20:00 UTC") and
 * `{{money minorUnits currency}}` (e.g. "€12.50").
 */
export class TemplateRenderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, CompiledTemplate>();
  private layout?: Handlebars.TemplateDelegate;

  constructor(private readonly dir: string = TEMPLATES_DIR) {
    this.hbs.registerHelper('datetime', formatDateTime);
    this.hbs.registerHelper('money', formatMoney);
  }

  render(template: string, data: Record<string, unknown>): RenderedEmail {
    const compiled = this.compiled(template);
    const subject = compiled.subject(data).replace(/\s+/g, ' ').trim();
    const body = compiled.html(data);
    return {
      subject,
      text: compiled.text(data).trim() + '\n',
      html: this.layoutTemplate()({ subject, body }),
    };
  }

  private compiled(name: string): CompiledTemplate {
    const cached = this.cache.get(name);
    if (cached) return cached;
    if (!isNotificationTemplate(name)) throw new TemplateNotFoundError(`Unknown email template "${name}"`);
    const compiled: CompiledTemplate = {
      subject: this.hbs.compile(this.read(`${name}.subject.txt`), { noEscape: true }),
      text: this.hbs.compile(this.read(`${name}.txt`), { noEscape: true }),
      html: this.hbs.compile(this.read(`${name}.html`)),
    };
    this.cache.set(name, compiled);
    return compiled;
  }

  private layoutTemplate(): Handlebars.TemplateDelegate {
    this.layout ??= this.hbs.compile(this.read('layout.html'));
    return this.layout;
  }

  private read(file: string): string {
    const path = join(this.dir, file);
    if (!existsSync(path)) throw new TemplateNotFoundError(`Email template file ${file} is missing`);
    return readFileSync(path, 'utf8');
  }
}

function formatDateTime(value: unknown, timeZone: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const zone = typeof timeZone === 'string' ? timeZone : 'UTC';
  const formatted = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: zone,
  }).format(date);
  return `${formatted} ${zone === 'UTC' ? 'UTC' : `(${zone})`}`;
}

function formatMoney(minorUnits: unknown, currency: unknown): string {
  const code = String(currency).toUpperCase();
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(Number(minorUnits) / 10 ** digits);
}

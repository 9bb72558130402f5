import { formatMoney } from '../../platform/i18n/money';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOCALE, languageOf, normalizeLocale } from '../../platform/i18n/locales';
import { isNotificationTemplate } from '../../platform/outbox/notification-template';

/** Where the template files live, one folder per language; nest-cli.json copies them next to the compiled code. */
export const TEMPLATES_DIR = join(__dirname, 'templates');

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The locale dates and money were written in (its language picked the templates, or English). */
  locale: string;
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

/** What helpers read from Handlebars' private data: the locale dates and money are written in. */
interface RenderData {
  locale: string;
}

/**
 * Renders `<language>/<name>.subject.txt`, `.txt` and `.html` with Handlebars, the HTML wrapped in that
 * language's `layout.html`. The language is the recipient locale's (`pt-BR` → `pt`), or `en` when the
 * templates do not exist in it; a file missing in a language falls back to its `en` version. HTML output is
 * escaped (`{{x}}`); text and subject are not, as they are never read as HTML. Compiled templates are cached
 * for the life of the process.
 *
 * Helpers, formatted with `Intl` in the recipient's locale: `{{datetime iso [timeZone]}}` (e.g. "Friday, 6 June
 * 2025 at 20:00 (Europe/London)", UTC when no zone is given) and `{{money minorUnits currency}}` (e.g.
 * "€12.50", "12,50 €"). `{{#if (eq a b)}}` compares two values.
 */
export class TemplateRenderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, CompiledTemplate>();
  private readonly layouts = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly dir: string = TEMPLATES_DIR) {
    this.hbs.registerHelper('datetime', (value: unknown, ...args: unknown[]) =>
      formatDateTime(value, args.length > 1 ? args[0] : undefined, localeOf(args[args.length - 1])),
    );
    this.hbs.registerHelper('money', (minorUnits: unknown, currency: unknown, options: unknown) =>
      formatMoney(Number(minorUnits), String(currency), localeOf(options)),
    );
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  /** Renders `template` for a recipient in `locale` (any BCP 47 tag; unsupported ones get English). */
  render(template: string, data: Record<string, unknown>, locale: string = DEFAULT_LOCALE): RenderedEmail {
    const formatting = normalizeLocale(locale) ?? DEFAULT_LOCALE;
    const language = languageOf(formatting);
    const compiled = this.compiled(template, language);
    const options = { data: { locale: formatting } satisfies RenderData };
    const subject = compiled.subject(data, options).replace(/\s+/g, ' ').trim();
    const body = compiled.html(data, options);
    return {
      subject,
      text: compiled.text(data, options).trim() + '\n',
      html: this.layout(language)({ subject, body }, options),
      locale: formatting,
    };
  }

  private compiled(name: string, language: string): CompiledTemplate {
    const key = `${language}/${name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (!isNotificationTemplate(name)) throw new TemplateNotFoundError(`Unknown email template "${name}"`);
    const compiled: CompiledTemplate = {
      subject: this.hbs.compile(this.read(language, `${name}.subject.txt`), { noEscape: true }),
      text: this.hbs.compile(this.read(language, `${name}.txt`), { noEscape: true }),
      html: this.hbs.compile(this.read(language, `${name}.html`)),
    };
    this.cache.set(key, compiled);
    return compiled;
  }

  private layout(language: string): Handlebars.TemplateDelegate {
    let layout = this.layouts.get(language);
    if (!layout) {
      layout = this.hbs.compile(this.read(language, 'layout.html'));
      this.layouts.set(language, layout);
    }
    return layout;
  }

  /** The file in `language`, or its English version. */
  private read(language: string, file: string): string {
    for (const dir of new Set([language, DEFAULT_LOCALE])) {
      const path = join(this.dir, dir, file);
      if (existsSync(path)) return readFileSync(path, 'utf8');
    }
    throw new TemplateNotFoundError(`Email template file ${file} is missing`);
  }
}

function localeOf(options: unknown): string {
  return (options as { data?: RenderData } | undefined)?.data?.locale ?? DEFAULT_LOCALE;
}

function formatDateTime(value: unknown, timeZone: unknown, locale: string): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const zone = typeof timeZone === 'string' ? timeZone : 'UTC';
  const formatted = new Intl.DateTimeFormat(locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: zone,
  }).format(date);
  return `${formatted} ${zone === 'UTC' ? 'UTC' : `(${zone})`}`;
}

/** The languages emails are written in. Every template exists in each (`src/delivery/notifications/templates`). */
export const SUPPORTED_LANGUAGES = ['en', 'fr', 'pt'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** What a user gets when nothing better is known. */
export const DEFAULT_LOCALE = 'en';

/** Longest tag kept: a language and a region (`pt-BR`); scripts and variants are dropped. */
const TAG = /^([a-z]{2,3})(?:-([A-Z]{2}|\d{3}))?/;

/** The language of a locale tag (`pt-BR` → `pt`). */
export const languageOf = (locale: string): string => locale.split('-')[0].toLowerCase();

/**
 * A tag in a supported language, canonical and cut to language and region (`FR-ca` → `fr-CA`,
 * `pt-Latn-BR` → `pt`); null for anything else. The region is kept because it changes how dates and money
 * are written (`pt-BR` and `pt-PT`).
 */
export function normalizeLocale(tag: string): string | null {
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(tag.trim());
  } catch {
    return null;
  }
  const match = canonical ? TAG.exec(canonical) : null;
  if (!match || !(SUPPORTED_LANGUAGES as readonly string[]).includes(match[1])) return null;
  const region = canonical
    .split('-')
    .slice(1)
    .find((part) => /^([A-Z]{2}|\d{3})$/.test(part));
  return region ? `${match[1]}-${region}` : match[1];
}

/**
 * The best supported locale for an `Accept-Language` header: its tags by descending `q` (ties keep their
 * order), the first in a supported language; `en` when none is.
 */
export function negotiateLocale(acceptLanguage: string | undefined): string {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag && r.tag !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = normalizeLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

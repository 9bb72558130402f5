import { negotiateLocale, normalizeLocale } from './locales';

describe('locales', () => {
  it.each([
    ['fr', 'fr'],
    ['FR-ca', 'fr-CA'],
    ['pt-BR', 'pt-BR'],
    ['pt-Latn-PT', 'pt-PT'],
    ['en-US', 'en-US'],
    ['es-419', null],
    ['de', null],
    ['not a tag', null],
    ['', null],
  ])('normalizes %j to %j', (tag, expected) => {
    expect(normalizeLocale(tag)).toBe(expected);
  });

  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr-FR'],
    ['de-DE,de;q=0.9,pt;q=0.5,en;q=0.4', 'pt'],
    ['en;q=0.3, pt-BR', 'pt-BR'],
    ['de, *;q=0.5', 'en'],
    ['fr;q=0, pt;q=0.1', 'pt'],
    ['xx-YY;q=garbage, fr', 'fr'],
  ])('negotiates %j to %j', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

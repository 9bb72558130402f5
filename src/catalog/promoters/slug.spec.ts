import { slugify, uniqueSlug } from './slug';

describe('slugify', () => {
  it('lower-cases, folds accents and joins words with hyphens', () => {
    expect(slugify("Moonlight Concerts: Summer '25")).toBe('moonlight-concerts-summer-25');
    expect(slugify('Café Éclair  Nights')).toBe('cafe-eclair-nights');
  });

  it('never returns an empty slug', () => {
    expect(slugify('!!!')).toBe('untitled');
  });

  it('cuts long names without a trailing hyphen', () => {
    expect(slugify('a'.repeat(5) + ' ' + 'b'.repeat(10), 6)).toBe('aaaaa');
  });

  it('adds a random tail for uniqueness', () => {
    expect(uniqueSlug('Open Air')).toMatch(/^open-air-[0-9a-f]{6}$/);
  });
});

import { randomBytes } from 'node:crypto';

/** "Moonlight Concerts: Summer '25" → "moonlight-concerts-summer-25". Accents are folded to ASCII. */
export function slugify(text: string, maxLength = 100): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug || 'untitled';
}

/** A slug with a short random tail, for names that need not be pretty-unique (events, taken promoter names). */
export function uniqueSlug(text: string): string {
  return `${slugify(text, 100)}-${randomBytes(3).toString('hex')}`;
}

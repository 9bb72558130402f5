import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from './app';
import { createApprovedPromoter, createEvent, createOnSaleEvent, TestPromoter } from './factories/catalog';

/** Letters only, so the English stemmer leaves the token alone and it matches nothing else in the shared DB. */
const token = () =>
  'zq' +
  Array.from(randomBytes(6))
    .map((b) => String.fromCharCode(97 + (b % 26)))
    .join('');
const inDays = (d: number) => new Date(Date.now() + d * 86400_000).toISOString();
const hoursAfter = (iso: string, h: number) => new Date(new Date(iso).getTime() + h * 3600_000).toISOString();

describe('GET /events: full-text search, filters, sort and pages', () => {
  let t: TestApp;
  let promoter: TestPromoter;
  const tok = token();
  const ids: Record<string, string> = {};

  async function published(key: string, event: Record<string, unknown>) {
    const startsAt = event.startsAt as string;
    const res = await createOnSaleEvent(t, {
      promoter,
      event: { endsAt: hoursAfter(startsAt, 3), ...event },
    });
    ids[key] = res.eventId;
  }

  beforeAll(async () => {
    t = await createTestApp();
    promoter = await createApprovedPromoter(t);
    // Title match weighs most, then description and category, then the venue.
    await published('title', { title: `Jazz Night ${tok}`, startsAt: inDays(30), category: 'music' });
    await published('description', {
      title: 'Summer Fest',
      description: `Featuring jazz and ${tok} on the main stage`,
      startsAt: inDays(20),
      category: 'festival',
      venue: { name: 'Open Air Park', address: 'Park 1', city: 'Hamburg', country: 'DE' },
    });
    await published('venue', {
      title: 'Rock Evening',
      description: 'Loud guitars.',
      startsAt: inDays(40),
      category: 'music',
      venue: { name: `${tok} Hall`, address: 'Hall Street 2', city: 'Munich', country: 'DE' },
    });
    // A draft matches too, but is never listed.
    await createEvent(t, promoter, { title: `Draft ${tok} jazz`, startsAt: inDays(25), endsAt: inDays(26) });
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string | number>, status = 200) => {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    const res = await t.http().get(`/api/v1/events?${qs}`).expect(status);
    return res.body;
  };
  const idsOf = (body: { items: Array<{ id: string }> }) => body.items.map((e) => e.id);

  it('ranks title matches above description matches above venue matches', async () => {
    const body = await list({ search: tok });
    expect(idsOf(body)).toEqual([ids.title, ids.description, ids.venue]);
    expect(body).toMatchObject({ total: 3, limit: 20, offset: 0, hasNext: false });
  });

  it('sorts a search by start when asked', async () => {
    expect(idsOf(await list({ search: tok, sort: 'startsAt' }))).toEqual([
      ids.description,
      ids.title,
      ids.venue,
    ]);
    expect(idsOf(await list({ search: tok, sort: '-startsAt' }))).toEqual([
      ids.venue,
      ids.title,
      ids.description,
    ]);
  });

  it('understands web-search syntax: all words, phrases, exclusions, stemming', async () => {
    expect(idsOf(await list({ search: `${tok} jazz` }))).toEqual([ids.title, ids.description]);
    expect(idsOf(await list({ search: `"jazz night" ${tok}` }))).toEqual([ids.title]);
    // A negated term says what to leave out, not how to rank what is left.
    expect(idsOf(await list({ search: `${tok} -rock` })).sort()).toEqual([ids.title, ids.description].sort());
    expect(idsOf(await list({ search: `${tok} nights` }))).toEqual([ids.title]);
  });

  it('filters by city case-insensitively, by category, by start range and by promoter', async () => {
    expect(idsOf(await list({ promoterId: promoter.id, city: 'HAMBURG' }))).toEqual([ids.description]);
    expect(idsOf(await list({ promoterId: promoter.id, category: 'Music' }))).toEqual([ids.title, ids.venue]);
    expect(idsOf(await list({ promoterId: promoter.id, from: inDays(25), to: inDays(35) }))).toEqual([
      ids.title,
    ]);
    expect(idsOf(await list({ promoterId: promoter.id, from: inDays(35) }))).toEqual([ids.venue]);
    expect(idsOf(await list({ promoterId: promoter.id }))).toEqual([ids.description, ids.title, ids.venue]);
    expect(idsOf(await list({ promoterId: promoter.id, sort: '-startsAt' }))).toEqual([
      ids.venue,
      ids.title,
      ids.description,
    ]);
  });

  it('combines search with filters', async () => {
    expect(idsOf(await list({ search: tok, city: 'munich' }))).toEqual([ids.venue]);
    expect(idsOf(await list({ search: tok, category: 'festival' }))).toEqual([ids.description]);
  });

  it('pages: hasNext on the first page, the last page, past the end, and an empty result', async () => {
    const first = await list({ promoterId: promoter.id, limit: 2 });
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0, hasNext: true });
    expect(idsOf(first)).toEqual([ids.description, ids.title]);
    const last = await list({ promoterId: promoter.id, limit: 2, offset: 2 });
    expect(last).toMatchObject({ total: 3, limit: 2, offset: 2, hasNext: false });
    expect(idsOf(last)).toEqual([ids.venue]);
    const past = await list({ promoterId: promoter.id, limit: 2, offset: 10 });
    expect(past).toMatchObject({ items: [], total: 3, hasNext: false });
    const none = await list({ search: token() });
    expect(none).toEqual({ items: [], total: 0, limit: 20, offset: 0, hasNext: false });
    const exact = await list({ promoterId: promoter.id, limit: 3 });
    expect(exact).toMatchObject({ total: 3, hasNext: false });
  });

  it('validates the query: limit 1-100, known sort, instants, uuid', async () => {
    const bad: Array<Record<string, string | number>> = [
      { limit: 101 },
      { limit: 0 },
      { offset: -1 },
      { sort: 'price' },
      { from: 'yesterday' },
      { promoterId: 'nope' },
      { search: '' },
      { colour: 'red' },
    ];
    for (const query of bad) {
      const body = await list(query, 400);
      expect(body.code).toBe('VALIDATION_FAILED');
    }
    expect((await list({ limit: 100 })).limit).toBe(100);
  });

  it('shows public fields only, with the venue and promoter summary', async () => {
    const [item] = (await list({ search: `"jazz night" ${tok}` })).items;
    expect(item).toMatchObject({
      id: ids.title,
      status: 'published',
      venue: { city: 'Berlin', country: 'DE' },
      promoter: { id: promoter.id, name: promoter.name, slug: promoter.slug },
    });
    expect(item).not.toHaveProperty('searchVector');
  });
});

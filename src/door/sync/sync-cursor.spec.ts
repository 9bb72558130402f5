import { DomainError } from '../../platform/errors/domain-error';
import { decodeCursor, encodeCursor, SyncCursor } from './sync-cursor';

const cursor: SyncCursor = {
  v: 1,
  list: 1_900_000_000_000,
  prev: '100:105:101,103',
  gen: '110:110:',
  after: '6a1b2c3d-0000-4000-8000-000000000003',
};

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('sync cursor', () => {
  it('round-trips', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const first = { ...cursor, prev: '110:110:', gen: null, after: null };
    expect(decodeCursor(encodeCursor(first))).toEqual(first);
  });

  it('refuses anything the server did not make with 400 INVALID_CURSOR', () => {
    const bad = [
      'not base64 json',
      encodeCursor({ ...cursor, gen: "1:2:'; DROP TABLE tickets" }),
      encodeCursor({ ...cursor, prev: '1:2' }),
      encodeCursor({ ...cursor, after: 'x' }),
      encodeCursor({ ...cursor, v: 2 as 1 }),
      Buffer.from('null').toString('base64url'),
    ];
    for (const text of bad) expect(code(() => decodeCursor(text))).toBe('INVALID_CURSOR');
  });
});

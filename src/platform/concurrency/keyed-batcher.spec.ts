import { Entry, KeyedBatcher } from './keyed-batcher';

describe('KeyedBatcher', () => {
  it('runs a lone item at once, and what arrives during a batch together in the next, in order', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new KeyedBatcher<number, number>(async (_key, batch) => {
      batches.push(batch.map((e) => e.item));
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      batch.forEach((e) => e.resolve(e.item * 10));
    }, 100);
    const first = batcher.submit('tier', 1);
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3, 4].map((n) => batcher.submit('tier', n));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a batch and keeps keys apart', async () => {
    const batches: string[] = [];
    const batcher = new KeyedBatcher<number, number>(async (key, batch) => {
      batches.push(`${key}:${batch.map((e) => e.item).join(',')}`);
      batch.forEach((e) => e.resolve(e.item));
    }, 2);
    await Promise.all([1, 2, 3].map((n) => batcher.submit('a', n)).concat(batcher.submit('b', 9)));
    expect(batches.sort()).toEqual(['a:1,2', 'a:3', 'b:9']);
  });

  it('answers each item on its own, and fails only the unanswered ones when the batch throws', async () => {
    const batcher = new KeyedBatcher<number, number>(async (_key, batch: Array<Entry<number, number>>) => {
      batch[0].reject(new Error('refused'));
      batch[1].resolve(2);
      throw new Error('broken');
    }, 10);
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit('k', n)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'refused',
      2,
      'broken',
    ]);
  });
});

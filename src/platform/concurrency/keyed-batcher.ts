/**
 * Coalesces work per key: items submitted for one key while a batch of that key is running wait and run
 * together in the next batch, so under load each batch carries everything that arrived meanwhile, and at rest a
 * lone item runs at once (no added wait). One batch per key runs at a time in this process; batches of
 * different keys run concurrently. Items keep their arrival order within a batch.
 *
 * `run` settles each item of the batch through the callbacks it is given. If `run` itself throws, every item of
 * the batch that it has not settled fails with that error.
 */
export class KeyedBatcher<T, R> {
  private readonly queues = new Map<string, Array<Pending<T, R>>>();
  private readonly running = new Set<string>();

  constructor(
    private readonly run: (key: string, batch: Array<Entry<T, R>>) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      queue.push({ item, resolve, reject });
      this.queues.set(key, queue);
      // Let the requests already parsed in this turn of the event loop join the batch.
      if (!this.running.has(key)) setImmediate(() => void this.drain(key));
    });
  }

  private async drain(key: string): Promise<void> {
    if (this.running.has(key)) return;
    this.running.add(key);
    try {
      for (;;) {
        const queue = this.queues.get(key);
        if (!queue || queue.length === 0) {
          this.queues.delete(key);
          return;
        }
        const batch = queue.splice(0, this.maxBatch);
        const entries = batch.map((p) => {
          let settled = false;
          return {
            item: p.item,
            resolve: (value: R) => {
              settled = true;
              p.resolve(value);
            },
            reject: (err: unknown) => {
              settled = true;
              p.reject(err);
            },
            get settled() {
              return settled;
            },
          };
        });
        try {
          await this.run(key, entries);
        } catch (err) {
          for (const e of entries) if (!e.settled) e.reject(err);
        }
      }
    } finally {
      this.running.delete(key);
    }
  }
}

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

/** One item of a batch, with the callbacks that answer its submitter. */
export interface Entry<T, R> {
  readonly item: T;
  resolve(value: R): void;
  reject(err: unknown): void;
  readonly settled: boolean;
}

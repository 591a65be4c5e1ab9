/**
 * Group commit: writes that arrive while a transaction is in flight are batched into
 * the next one, so the cost of a durable commit (an fsync) is shared by every decision
 * in the batch. Each caller's promise settles only after its batch has committed: an
 * answer is never sent for a decision that is not on disk.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Job<T> = {
  run: (trx: Transaction<Database>) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
};

export class GroupCommitter {
  private queue: Job<any>[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** Batches committed and their sizes, for metrics and the benchmark. */
  stats = { batches: 0, jobs: 0, maxBatch: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 512,
  ) {}

  /** Runs `run` inside the next batch transaction; resolves once that transaction committed. */
  submit<T>(run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closing; no new writes are accepted'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    // Let the current tick's requests join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async commitBatch(batch: Job<any>[]): Promise<void> {
    const results: unknown[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const job of batch) results.push(await job.run(trx));
      });
    } catch (error) {
      // The whole batch rolled back: none of these decisions may be answered as committed.
      for (const job of batch) job.reject(error);
      return;
    }
    this.stats.batches += 1;
    this.stats.jobs += batch.length;
    this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
    batch.forEach((job, i) => job.resolve(results[i]));
  }

  /** Waits for every submitted write, then refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
  }
}

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

export interface GroupCommitOptions {
  maxBatch?: number;
  /** Runs first in every batch transaction (e.g. taking a lock that orders batches). */
  beginBatch?: (trx: Transaction<Database>) => Promise<void>;
  /** Runs last in every batch transaction, before it commits (e.g. writes the jobs deferred to it). */
  endBatch?: (trx: Transaction<Database>) => Promise<void>;
  /** How a batch's transaction runs (default: db.transaction()). */
  transaction?: (body: (trx: Transaction<Database>) => Promise<void>) => Promise<void>;
  /**
   * Runs after every batch committed, before any job of it is answered: makes the commit
   * durable when the transaction did not (SQLite's WAL synced off the event loop).
   */
  afterCommit?: () => Promise<void>;
  /** Told about every batch transaction, committed or not (metrics). */
  onBatch?: (event: { size: number; durationMs: number; ok: boolean }) => void;
}

export class GroupCommitter {
  private queue: Job<any>[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  private readonly maxBatch: number;
  private readonly batchListeners: Array<NonNullable<GroupCommitOptions['onBatch']>> = [];
  /** Batches committed and their sizes, for metrics and the benchmark. */
  stats = { batches: 0, jobs: 0, maxBatch: 0, failedBatches: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: GroupCommitOptions | number = {},
  ) {
    this.maxBatch = typeof options === 'number' ? options : (options.maxBatch ?? 512);
    if (typeof options !== 'number' && options.onBatch) this.batchListeners.push(options.onBatch);
  }

  /** Adds a listener told about every batch transaction (metrics). */
  onBatch(listener: NonNullable<GroupCommitOptions['onBatch']>): void {
    this.batchListeners.push(listener);
  }

  private notify(event: { size: number; durationMs: number; ok: boolean }): void {
    for (const listener of this.batchListeners) {
      try {
        listener(event);
      } catch {
        // A metrics listener must never break a commit.
      }
    }
  }

  private get hooks(): GroupCommitOptions {
    return typeof this.options === 'number' ? {} : this.options;
  }

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
    const started = performance.now();
    try {
      const body = async (trx: Transaction<Database>) => {
        if (this.hooks.beginBatch) await this.hooks.beginBatch(trx);
        for (const job of batch) results.push(await job.run(trx));
        if (this.hooks.endBatch) await this.hooks.endBatch(trx);
      };
      await (this.hooks.transaction ? this.hooks.transaction(body) : this.db.transaction().execute(body));
    } catch (error) {
      this.stats.failedBatches += 1;
      this.notify({ size: batch.length, durationMs: performance.now() - started, ok: false });
      // The whole batch rolled back: none of these decisions may be answered as committed.
      // One bad write must not sink the others: retry each alone. (When the database is
      // down they all fail again quickly, and each caller gets its own error.)
      if (batch.length > 1) {
        for (const job of batch) await this.commitBatch([job]);
      } else {
        batch[0]!.reject(error);
      }
      return;
    }
    if (this.hooks.afterCommit) {
      try {
        await this.hooks.afterCommit();
      } catch (error) {
        // Committed, but perhaps not on disk: none of these may be answered as durable, and
        // none may be retried (the rows are in the database). The callers get the error.
        this.stats.failedBatches += 1;
        this.notify({ size: batch.length, durationMs: performance.now() - started, ok: false });
        for (const job of batch) job.reject(error);
        return;
      }
    }
    this.notify({ size: batch.length, durationMs: performance.now() - started, ok: true });
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

/**
 * The group committer under failure: one bad write does not fail the others of its batch,
 * a failed batch does not stop later ones, and close() waits for everything submitted.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from './database.js';
import { GroupCommitter } from './group-commit.js';
import { tempDir } from '../../test/support/gateway.js';

let opened: OpenDatabase | null = null;
let dir = '';
afterEach(async () => {
  await opened?.close();
  opened = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function database(): Promise<OpenDatabase> {
  dir = tempDir('toolgate-gc-');
  opened = await openDatabase(path.join(dir, 'gc.db'));
  return opened;
}

const insertRevision = (revision: string) => (trx: any) =>
  trx.insertInto('policy_revisions').values({ revision, created_at: 1, source: 's', rules: '{}' }).execute().then(() => revision);

describe('GroupCommitter', () => {
  it('batches concurrent writes into one transaction', async () => {
    const { db } = await database();
    const committer = new GroupCommitter(db);
    const batches: number[] = [];
    committer.onBatch((event) => batches.push(event.size));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => committer.submit(insertRevision(`r${i}`))));
    expect(results).toHaveLength(20);
    expect(batches).toEqual([20]);
  });

  it('commits the good writes of a batch in which one write fails', async () => {
    const { db } = await database();
    const committer = new GroupCommitter(db);
    const events: Array<{ size: number; ok: boolean }> = [];
    committer.onBatch(({ size, ok }) => events.push({ size, ok }));
    const outcomes = await Promise.allSettled([
      committer.submit(insertRevision('a')),
      committer.submit(insertRevision('dup')),
      committer.submit(insertRevision('dup')), // primary key violation: this one alone fails
      committer.submit(insertRevision('b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await db.selectFrom('policy_revisions').select('revision').orderBy('revision').execute();
    expect(stored.map((r) => r.revision)).toEqual(['a', 'b', 'dup']);
    expect(events[0]).toEqual({ size: 4, ok: false });
    expect(committer.stats.failedBatches).toBeGreaterThanOrEqual(2);

    // Later batches are unaffected.
    await expect(committer.submit(insertRevision('c'))).resolves.toBe('c');
  });

  it('runs beginBatch first in every batch transaction', async () => {
    const { db } = await database();
    const seen: string[] = [];
    const committer = new GroupCommitter(db, {
      beginBatch: async (trx) => {
        seen.push('begin');
        await sql`select 1`.execute(trx);
      },
    });
    await Promise.all([committer.submit(insertRevision('x')), committer.submit(insertRevision('y'))]);
    expect(seen).toEqual(['begin']);
  });

  it('runs endBatch last in every batch transaction, and its failure rolls the batch back', async () => {
    const { db } = await database();
    const seen: string[] = [];
    let failNext = true;
    const committer = new GroupCommitter(db, {
      endBatch: async (trx) => {
        const rows = await trx.selectFrom('policy_revisions').select('revision').orderBy('revision').execute();
        seen.push(rows.map((r) => r.revision).join(','));
        if (failNext) {
          failNext = false;
          throw new Error('end of batch failed');
        }
      },
    });
    // The first batch fails at its end; its writes are retried one by one, each with its own end.
    await Promise.all([committer.submit(insertRevision('x')), committer.submit(insertRevision('y'))]);
    expect(seen).toEqual(['x,y', 'x', 'x,y']);
    const stored = await db.selectFrom('policy_revisions').select('revision').orderBy('revision').execute();
    expect(stored.map((r) => r.revision)).toEqual(['x', 'y']);
  });

  it('answers a batch only after afterCommit made it durable; a failed one fails the batch, unretried', async () => {
    const { db } = await database();
    const order: string[] = [];
    let fail = false;
    const committer = new GroupCommitter(db, {
      afterCommit: async () => {
        // The batch is committed (visible outside its transaction) but not yet answered.
        const rows = await db.selectFrom('policy_revisions').select('revision').orderBy('revision').execute();
        order.push(`sync ${rows.map((r) => r.revision).join(',')}`);
        if (fail) throw new Error('fsync failed: EIO');
      },
    });
    await Promise.all(['a', 'b'].map((r) => committer.submit(insertRevision(r)).then(() => order.push(`answered ${r}`))));
    expect(order).toEqual(['sync a,b', 'answered a', 'answered b']);

    fail = true;
    const outcomes = await Promise.allSettled([committer.submit(insertRevision('c')), committer.submit(insertRevision('d'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toMatch(/EIO/);
    // Not retried one by one: the rows were committed once, and only once.
    expect(order.filter((line) => line.startsWith('sync'))).toEqual(['sync a,b', 'sync a,b,c,d']);
    expect(committer.stats.failedBatches).toBe(1);
  });

  it('close() waits for submitted writes and refuses new ones', async () => {
    const { db } = await database();
    const committer = new GroupCommitter(db);
    const pending = Promise.all(Array.from({ length: 5 }, (_, i) => committer.submit(insertRevision(`w${i}`))));
    await committer.close();
    await expect(pending).resolves.toHaveLength(5);
    await expect(committer.submit(insertRevision('late'))).rejects.toThrow(/closing/);
  });
});

/**
 * How a SQLite file is opened for durable commits: group-commit batches commit without a sync
 * and the WAL is synced after them off the event loop (deferredSync), every other write keeps
 * synchronous=FULL; with TOOLGATE_PERF_CACHES=0 every commit syncs itself. Either way a
 * committed decision is on disk before it is answered.
 */
import path from 'node:path';
import { rmSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from './database.js';
import { tempDir } from '../../test/support/gateway.js';

let opened: OpenDatabase | null = null;
let dir = '';
const saved = process.env.TOOLGATE_PERF_CACHES;
afterEach(async () => {
  await opened?.close();
  opened = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.TOOLGATE_PERF_CACHES;
  else process.env.TOOLGATE_PERF_CACHES = saved;
});

async function synchronous(db: OpenDatabase['db']): Promise<number> {
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
  return rows[0]!.synchronous;
}

describe('opening a SQLite file', () => {
  it('relaxes the sync for group-commit transactions only, and syncs the WAL after them off the event loop', async () => {
    delete process.env.TOOLGATE_PERF_CACHES;
    dir = tempDir('toolgate-db-');
    opened = await openDatabase(path.join(dir, 'a.db'));
    const deferred = opened.deferredSync!;
    expect(deferred).toBeDefined();
    expect(await synchronous(opened.db)).toBe(2); // FULL for every other write
    const inside = await deferred.transaction(async (trx) => {
      await trx.insertInto('policy_revisions').values({ revision: 'r', created_at: 1, source: 's', rules: '{}' }).execute();
      return synchronous(trx);
    });
    expect(inside).toBe(1); // NORMAL: this COMMIT leaves the WAL to syncCommitted
    expect(await synchronous(opened.db)).toBe(2);
    await expect(deferred.transaction(async () => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    expect(await synchronous(opened.db)).toBe(2);
    await deferred.syncCommitted();
    await deferred.syncCommitted();
    expect(statSync(path.join(dir, 'a.db-wal')).size).toBeGreaterThan(0);
  });

  it('syncs in every commit when TOOLGATE_PERF_CACHES=0, and in memory has nothing to sync', async () => {
    process.env.TOOLGATE_PERF_CACHES = '0';
    dir = tempDir('toolgate-db-');
    opened = await openDatabase(path.join(dir, 'b.db'));
    expect(await synchronous(opened.db)).toBe(2);
    expect(opened.deferredSync).toBeUndefined();
    await opened.close();
    delete process.env.TOOLGATE_PERF_CACHES;
    opened = await openDatabase(':memory:');
    expect(opened.deferredSync).toBeUndefined();
  });
});

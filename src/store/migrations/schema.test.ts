/**
 * The schema a fresh SQLite database gets from the migrations, row for row of sqlite_master
 * (SQLite keeps each CREATE statement's text): schema.sqlite.jsonl was dumped from the
 * migrations as first written by hand, so the table helpers (columns.ts) are proven to emit
 * the same DDL. A new migration changes the schema on purpose: re-dump the file with it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { Store } from '../index.js';
import { tempDir } from '../../../test/support/gateway.js';

const dir = tempDir('toolgate-schema-');
afterAll(() => import('node:fs').then((fs) => fs.rmSync(dir, { recursive: true, force: true })));

it('a fresh database has exactly the recorded schema', async () => {
  const store = await Store.open(path.join(dir, 'fresh.db'));
  try {
    const { rows } = await sql`select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(store.db);
    const expected = readFileSync(new URL('./schema.sqlite.jsonl', import.meta.url), 'utf8').trim().split('\n');
    expect(rows.map((row) => JSON.stringify(row))).toEqual(expected);
  } finally {
    await store.close();
  }
});

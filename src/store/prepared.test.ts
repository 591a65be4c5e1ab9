/**
 * Prepared queries: compiled once per dialect from a Kysely query, executed with named
 * parameters in the right places, on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './database.js';
import { everyColumn, prepared } from './prepared.js';
import type { PolicyRevisionsTable } from './schema.js';
import { storeTargets } from '../../test/support/store-targets.js';

const insertRevision = prepared<PolicyRevisionsTable, unknown>(
  everyColumn<PolicyRevisionsTable>()(['revision', 'created_at', 'source', 'rules', 'sources']),
  (db, row) => db.insertInto('policy_revisions').values(row),
);
// Parameters out of declaration order, and a value the query holds itself ('fixed').
const findRevision = prepared<{ since: number; revision: string }, { revision: string; source: string }>(['revision', 'since'], (db, p) =>
  db
    .selectFrom('policy_revisions')
    .select(['revision', 'source'])
    .where('created_at', '>=', p.since)
    .where('source', '!=', 'fixed')
    .where('revision', '=', p.revision),
);

describe('prepared queries, compiled', () => {
  it('compile to each dialect once, with its own placeholders', () => {
    expect(findRevision.sql('sqlite')).toBe(
      'select "revision", "source" from "policy_revisions" where "created_at" >= ? and "source" != ? and "revision" = ?',
    );
    expect(findRevision.sql('postgres')).toBe(
      'select "revision", "source" from "policy_revisions" where "created_at" >= $1 and "source" != $2 and "revision" = $3',
    );
  });

  it('refuse a query that leaves a named parameter out', () => {
    const careless = prepared<{ a: string; b: string }, unknown>(['a', 'b'], (db, p) => db.selectFrom('sessions').selectAll().where('id', '=', p.a));
    expect(() => careless.sql('sqlite')).toThrow(/does not use its parameters b/);
  });
});

for (const target of storeTargets('prepared_q')) {
  describe(`prepared queries on ${target.name}`, () => {
    let opened: OpenDatabase;
    beforeAll(async () => {
      opened = await openDatabase(await target.url());
    });
    afterAll(async () => {
      await opened?.close();
      await target.drop();
    });

    it('put each named parameter in its place, and keep the values the query holds', async () => {
      const { db, dialect } = opened;
      await insertRevision.execute(db, dialect, { revision: 'r1', created_at: 10, source: 'dir-a', rules: '{}', sources: null });
      await insertRevision.execute(db, dialect, { revision: 'r2', created_at: 20, source: 'fixed', rules: '{}', sources: null });
      await insertRevision.execute(db, dialect, { revision: 'r3', created_at: 30, source: 'dir-b', rules: '{}', sources: null });
      const find = async (revision: string, since: number) => (await findRevision.execute(db, dialect, { revision, since })).rows;
      expect(await find('r1', 0)).toEqual([{ revision: 'r1', source: 'dir-a' }]);
      expect(await find('r1', 11)).toEqual([]);
      expect(await find('r2', 0)).toEqual([]);
      expect(await find('r3', 30)).toEqual([{ revision: 'r3', source: 'dir-b' }]);
    });

    it('run inside a transaction, on its connection', async () => {
      const { db, dialect } = opened;
      await expect(
        db.transaction().execute(async (trx) => {
          await insertRevision.execute(trx, dialect, { revision: 'rolled-back', created_at: 1, source: 's', rules: '{}', sources: null });
          expect((await findRevision.execute(trx, dialect, { revision: 'rolled-back', since: 0 })).rows).toHaveLength(1);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect((await findRevision.execute(db, dialect, { revision: 'rolled-back', since: 0 })).rows).toEqual([]);
    });

    it('refuse an undefined parameter instead of writing a null', async () => {
      const { db, dialect } = opened;
      await expect(insertRevision.execute(db, dialect, { revision: 'r9', created_at: 1, source: undefined as never, rules: '{}', sources: null })).rejects.toThrow(
        /parameter source is undefined/,
      );
    });
  });
}

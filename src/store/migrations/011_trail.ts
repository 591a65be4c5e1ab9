import { sql, type Kysely } from 'kysely';
import { createIndexes, createTable, key, optional, required } from './columns.js';

/**
 * A complete trail (issue 14): every write of an approval, a reported outcome, a policy
 * revision or a policy activation appends an event to `trail`, a hash chain of its own with its
 * head in chain_head (id 2), so that `toolgate audit verify` sees such a row deleted, inserted or
 * edited, not only edited (decision-log/trail.ts). Additive: a new table and a head row. A
 * database from before it is adopted by the first gateway that opens it (Store.sealTrail).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // kind: approval | outcome | policy_revision | policy_activation | seal; ref: the row's key;
  // decision_seq: the seq of the decision an approval or outcome follows (a prune removes both);
  // row_hash: the row's hash as written; origin: write | seal.
  await createTable(db, 'trail', {
    seq: key('bigint'),
    ...required({ kind: 'varchar(24)', ref: 'varchar(200)' }),
    ...optional({ decision_seq: 'bigint' }),
    ...required({ row_hash: 'varchar(64)', at: 'bigint', origin: 'varchar(8)', prev_hash: 'varchar(128)', hash: 'varchar(128)' }),
  });
  await createIndexes(db, 'trail', { trail_ref: ['kind', 'ref', 'seq'] });
  await db.insertInto('chain_head').values({ id: 2, seq: 0, hash: sql<string>`${'0'.repeat(64)}` }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('chain_head').where('id', '=', 2).execute();
  await db.schema.dropTable('trail').execute();
}

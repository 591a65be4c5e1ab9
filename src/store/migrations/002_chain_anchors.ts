import type { Kysely } from 'kysely';
import { createTable, dropTables, key, required } from './columns.js';

/**
 * chain_anchors: where the retained decision chain starts after a prune. Each row
 * records the last pruned row's seq and hash, so the first retained row's prev_hash
 * still links to something the verifier can check.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'chain_anchors', {
    seq: key('bigint'),
    hash: required('varchar(128)'),
    created_at: required('bigint'),
    pruned_rows: required('bigint'),
    older_than: required('bigint'),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['chain_anchors']);
}

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
    ...required({ hash: 'varchar(128)', created_at: 'bigint', pruned_rows: 'bigint', older_than: 'bigint' }),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['chain_anchors']);
}

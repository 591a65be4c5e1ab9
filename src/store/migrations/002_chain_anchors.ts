import type { Kysely } from 'kysely';

/**
 * chain_anchors: where the retained decision chain starts after a prune. Each row
 * records the last pruned row's seq and hash, so the first retained row's prev_hash
 * still links to something the verifier can check.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chain_anchors')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('pruned_rows', 'bigint', (c) => c.notNull())
    .addColumn('older_than', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('chain_anchors').execute();
}

import type { Kysely } from 'kysely';

/**
 * Policy history an auditor can trust (issue 17):
 * - policy_revisions.sources: the Rego text and merged data a revision was built from (JSON);
 * - policy_activations: each time a revision became active or stopped being active, hash-chained
 *   like the decisions (each hash covers the previous one and the revision's content hash), so
 *   "which revision was active at time T, and what was in it" has an answer that cannot be edited
 *   without `toolgate policy history --verify` seeing it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('policy_revisions').addColumn('sources', 'text').execute();
  await db.schema
    .createTable('policy_activations')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('revision', 'varchar(64)', (c) => c.notNull())
    /** activated | deactivated */
    .addColumn('event', 'varchar(16)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    /** startup | api | watch | signal */
    .addColumn('trigger', 'varchar(32)', (c) => c.notNull())
    /** sha256 of the revision's stored sources (empty string's hash when none were stored). */
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_activations').execute();
  await db.schema.alterTable('policy_revisions').dropColumn('sources').execute();
}

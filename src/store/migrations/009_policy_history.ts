import type { Kysely } from 'kysely';
import { createTable, key, required } from './columns.js';

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
  // event: activated | deactivated; trigger: startup | api | watch | signal; content_hash: sha256
  // of the revision's stored sources (the empty string's hash when none were stored).
  await createTable(db, 'policy_activations', {
    seq: key('bigint'),
    ...required({ revision: 'varchar(64)', event: 'varchar(16)', at: 'bigint', trigger: 'varchar(32)' }),
    ...required({ content_hash: 'varchar(64)', prev_hash: 'varchar(64)', hash: 'varchar(64)' }),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_activations').execute();
  await db.schema.alterTable('policy_revisions').dropColumn('sources').execute();
}

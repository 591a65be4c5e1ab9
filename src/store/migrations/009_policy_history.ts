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
  await createTable(db, 'policy_activations', {
    seq: key('bigint'),
    revision: required('varchar(64)'),
    /** activated | deactivated */
    event: required('varchar(16)'),
    at: required('bigint'),
    /** startup | api | watch | signal */
    trigger: required('varchar(32)'),
    /** sha256 of the revision's stored sources (empty string's hash when none were stored). */
    content_hash: required('varchar(64)'),
    prev_hash: required('varchar(64)'),
    hash: required('varchar(64)'),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_activations').execute();
  await db.schema.alterTable('policy_revisions').dropColumn('sources').execute();
}

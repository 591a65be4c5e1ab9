import type { Kysely } from 'kysely';
import { createIndexes, createTable, dropTables, key, required } from './columns.js';

/**
 * Shadow evaluation: where a candidate policy (serve --shadow-policy-dir) would have
 * answered differently from the active one on live traffic. Only differences are kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'shadow_diffs', {
    decision_id: key('varchar(64)'),
    created_at: required('bigint'),
    session_id: required('varchar(200)'),
    tool: required('varchar(200)'),
    active_revision: required('varchar(64)'),
    shadow_revision: required('varchar(64)'),
    active_decision: required('varchar(8)'),
    shadow_decision: required('varchar(8)'),
    active_rules: required('text'),
    shadow_rules: required('text'),
    shadow_result: required('text'),
  });
  await createIndexes(db, 'shadow_diffs', {
    shadow_diffs_created: ['created_at'],
    shadow_diffs_shadow_revision: ['shadow_revision', 'created_at'],
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['shadow_diffs']);
}

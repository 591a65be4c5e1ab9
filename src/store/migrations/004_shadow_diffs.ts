import type { Kysely } from 'kysely';
import { createIndexes, createTable, dropTables, key, required } from './columns.js';

/**
 * Shadow evaluation: where a candidate policy (serve --shadow-policy-dir) would have
 * answered differently from the active one on live traffic. Only differences are kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'shadow_diffs', {
    decision_id: key('varchar(64)'),
    ...required({ created_at: 'bigint', session_id: 'varchar(200)', tool: 'varchar(200)' }),
    ...required({ active_revision: 'varchar(64)', shadow_revision: 'varchar(64)', active_decision: 'varchar(8)', shadow_decision: 'varchar(8)' }),
    ...required({ active_rules: 'text', shadow_rules: 'text', shadow_result: 'text' }),
  });
  await createIndexes(db, 'shadow_diffs', { shadow_diffs_created: ['created_at'], shadow_diffs_shadow_revision: ['shadow_revision', 'created_at'] });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['shadow_diffs']);
}

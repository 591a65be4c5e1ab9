import type { Kysely } from 'kysely';

/**
 * Shadow evaluation: where a candidate policy (serve --shadow-policy-dir) would have
 * answered differently from the active one on live traffic. Only differences are kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shadow_diffs')
    .addColumn('decision_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('session_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('tool', 'varchar(200)', (c) => c.notNull())
    .addColumn('active_revision', 'varchar(64)', (c) => c.notNull())
    .addColumn('shadow_revision', 'varchar(64)', (c) => c.notNull())
    .addColumn('active_decision', 'varchar(8)', (c) => c.notNull())
    .addColumn('shadow_decision', 'varchar(8)', (c) => c.notNull())
    .addColumn('active_rules', 'text', (c) => c.notNull())
    .addColumn('shadow_rules', 'text', (c) => c.notNull())
    .addColumn('shadow_result', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shadow_diffs_created').on('shadow_diffs').column('created_at').execute();
  await db.schema.createIndex('shadow_diffs_shadow_revision').on('shadow_diffs').columns(['shadow_revision', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shadow_diffs').execute();
}

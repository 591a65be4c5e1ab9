import type { Kysely } from 'kysely';

/**
 * approvals (issue 7): a human's answer to an `ask` decision, for clients that cannot prompt
 * (OpenClaw headless, MCP). One row per decision; the row is the record of who approved or
 * denied what, when, and why.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('approvals')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('decision_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('session_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('agent_id', 'varchar(200)')
    .addColumn('tool', 'varchar(200)', (c) => c.notNull())
    /** pending | approved | denied (expired is pending past expires_at, decided on read). */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'varchar(200)')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('approvals_status').on('approvals').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('approvals').execute();
}

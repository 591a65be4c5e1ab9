import type { Kysely } from 'kysely';

/**
 * agent_stops (issue 14): an operator's stop of a whole agent. While a row exists, every
 * session of that agent, including sessions it starts afterwards, is denied; deleting the
 * row lifts the stop. Stored apart from the sessions so that a new session id cannot
 * escape it and lifting it restores every session as it was.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agent_stops')
    .addColumn('agent_id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('stopped_at', 'bigint', (c) => c.notNull())
    .addColumn('stopped_by', 'varchar(200)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agent_stops').execute();
}

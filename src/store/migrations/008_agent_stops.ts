import type { Kysely } from 'kysely';
import { createTable, dropTables, key, required } from './columns.js';

/**
 * agent_stops (issue 14): an operator's stop of a whole agent. While a row exists, every
 * session of that agent, including sessions it starts afterwards, is denied; deleting the
 * row lifts the stop. Stored apart from the sessions so that a new session id cannot
 * escape it and lifting it restores every session as it was.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'agent_stops', {
    agent_id: key('varchar(200)'),
    ...required({ reason: 'text', stopped_at: 'bigint', stopped_by: 'varchar(200)' }),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['agent_stops']);
}

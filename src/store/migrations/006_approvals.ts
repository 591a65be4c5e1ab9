import type { Kysely } from 'kysely';
import { createIndexes, createTable, dropTables, key, optional, required } from './columns.js';

/**
 * approvals (issue 7): a human's answer to an `ask` decision, for clients that cannot prompt
 * (OpenClaw headless, MCP). One row per decision; the row is the record of who approved or
 * denied what, when, and why.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'approvals', {
    id: key('varchar(64)'),
    ...required({ decision_id: 'varchar(64)' }, { unique: true }),
    ...required({ session_id: 'varchar(200)' }),
    ...optional({ agent_id: 'varchar(200)' }),
    // status: pending | approved | denied (expired is pending past expires_at, decided on read).
    ...required({ tool: 'varchar(200)', status: 'varchar(16)', created_at: 'bigint', expires_at: 'bigint' }),
    ...optional({ decided_at: 'bigint', decided_by: 'varchar(200)', note: 'text' }),
  });
  await createIndexes(db, 'approvals', { approvals_status: ['status', 'created_at'] });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['approvals']);
}

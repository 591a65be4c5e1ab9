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
    decision_id: required('varchar(64)', { unique: true }),
    session_id: required('varchar(200)'),
    agent_id: optional('varchar(200)'),
    tool: required('varchar(200)'),
    /** pending | approved | denied (expired is pending past expires_at, decided on read). */
    status: required('varchar(16)'),
    created_at: required('bigint'),
    expires_at: required('bigint'),
    decided_at: optional('bigint'),
    decided_by: optional('varchar(200)'),
    note: optional('text'),
  });
  await createIndexes(db, 'approvals', { approvals_status: ['status', 'created_at'] });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['approvals']);
}

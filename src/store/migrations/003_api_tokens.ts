import type { Kysely } from 'kysely';
import { createIndexes, createTable, dropTables, key, optional, required } from './columns.js';

/**
 * api_tokens: agent and admin tokens for the HTTP API. Only the sha256 of a token is
 * stored; the token itself is shown once, by `toolgate tokens create`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'api_tokens', {
    id: key('varchar(32)'),
    ...required({ kind: 'varchar(8)' }),
    ...optional({ agent_id: 'varchar(200)', name: 'varchar(200)' }),
    ...required({ hash: 'varchar(64)' }, { unique: true }),
    ...required({ created_at: 'bigint' }),
    ...optional({ revoked_at: 'bigint' }),
  });
  await createIndexes(db, 'api_tokens', { api_tokens_agent: ['agent_id'] });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['api_tokens']);
}

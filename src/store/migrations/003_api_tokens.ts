import type { Kysely } from 'kysely';

/**
 * api_tokens: agent and admin tokens for the HTTP API. Only the sha256 of a token is
 * stored; the token itself is shown once, by `toolgate tokens create`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('agent_id', 'varchar(200)')
    .addColumn('name', 'varchar(200)')
    .addColumn('hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_tokens_agent').on('api_tokens').column('agent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
}

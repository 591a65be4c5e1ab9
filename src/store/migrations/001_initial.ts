import { sql, type Kysely } from 'kysely';
import { createIndexes, createTable, dropTables, key, optional, required } from './columns.js';

/** Sessions, the hash-chained decision log, its head, and the policy revisions decisions name. */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'sessions', {
    id: key('varchar(200)'),
    ...optional({ agent_id: 'varchar(200)', parent_session_id: 'varchar(200)' }),
    ...required({ status: 'varchar(16)' }, { default: 'active' }),
    ...required({ created_at: 'bigint', last_seen_at: 'bigint' }),
    ...required({ calls: 'bigint' }, { default: 0 }),
    ...required({ state: 'text' }, { default: '{}' }),
  });
  await createIndexes(db, 'sessions', { sessions_agent: ['agent_id'], sessions_parent: ['parent_session_id'] });

  await createTable(db, 'decisions', {
    id: key('varchar(64)'),
    ...required({ seq: 'bigint' }, { unique: true }),
    ...required({ created_at: 'bigint', session_id: 'varchar(200)' }),
    ...optional({ agent_id: 'varchar(200)' }),
    ...required({ tool: 'varchar(200)', kind: 'varchar(32)', input: 'text', context: 'text', facts: 'text', session: 'text', decision: 'varchar(8)' }),
    ...required({ categories: 'text', risk: 'integer', reasons: 'text', obligations: 'text', result: 'text', policy_revision: 'varchar(64)', latency_us: 'integer' }),
    ...required({ prev_hash: 'varchar(128)', hash: 'varchar(128)' }),
  });
  await createIndexes(db, 'decisions', { decisions_session: ['session_id', 'seq'], decisions_created: ['created_at'], decisions_agent: ['agent_id', 'seq'] });

  await createTable(db, 'chain_head', { id: key('integer'), ...required({ seq: 'bigint', hash: 'varchar(128)' }) });
  await db.insertInto('chain_head').values({ id: 1, seq: 0, hash: sql<string>`${'0'.repeat(64)}` }).execute();

  await createTable(db, 'policy_revisions', { revision: key('varchar(64)'), ...required({ created_at: 'bigint', source: 'text', rules: 'text' }) });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['policy_revisions', 'chain_head', 'decisions', 'sessions']);
}

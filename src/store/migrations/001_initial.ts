import { sql, type Kysely } from 'kysely';
import { createIndexes, createTable, dropTables, key, optional, required } from './columns.js';

/** Sessions, the hash-chained decision log, its head, and the policy revisions decisions name. */
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'sessions', {
    id: key('varchar(200)'),
    agent_id: optional('varchar(200)'),
    parent_session_id: optional('varchar(200)'),
    status: required('varchar(16)', { default: 'active' }),
    created_at: required('bigint'),
    last_seen_at: required('bigint'),
    calls: required('bigint', { default: 0 }),
    state: required('text', { default: '{}' }),
  });
  await createIndexes(db, 'sessions', { sessions_agent: ['agent_id'], sessions_parent: ['parent_session_id'] });

  await createTable(db, 'decisions', {
    id: key('varchar(64)'),
    seq: required('bigint', { unique: true }),
    created_at: required('bigint'),
    session_id: required('varchar(200)'),
    agent_id: optional('varchar(200)'),
    tool: required('varchar(200)'),
    kind: required('varchar(32)'),
    input: required('text'),
    context: required('text'),
    facts: required('text'),
    session: required('text'),
    decision: required('varchar(8)'),
    categories: required('text'),
    risk: required('integer'),
    reasons: required('text'),
    obligations: required('text'),
    result: required('text'),
    policy_revision: required('varchar(64)'),
    latency_us: required('integer'),
    prev_hash: required('varchar(128)'),
    hash: required('varchar(128)'),
  });
  await createIndexes(db, 'decisions', {
    decisions_session: ['session_id', 'seq'],
    decisions_created: ['created_at'],
    decisions_agent: ['agent_id', 'seq'],
  });

  await createTable(db, 'chain_head', { id: key('integer'), seq: required('bigint'), hash: required('varchar(128)') });
  await db.insertInto('chain_head').values({ id: 1, seq: 0, hash: sql<string>`${'0'.repeat(64)}` }).execute();

  await createTable(db, 'policy_revisions', {
    revision: key('varchar(64)'),
    created_at: required('bigint'),
    source: required('text'),
    rules: required('text'),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['policy_revisions', 'chain_head', 'decisions', 'sessions']);
}

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('agent_id', 'varchar(200)')
    .addColumn('parent_session_id', 'varchar(200)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('calls', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('sessions_agent').on('sessions').column('agent_id').execute();
  await db.schema.createIndex('sessions_parent').on('sessions').column('parent_session_id').execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('session_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('agent_id', 'varchar(200)')
    .addColumn('tool', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('session', 'text', (c) => c.notNull())
    .addColumn('decision', 'varchar(8)', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('risk', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('obligations', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('policy_revision', 'varchar(64)', (c) => c.notNull())
    .addColumn('latency_us', 'integer', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('hash', 'varchar(128)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_session').on('decisions').columns(['session_id', 'seq']).execute();
  await db.schema.createIndex('decisions_created').on('decisions').column('created_at').execute();
  await db.schema.createIndex('decisions_agent').on('decisions').columns(['agent_id', 'seq']).execute();

  await db.schema
    .createTable('chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'varchar(128)', (c) => c.notNull())
    .execute();
  await db.insertInto('chain_head').values({ id: 1, seq: 0, hash: sql<string>`${'0'.repeat(64)}` }).execute();

  await db.schema
    .createTable('policy_revisions')
    .addColumn('revision', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['policy_revisions', 'chain_head', 'decisions', 'sessions']) {
    await db.schema.dropTable(table).execute();
  }
}

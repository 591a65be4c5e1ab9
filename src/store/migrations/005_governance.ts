import type { Kysely } from 'kysely';

/**
 * Session governance (issue 4): roll-ups of child sessions into their ancestors, per-agent
 * daily usage, reported tool outcomes, checkpoints, compactions and versioned memory.
 * Counters that several writers bump concurrently (roll-ups, agent usage) are columns
 * updated with atomic increments, never read-modify-write JSON.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_rollups')
    .addColumn('session_id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('calls', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('tokens', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('agent_usage')
    .addColumn('agent_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('calls', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('tokens', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('agent_usage_pk', ['agent_id', 'day'])
    .execute();

  await db.schema
    .createTable('tool_results')
    .addColumn('decision_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('session_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('exit_code', 'integer')
    .addColumn('ok', 'integer')
    .addColumn('output_tokens', 'bigint')
    .addColumn('tokens_in', 'bigint')
    .addColumn('tokens_out', 'bigint')
    .addColumn('cost_usd', 'double precision')
    .addColumn('duration_ms', 'bigint')
    .addColumn('output_sha256', 'varchar(64)')
    .execute();
  await db.schema.createIndex('tool_results_session').on('tool_results').columns(['session_id', 'created_at']).execute();

  await db.schema
    .createTable('checkpoints')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('session_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('label', 'varchar(200)', (c) => c.notNull())
    .addColumn('step', 'bigint')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkpoints_session').on('checkpoints').columns(['session_id', 'created_at']).execute();

  await db.schema
    .createTable('compactions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('session_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('reported_ok', 'integer', (c) => c.notNull())
    .addColumn('counted_ok', 'integer', (c) => c.notNull())
    .addColumn('tokens_before', 'bigint')
    .addColumn('tokens_after', 'bigint')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('lost', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('compactions_session').on('compactions').columns(['session_id', 'created_at']).execute();

  await db.schema
    .createTable('memory')
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('owner', 'varchar(200)', (c) => c.notNull())
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('written_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('written_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memory_pk', ['scope', 'owner', 'key', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['memory', 'compactions', 'checkpoints', 'tool_results', 'agent_usage', 'session_rollups']) {
    await db.schema.dropTable(table).execute();
  }
}

import type { Kysely } from 'kysely';
import { createIndexes, createTable, dropTables, key, optional, required, SESSION_RECORD } from './columns.js';

/**
 * Session governance (issue 4): roll-ups of child sessions into their ancestors, per-agent
 * daily usage, reported tool outcomes, checkpoints, compactions and versioned memory.
 * Counters that several writers bump concurrently (roll-ups, agent usage) are columns
 * updated with atomic increments, never read-modify-write JSON.
 */
const USAGE = { calls: required('bigint', { default: 0 }), tokens: required('bigint', { default: 0 }), cost_usd: required('double precision', { default: 0 }) };

export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'session_rollups', { session_id: key('varchar(200)'), ...USAGE });
  await createTable(db, 'agent_usage', { agent_id: required('varchar(200)'), day: required('varchar(10)'), ...USAGE }, { primaryKey: { name: 'agent_usage_pk', columns: ['agent_id', 'day'] } });

  await createTable(db, 'tool_results', {
    decision_id: key('varchar(64)'),
    ...SESSION_RECORD,
    exit_code: optional('integer'),
    ok: optional('integer'),
    output_tokens: optional('bigint'),
    tokens_in: optional('bigint'),
    tokens_out: optional('bigint'),
    cost_usd: optional('double precision'),
    duration_ms: optional('bigint'),
    output_sha256: optional('varchar(64)'),
  });
  await createIndexes(db, 'tool_results', { tool_results_session: ['session_id', 'created_at'] });

  await createTable(db, 'checkpoints', {
    id: key('varchar(64)'),
    ...SESSION_RECORD,
    label: required('varchar(200)'),
    step: optional('bigint'),
    state: required('text'),
    gateway: required('text'),
  });
  await createIndexes(db, 'checkpoints', { checkpoints_session: ['session_id', 'created_at'] });

  await createTable(db, 'compactions', {
    id: key('varchar(64)'),
    ...SESSION_RECORD,
    reported_ok: required('integer'),
    counted_ok: required('integer'),
    tokens_before: optional('bigint'),
    tokens_after: optional('bigint'),
    summary: required('text'),
    lost: required('text'),
    answer: required('text'),
  });
  await createIndexes(db, 'compactions', { compactions_session: ['session_id', 'created_at'] });

  await createTable(
    db,
    'memory',
    {
      scope: required('varchar(16)'),
      owner: required('varchar(200)'),
      key: required('varchar(200)'),
      version: required('bigint'),
      value: optional('text'),
      deleted: required('integer', { default: 0 }),
      written_by: required('varchar(200)'),
      written_at: required('bigint'),
    },
    { primaryKey: { name: 'memory_pk', columns: ['scope', 'owner', 'key', 'version'] } },
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['memory', 'compactions', 'checkpoints', 'tool_results', 'agent_usage', 'session_rollups']);
}

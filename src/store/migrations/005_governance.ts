import type { Kysely } from 'kysely';
import { createSessionRecordTable, createTable, dropTables, key, optional, required } from './columns.js';

/**
 * Session governance (issue 4): roll-ups of child sessions into their ancestors, per-agent
 * daily usage, reported tool outcomes, checkpoints, compactions and versioned memory.
 * Counters that several writers bump concurrently (roll-ups, agent usage) are columns
 * updated with atomic increments, never read-modify-write JSON.
 */
const USAGE = { ...required({ calls: 'bigint', tokens: 'bigint', cost_usd: 'double precision' }, { default: 0 }) };

export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'session_rollups', { session_id: key('varchar(200)'), ...USAGE });
  await createTable(db, 'agent_usage', { ...required({ agent_id: 'varchar(200)', day: 'varchar(10)' }), ...USAGE }, { primaryKey: { name: 'agent_usage_pk', columns: ['agent_id', 'day'] } });

  await createSessionRecordTable(db, 'tool_results', 'decision_id', {
    ...optional({ exit_code: 'integer', ok: 'integer', output_tokens: 'bigint', tokens_in: 'bigint', tokens_out: 'bigint' }),
    ...optional({ cost_usd: 'double precision', duration_ms: 'bigint', output_sha256: 'varchar(64)' }),
  });
  await createSessionRecordTable(db, 'checkpoints', 'id', {
    ...required({ label: 'varchar(200)' }),
    ...optional({ step: 'bigint' }),
    ...required({ state: 'text', gateway: 'text' }),
  });
  await createSessionRecordTable(db, 'compactions', 'id', {
    ...required({ reported_ok: 'integer', counted_ok: 'integer' }),
    ...optional({ tokens_before: 'bigint', tokens_after: 'bigint' }),
    ...required({ summary: 'text', lost: 'text', answer: 'text' }),
  });

  await createTable(
    db,
    'memory',
    {
      ...required({ scope: 'varchar(16)', owner: 'varchar(200)', key: 'varchar(200)', version: 'bigint' }),
      ...optional({ value: 'text' }),
      ...required({ deleted: 'integer' }, { default: 0 }),
      ...required({ written_by: 'varchar(200)', written_at: 'bigint' }),
    },
    { primaryKey: { name: 'memory_pk', columns: ['scope', 'owner', 'key', 'version'] } },
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['memory', 'compactions', 'checkpoints', 'tool_results', 'agent_usage', 'session_rollups']);
}

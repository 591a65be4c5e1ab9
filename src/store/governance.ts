/**
 * SQL of session governance: roll-ups, agent usage, tool results, checkpoints,
 * compactions and memory. Portable Kysely only (SQLite and PostgreSQL).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import type {
  CheckpointsTable,
  CompactionsTable,
  MemoryTable,
  SessionRollupsTable,
  ToolResultsTable,
} from './schema-governance.js';
import type { SessionRow } from './sessions.js';
import type { DialectName } from './database.js';
import { prepared } from './prepared.js';
import { followUpHash } from './decision-log/chain.js';
import { appendTrail } from './decision-log/trail.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UsageDelta {
  calls: number;
  tokens: number;
  cost_usd: number;
}

export interface Rollup {
  calls: number;
  tokens: number;
  cost_usd: number;
}

export interface SessionWithRollup {
  row: SessionRow;
  rollup: Rollup;
}

const ZERO: Rollup = { calls: 0, tokens: 0, cost_usd: 0 };

function rollupOf(r: Partial<SessionRollupsTable> | undefined | null): Rollup {
  if (!r) return { ...ZERO };
  return { calls: Number(r.calls ?? 0), tokens: Number(r.tokens ?? 0), cost_usd: Number(r.cost_usd ?? 0) };
}

const sessionWithRollup = prepared<{ id: string }, SessionRow & { r_calls: number | null; r_tokens: number | null; r_cost_usd: number | null }>(['id'], (db, p) =>
  db
    .selectFrom('sessions')
    .leftJoin('session_rollups', 'session_rollups.session_id', 'sessions.id')
    .selectAll('sessions')
    .select(['session_rollups.calls as r_calls', 'session_rollups.tokens as r_tokens', 'session_rollups.cost_usd as r_cost_usd'])
    .where('sessions.id', '=', p.id),
);

/** A session with what its descendants used, in one query (absent roll-up = no children yet). */
export async function findSessionWithRollup(db: Db, dialect: DialectName, id: string): Promise<SessionWithRollup | undefined> {
  const found = (await sessionWithRollup.execute(db, dialect, { id })).rows[0];
  if (!found) return undefined;
  const { r_calls, r_tokens, r_cost_usd, ...row } = found;
  return { row, rollup: rollupOf({ calls: r_calls ?? 0, tokens: r_tokens ?? 0, cost_usd: r_cost_usd ?? 0 }) };
}

/** Adds a descendant's usage to each ancestor (atomic increments: concurrent children never lose a count). */
export async function bumpRollups(trx: Transaction<Database>, ancestorIds: string[], delta: UsageDelta): Promise<void> {
  if (delta.calls === 0 && delta.tokens === 0 && delta.cost_usd === 0) return;
  for (const id of [...new Set(ancestorIds)].sort()) {
    await trx
      .insertInto('session_rollups')
      .values({ session_id: id, calls: delta.calls, tokens: delta.tokens, cost_usd: delta.cost_usd })
      .onConflict((oc) =>
        oc.column('session_id').doUpdateSet({
          calls: sql<number>`session_rollups.calls + ${delta.calls}`,
          tokens: sql<number>`session_rollups.tokens + ${delta.tokens}`,
          cost_usd: sql<number>`session_rollups.cost_usd + ${delta.cost_usd}`,
        }),
      )
      .execute();
  }
}

export async function findAgentUsage(db: Db, agentId: string, day: string): Promise<Rollup> {
  return rollupOf(
    await db.selectFrom('agent_usage').selectAll().where('agent_id', '=', agentId).where('day', '=', day).executeTakeFirst(),
  );
}

export async function bumpAgentUsage(trx: Transaction<Database>, agentId: string, day: string, delta: UsageDelta): Promise<void> {
  if (delta.calls === 0 && delta.tokens === 0 && delta.cost_usd === 0) return;
  await trx
    .insertInto('agent_usage')
    .values({ agent_id: agentId, day, calls: delta.calls, tokens: delta.tokens, cost_usd: delta.cost_usd })
    .onConflict((oc) =>
      oc.columns(['agent_id', 'day']).doUpdateSet({
        calls: sql<number>`agent_usage.calls + ${delta.calls}`,
        tokens: sql<number>`agent_usage.tokens + ${delta.tokens}`,
        cost_usd: sql<number>`agent_usage.cost_usd + ${delta.cost_usd}`,
      }),
    )
    .execute();
}

export async function findChildren(db: Db, parentId: string, limit = 1000): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('parent_session_id', '=', parentId).limit(limit).execute();
}

// ── tool results ──────────────────────────────────────────────────────────────

/**
 * Stores a reported outcome with its hash, tied to its decision's chain hash (store/chain.ts
 * followUpHash), and appends it to the trail in the same transaction (decision-log/trail.ts).
 */
export async function insertToolResult(
  trx: Transaction<Database>,
  decision: { hash: string; seq: number },
  signing: { dialect: DialectName; key?: string },
  fields: Omit<ToolResultsTable, 'hash'>,
): Promise<boolean> {
  const row: ToolResultsTable = { ...fields, hash: followUpHash('outcome', decision.hash, fields, signing.key) };
  const result = await trx
    .insertInto('tool_results')
    .values(row)
    .onConflict((oc) => oc.column('decision_id').doNothing())
    .executeTakeFirst();
  const inserted = Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  if (inserted) await appendTrail(trx, signing.dialect, [{ kind: 'outcome', ref: row.decision_id, row_hash: row.hash!, decision_seq: Number(decision.seq) }], signing.key);
  return inserted;
}

export async function findToolResult(db: Db, decisionId: string): Promise<ToolResultsTable | undefined> {
  return db.selectFrom('tool_results').selectAll().where('decision_id', '=', decisionId).executeTakeFirst();
}

/** Decisions of a session at or after `since` (oldest first) with their reported outcomes. */
export async function decisionsWithOutcomes(db: Db, sessionId: string, since: number, limit: number) {
  return db
    .selectFrom('decisions')
    .leftJoin('tool_results', 'tool_results.decision_id', 'decisions.id')
    .select([
      'decisions.id',
      'decisions.seq',
      'decisions.created_at',
      'decisions.tool',
      'decisions.kind',
      'decisions.input',
      'decisions.decision',
      'decisions.categories',
      'decisions.obligations',
      'tool_results.exit_code',
      'tool_results.ok',
      'tool_results.output_sha256',
      'tool_results.duration_ms',
    ])
    .where('decisions.session_id', '=', sessionId)
    .where('decisions.created_at', '>=', since)
    .orderBy('decisions.seq', 'desc')
    .limit(limit)
    .execute()
    .then((rows) => rows.reverse());
}

// ── checkpoints ───────────────────────────────────────────────────────────────

export async function insertCheckpoint(trx: Transaction<Database>, row: CheckpointsTable): Promise<void> {
  await trx.insertInto('checkpoints').values(row).execute();
}

export async function lastCheckpoint(db: Db, sessionId: string): Promise<CheckpointsTable | undefined> {
  return db
    .selectFrom('checkpoints')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listCheckpoints(db: Db, sessionId: string, limit = 100) {
  return db
    .selectFrom('checkpoints')
    .select(['id', 'created_at', 'label', 'step'])
    .where('session_id', '=', sessionId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

// ── compactions ───────────────────────────────────────────────────────────────

export async function insertCompaction(trx: Transaction<Database>, row: CompactionsTable): Promise<void> {
  await trx.insertInto('compactions').values(row).execute();
}

export async function listCompactions(db: Db, sessionId: string, limit = 50) {
  return db
    .selectFrom('compactions')
    .select(['id', 'created_at', 'reported_ok', 'counted_ok', 'tokens_before', 'tokens_after', 'lost'])
    .where('session_id', '=', sessionId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

// ── memory ────────────────────────────────────────────────────────────────────

export interface MemoryKey {
  scope: string;
  owner: string;
  key: string;
}

/** One version of a memory key: the given one, or the latest (tombstones included). */
export async function findMemory(db: Db, k: MemoryKey, version?: number): Promise<MemoryTable | undefined> {
  const query = db.selectFrom('memory').selectAll().where('scope', '=', k.scope).where('owner', '=', k.owner).where('key', '=', k.key);
  return (version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version)).executeTakeFirst();
}

/**
 * Appends a version. The primary key (scope, owner, key, version) makes two concurrent
 * writers of one key collide instead of both getting the same version: the loser retries.
 */
export async function appendMemory(db: Kysely<Database>, row: Omit<MemoryTable, 'version'>, ifVersion?: number): Promise<MemoryTable | { conflict: number }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const latest = await findMemory(db, row);
    const current = latest ? Number(latest.version) : 0;
    if (ifVersion !== undefined && ifVersion !== current) return { conflict: current };
    const stored: MemoryTable = { ...row, version: current + 1 };
    const inserted = await db
      .insertInto('memory')
      .values(stored)
      .onConflict((oc) => oc.columns(['scope', 'owner', 'key', 'version']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return stored;
  }
  throw new Error('memory write kept colliding with concurrent writers; retry');
}

/** The live (not deleted) latest value of every key of one owner. */
export async function memoryOf(db: Db, scope: string, owner: string, limit = 500): Promise<MemoryTable[]> {
  const rows = await db
    .selectFrom('memory')
    .selectAll()
    .where('scope', '=', scope)
    .where('owner', '=', owner)
    .orderBy('key')
    .orderBy('version', 'desc')
    .limit(limit * 4)
    .execute();
  const latest = new Map<string, MemoryTable>();
  for (const r of rows) if (!latest.has(r.key)) latest.set(r.key, r);
  return [...latest.values()].filter((r) => !Number(r.deleted)).slice(0, limit);
}

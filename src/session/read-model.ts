/**
 * What the session routes read: a session with the policy's view of it, its compactions and
 * checkpoints, and what an agent needs to resume after a crash or a restart. Read only;
 * every change goes through session/transitions.ts.
 */
import { budgetLimits } from '../api/policy-config.js';
import type { Store } from '../store/index.js';
import { decisionsWithOutcomes, lastCheckpoint, listCheckpoints, listCompactions } from '../store/governance.js';
import { eventView, UnknownSessionError } from './events.js';
import { memoryMap } from './memory.js';
import { parseState } from './state.js';

async function requireSession(store: Store, id: string) {
  const row = await store.getSession(id);
  if (!row) throw new UnknownSessionError(id);
  return row;
}

export async function sessionDetails(store: Store, id: string) {
  const row = await requireSession(store, id);
  const state = parseState(row.state);
  return { session: await eventView(store, row, state, Date.now()), pinned: state.pinned };
}

export async function compactionsOf(store: Store, id: string) {
  await requireSession(store, id);
  const rows = await listCompactions(store.db, id);
  return { compactions: rows.map((r) => ({ ...r, reported_ok: !!r.reported_ok, counted_ok: !!r.counted_ok, lost: JSON.parse(r.lost) })) };
}

export async function checkpointsOf(store: Store, id: string) {
  await requireSession(store, id);
  return { checkpoints: await listCheckpoints(store.db, id) };
}

/** The last checkpoint, the decisions since, the budget left, loop and compaction state, pins and memory. */
export async function resumeOf(store: Store, id: string, policyData: unknown) {
  const row = await requireSession(store, id);
  const state = parseState(row.state);
  const view = await eventView(store, row, state, Date.now());
  const checkpoint = await lastCheckpoint(store.db, id);
  const since = checkpoint ? Number(checkpoint.created_at) : Number(row.created_at);
  const decisions = await decisionsWithOutcomes(store.db, id, since, 500);
  const limits = budgetLimits(policyData, 'session');
  const u = view.usage;
  const remaining: Record<string, number | null> = {};
  for (const [measure, used] of Object.entries({ calls: u.calls, tokens: u.tokens, cost_usd: u.cost_usd, wall_time_ms: u.wall_ms })) {
    remaining[measure] = typeof limits[measure] === 'number' ? Math.max(0, limits[measure] - (used ?? 0)) : null;
  }
  return {
    session: { id, status: row.status, agent_id: row.agent_id, parent_session_id: row.parent_session_id, stop_reason: state.stop_reason, ended: state.ended, resumed_from: state.resumed_from },
    checkpoint: checkpoint
      ? { id: checkpoint.id, label: checkpoint.label, step: checkpoint.step, created_at: Number(checkpoint.created_at), state: JSON.parse(checkpoint.state), gateway: JSON.parse(checkpoint.gateway) }
      : null,
    decisions_since_checkpoint: decisions.map((d) => ({
      id: d.id,
      created_at: Number(d.created_at),
      tool: d.tool,
      kind: d.kind,
      decision: d.decision,
      input: JSON.parse(d.input),
      outcome: d.exit_code === null && d.ok === null && d.output_sha256 === null ? null : { exit_code: d.exit_code, ok: d.ok === null ? null : !!d.ok, output_sha256: d.output_sha256 },
    })),
    budget: { usage: view.usage, tree: view.tree, limits, remaining },
    loop: view.loop_state,
    compaction: state.compaction,
    pinned: state.pinned,
    memory: {
      session: await memoryMap(store, 'session', id),
      agent: row.agent_id ? await memoryMap(store, 'agent', row.agent_id) : {},
      project: await memoryMap(store, 'project', 'default'),
    },
  };
}

/** Something that happened to a session outside its calls, with its time (for a timeline). */
export interface SessionMark {
  type: 'stop' | 'end' | 'agent stop';
  at: number;
  data: Record<string, unknown>;
}

/**
 * A session as an operator reads it at the top of its timeline: status, the budgets used
 * against their limits (this session and its tree), the loop detector's findings, the
 * compaction and context state, and the stops and ends it went through.
 */
export async function sessionOverview(store: Store, id: string, policyData: unknown) {
  const row = await store.getSession(id);
  if (!row) return null;
  const state = parseState(row.state);
  const view = await eventView(store, row, state, Date.now());
  const limits = budgetLimits(policyData, 'session');
  const u = view.usage;
  const used: Record<string, number> = { calls: u.calls, tokens: u.tokens, cost_usd: u.cost_usd, wall_time_ms: u.wall_ms };
  const budgets = Object.entries(used).map(([measure, value]) => ({ measure, used: value, limit: typeof limits[measure] === 'number' ? limits[measure] : null }));
  const marks: SessionMark[] = [];
  if (state.stopped_at !== null) marks.push({ type: 'stop', at: state.stopped_at, data: { reason: state.stop_reason, calls_after_stop: state.calls_after_stop } });
  if (state.ended) marks.push({ type: 'end', at: state.ended.at, data: { status: state.ended.status, summary: state.ended.summary } });
  if (view.agent_stop) {
    const stop = view.agent_stop;
    marks.push({ type: 'agent stop', at: stop.stopped_at, data: { agent_id: stop.agent_id, reason: stop.reason, stopped_by: stop.stopped_by } });
  }
  return {
    id,
    status: row.status,
    agent_id: row.agent_id,
    parent_session_id: row.parent_session_id,
    resumed_from: state.resumed_from,
    calls: Number(row.calls),
    budgets,
    tree: view.tree,
    loop: view.loop_state,
    compaction: state.compaction,
    context: state.context,
    stop_reason: state.stop_reason,
    marks,
  };
}

export type SessionOverview = NonNullable<Awaited<ReturnType<typeof sessionOverview>>>;

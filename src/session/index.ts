/**
 * Session state as the policy sees it (input.session) and how a decision moves it on.
 * The gateway keeps it in the database (store/sessions, state column owned by
 * ./state.ts), so it survives restarts.
 *
 * enrichSession reads the session (one query: the row with its descendants' roll-up),
 * its ancestors when it is a sub-agent's session, and the agent's daily usage when a
 * per-agent budget is configured; afterDecision computes the next row and the roll-up
 * increments that commit in the decision's transaction.
 */
import type { LedgerHit } from './ledger.js';
import type { Transaction } from 'kysely';
import { budgetLimits } from '../api/policy-config.js';
import type { Facts } from '../normalize/facts.js';
import type { Database, SessionRow, Store } from '../store/index.js';
import { bumpAgentUsage, bumpRollups, findAgentUsage, findSessionWithRollup, type Rollup, type SessionWithRollup } from '../store/governance.js';
import { findAgentStop, type AgentStop } from '../store/agent-stops.js';
import { mechanicsFrom, type GovernanceMechanics } from './config.js';
import { callShape, type CallShape } from './fingerprint.js';
import { loopFacts, type LoopFacts } from './loop.js';
import { onDecision } from './progress/record.js';
import { heldAsks, holdAsk, pendingRun } from './progress/pending.js';
import {
  carriedOver,
  MAX_FILES_CHANGED,
  MAX_MUT_KEYS,
  MAX_TODOS,
  parseState,
  serializeState,
  type GovernanceState,
  type HistoryEntry,
} from './state.js';

import { recordLedger, type LedgerEntry } from './ledger.js';
export { parseState, serializeState, emptyState, type GovernanceState } from './state.js';
export { ledgerView, ledgerFacts, writesOf, linksOf, asRunScript, contentHash, copiedRisk, stagedEntries, MAX_JUDGED_CONTENT, MAX_KEPT_CONTENT, MAX_RISK_RULES, MAX_ENTRY_SOURCES, type LedgerEntry, type LedgerHit, type LedgerRisk, type LedgerWrite } from './ledger.js';
export { mechanicsFrom, type GovernanceMechanics } from './config.js';

/** What the policy reads as input.session. */
export interface SessionView {
  id: string;
  /** The agent that makes this call (the request's agent_id), else the session's first agent. */
  agent_id: string | null;
  /** The agent the session was opened by (its first call's agent_id). */
  first_agent_id: string | null;
  parent_session_id: string | null;
  status: string;
  /** True on the session's first call. */
  new: boolean;
  calls: number;
  started_at: number;
  last_seen_at: number;
  age_ms: number;
  /** This session's own usage. */
  usage: UsageView;
  /** The usage of the whole tree of sub-agent sessions, from its root. */
  tree: UsageView & { root_id: string };
  /** Parent, grandparent, … up to the root (nearest first, at most MAX_TREE_DEPTH). */
  ancestors: { id: string; status: string }[];
  /** The agent's usage today (UTC), when a per-agent daily budget is configured. */
  agent_day: Rollup | null;
  /** Repetition and progress facts of this call (null without history). */
  loop: LoopFacts | null;
  loop_state: GovernanceState['loop'];
  stop_reason: GovernanceState['stop_reason'];
  calls_after_stop: GovernanceState['calls_after_stop'];
  ended: GovernanceState['ended'];
  compaction: GovernanceState['compaction'];
  context: GovernanceState['context'];
  /**
   * Continuations: the output tokens of the recent ones, whether the calls since each previous
   * one made progress (y, n, u unknown: progress/continuation.ts), and how many continuations in
   * a row restated the same plan with no call in between.
   */
  continuations: { count: number; recent: number[]; progress: string[]; restated: number };
  decisions_since_checkpoint: GovernanceState['decisions_since_checkpoint'];
  last_checkpoint_at: GovernanceState['last_checkpoint_at'];
  resumed_from: GovernanceState['resumed_from'];
  /** Why resume_from was not honoured (it names no session, or another agent's); absent when it was. */
  resume_error?: string;
  /** The files this session wrote that the call runs or writes through (session/ledger.ts); set by the pipeline. */
  ledger?: LedgerHit[];
  /** The operator's stop of the whole agent, when one applies (withAgentStop). */
  agent_stop?: AgentStop;
}

export interface CallIdentity {
  session_id: string;
  agent_id?: string;
  parent_session_id?: string;
  resume_from?: string;
  context?: { context_tokens?: number; context_window?: number; [k: string]: unknown };
}

export interface UsageView {
  /** Calls that ran, plus asked calls still held while their outcome may come (progress/pending.ts). */
  calls: number;
  /** Of those, asked calls not yet reported or approved. */
  pending: number;
  tokens: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  wall_ms: number;
}

/** How deep a tree of sub-agents the gateway follows to its root. */
export const MAX_TREE_DEPTH = 8;

export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function usageView(state: GovernanceState, row: SessionRow | undefined, now: number): UsageView {
  const u = state.usage;
  const started = Number(row?.created_at ?? now);
  const held = heldAsks(state, now);
  return {
    // Asked calls awaiting their outcome are held against the budget (fail closed), for a while.
    calls: u.calls + held,
    pending: held,
    tokens: u.tokens_in + u.tokens_out,
    tokens_in: u.tokens_in,
    tokens_out: u.tokens_out,
    cost_usd: u.cost_usd,
    wall_ms: Math.max(0, now - started) + u.carried_wall_ms,
  };
}

function withRollup(own: UsageView, rollup: Rollup): UsageView {
  return { ...own, calls: own.calls + rollup.calls, tokens: own.tokens + rollup.tokens, cost_usd: own.cost_usd + rollup.cost_usd };
}

export interface ViewExtras {
  state?: GovernanceState;
  rollup?: Rollup;
  ancestors?: SessionWithRollup[];
  agentDay?: Rollup | null;
  loop?: LoopFacts | null;
}

/**
 * input.session. Without extras (case files, explain) it is the view of a fresh session
 * with no loop facts; the pipeline passes what enrichSession read.
 */
export function sessionView(row: SessionRow | undefined, call: CallIdentity, now: number, extras: ViewExtras = {}): SessionView {
  const state = extras.state ?? parseState(row?.state);
  const usage = usageView(state, row, now);
  const ancestors = extras.ancestors ?? [];
  const root = ancestors.length > 0 ? ancestors[ancestors.length - 1]! : undefined;
  const tree = root
    ? { root_id: root.row.id, ...withRollup(usageView(parseState(root.row.state), root.row, now), root.rollup) }
    : { root_id: call.session_id, ...withRollup(usage, extras.rollup ?? { calls: 0, tokens: 0, cost_usd: 0 }) };
  const recent = state.continuations.map((c) => c.output_tokens);
  const progress = state.continuations.map((c) => c.p ?? 'u');
  let restated = 0;
  for (let i = state.continuations.length - 1; i >= 0 && state.continuations[i]!.same; i--) restated++;
  return {
    id: call.session_id,
    agent_id: call.agent_id ?? row?.agent_id ?? null,
    first_agent_id: row?.agent_id ?? call.agent_id ?? null,
    parent_session_id: row?.parent_session_id ?? call.parent_session_id ?? null,
    status: row?.status ?? 'active',
    new: row === undefined,
    calls: Number(row?.calls ?? 0),
    started_at: Number(row?.created_at ?? now),
    last_seen_at: Number(row?.last_seen_at ?? now),
    age_ms: row ? now - Number(row.created_at) : 0,
    usage,
    tree,
    ancestors: ancestors.map((a) => ({ id: a.row.id, status: a.row.status })),
    agent_day: extras.agentDay ?? null,
    loop: extras.loop ?? null,
    loop_state: state.loop,
    stop_reason: state.stop_reason,
    calls_after_stop: state.calls_after_stop,
    ended: state.ended,
    compaction: state.compaction,
    context: state.context,
    continuations: { count: state.continuation_count, recent, progress, restated },
    decisions_since_checkpoint: state.decisions_since_checkpoint,
    last_checkpoint_at: state.last_checkpoint_at,
    resumed_from: state.resumed_from,
  };
}

/** Ancestors of a session, nearest first, up to the root (bounded; a cycle stops the walk). */
export async function readAncestors(store: Store, parentId: string | null | undefined): Promise<SessionWithRollup[]> {
  const out: SessionWithRollup[] = [];
  const seen = new Set<string>();
  let next = parentId ?? null;
  while (next && out.length < MAX_TREE_DEPTH && !seen.has(next)) {
    seen.add(next);
    const found = await findSessionWithRollup(store.reader, store.dialect, next);
    if (!found) break;
    out.push(found);
    next = found.row.parent_session_id;
  }
  return out;
}

/**
 * An operator's stop of the whole agent, as the policy sees it: the session reads as
 * stopped with the operator's reason (session.status.stopped denies every call). Only the
 * view changes: lifting the agent's stop gives every session back as it was.
 */
export function withAgentStop(view: SessionView, stop: AgentStop | null): SessionView {
  if (!stop || view.status !== 'active') return view;
  return { ...view, status: 'stopped', stop_reason: `the operator stopped agent ${stop.agent_id}: ${stop.reason}`, agent_stop: stop };
}

/** The agent's stop, if any (null for a session of no agent). */
export async function agentStopOf(store: Store, agentId: string | null): Promise<AgentStop | null> {
  return agentId ? findAgentStop(store.reader, agentId) : null;
}

function agentDayConfigured(data: unknown): boolean {
  return Object.keys(budgetLimits(data, 'per_agent_day')).length > 0;
}

export interface Enriched {
  row: SessionRow | undefined;
  view: SessionView;
  state: GovernanceState;
  shape: CallShape;
  loop: LoopFacts;
  ancestors: SessionWithRollup[];
  config: GovernanceMechanics;
  agentId: string | null;
  /** The operator's stop of the session's agent (the view reads as stopped while it lasts). */
  agentStop: AgentStop | null;
  now: number;
}

export interface NormalizedCall {
  tool: string;
  kind: string;
  input: Record<string, unknown>;
  facts: Facts;
}

/** The enrich stage: everything the policy needs to know about the session for this call. */
export async function enrichSession(store: Store, request: CallIdentity, call: NormalizedCall, data: unknown, now: number): Promise<Enriched> {
  const config = mechanicsFrom(data);
  const found = await findSessionWithRollup(store.reader, store.dialect, request.session_id);
  const row = found?.row;
  let state = parseState(row?.state);
  let resumeError: string | null = null;
  if (!row && request.resume_from) {
    // A new session resuming an old one starts with its budgets used and its pinned items.
    const old = (await findSessionWithRollup(store.reader, store.dialect, request.resume_from))?.row;
    if (old) state = carriedOver(old);
    else resumeError = `resume_from names no session ${JSON.stringify(request.resume_from)}`;
  }
  const ancestors = await readAncestors(store, row ? row.parent_session_id : request.parent_session_id);
  const agentId = row?.agent_id ?? request.agent_id ?? null;
  const agentDay = agentId && agentDayConfigured(data) ? await findAgentUsage(store.reader, agentId, utcDay(now)) : null;
  // A large call's slim facts hold only some of its commands: its shape is that of its text.
  const shapeFacts = (call as { slim?: true }).slim && call.facts.kind === 'bash' ? { ...call.facts, commands: [] } : call.facts;
  const shape = callShape(call.tool, call.kind, call.input, shapeFacts, config);
  const loop = loopFacts(shape, state.history, state.mut_keys, config.loop.density_window, config.loop.observe);
  const agentStop = await agentStopOf(store, agentId);
  const view = withAgentStop(sessionView(row, request, now, { state, rollup: found?.rollup, ancestors, agentDay, loop }), agentStop);
  if (resumeError) view.resume_error = resumeError;
  return { row, view, state, shape, loop, ancestors, config, agentId, agentStop, now };
}

export interface DecisionOutcome {
  id: string;
  decision: 'allow' | 'ask' | 'deny';
  categories: string[];
  obligations: string[];
  reasons: { rule: string; message: string; category?: string; action?: string }[];
  /** Files the call writes and links it makes (ledger.ts), recorded when it may run. */
  ledger?: LedgerEntry[];
}

export interface NextSession {
  row: SessionRow;
  /** Writes that go with the row in the decision's transaction (roll-ups, agent usage). */
  also: (trx: Transaction<Database>) => Promise<void>;
}

function pushBounded<T>(list: T[], items: T[], max: number): T[] {
  const out = [...list, ...items];
  return out.length > max ? out.slice(out.length - max) : out;
}

/** The session row after one more decided call, and the roll-up writes that go with it. */
export function afterDecision(enriched: Enriched, request: CallIdentity, outcome: DecisionOutcome): NextSession {
  const { row, shape, loop, config, now } = enriched;
  // A copy deep enough for what is changed below (arrays are replaced, never mutated).
  const from = enriched.state;
  const state: GovernanceState = {
    ...from,
    usage: { ...from.usage },
    loop: { ...from.loop },
    compaction: { ...from.compaction },
    pinned: { ...from.pinned },
    context: { ...from.context },
  };
  // An allowed call runs. An asked one may be rejected by the person: it counts as run only
  // when its outcome is reported or the ask approved (progress/pending.ts confirmRun).
  const ran = outcome.decision === 'allow';
  const asked = outcome.decision === 'ask';
  const previousStatus = row?.status ?? 'active';

  if (ran) state.usage.calls += 1;
  let extras: Partial<HistoryEntry> = {};
  if (ran) {
    const recorded = onDecision(shape, loop.mutation, from.progress);
    extras = recorded.extras;
    state.progress = recorded.progress;
  } else if (asked) {
    // The intent is known (group, family, class); the progress it would make waits.
    const { extras: would } = onDecision(shape, loop.mutation, from.progress);
    const { ch: _ch, pr: _pr, ...known } = would;
    extras = { ...known, pend: pendingRun(shape, loop.mutation) };
    holdAsk(state, now);
  }
  state.history = pushBounded(
    state.history,
    [
      {
        id: outcome.id,
        fp: shape.fp,
        kind: shape.kind,
        t: now,
        d: outcome.decision,
        ...(loop.poll ? { poll: true } : {}),
        ...(loop.keeps_state ? { ob: true } : {}),
        ...(ran && loop.mutation ? { mut: loop.mutation } : {}),
        ...(loop.stale_repeats > 0 && loop.mutation !== 'new' ? { stale: true } : {}),
        ...extras,
      },
    ],
    config.loop.history_size,
  );
  if (ran && shape.mutation) {
    if (!state.mut_keys.includes(shape.mutation.key)) state.mut_keys = pushBounded(state.mut_keys, [shape.mutation.key], MAX_MUT_KEYS);
    const files = shape.mutation.paths.filter((p) => !state.pinned.files_changed.includes(p));
    state.pinned.files_changed = pushBounded(state.pinned.files_changed, files, MAX_FILES_CHANGED);
  }
  if (ran && shape.todos) state.pinned.todos = shape.todos.slice(0, MAX_TODOS);
  if ((ran || asked) && outcome.ledger?.length) state.files = recordLedger(from.files, outcome.ledger);

  const loopReason = outcome.reasons.find((r) => r.category === 'loop');
  if (loopReason || outcome.categories.includes('loop')) {
    state.loop = {
      fired: state.loop.fired + 1,
      last_level: outcome.obligations.includes('stop') ? 'stop' : outcome.decision,
      last_at: now,
      last_rule: loopReason?.rule ?? null,
    };
  }

  const ctx = request.context;
  if (typeof ctx?.context_tokens === 'number') {
    state.context = { tokens: ctx.context_tokens, window: ctx.context_window ?? state.context.window, at: now };
  }
  if (outcome.obligations.includes('compact')) state.compaction.required = true;

  let status = previousStatus;
  if (previousStatus !== 'active' || enriched.agentStop) {
    // The agent's stop is the operator's, kept apart: the session's own status stays.
    state.calls_after_stop += 1;
  } else if (outcome.obligations.includes('stop')) {
    status = 'stopped';
    state.stop_reason = outcome.reasons[0]?.message ?? 'the policy told the session to stop';
    state.stopped_at = now;
  }
  state.decisions_since_checkpoint += 1;

  const next: SessionRow = {
    id: request.session_id,
    agent_id: row?.agent_id ?? request.agent_id ?? null,
    parent_session_id: row?.parent_session_id ?? request.parent_session_id ?? null,
    status,
    created_at: Number(row?.created_at ?? now),
    last_seen_at: now,
    calls: Number(row?.calls ?? 0) + 1,
    state: serializeState(state),
  };
  const ancestorIds = enriched.ancestors.map((a) => a.row.id);
  const agentId = enriched.agentId;
  return {
    row: next,
    also: async (trx) => {
      // An asked call is rolled up into its ancestors and its agent's day at once, as a
      // reservation (fail closed: concurrent asks must not overspend a tree or daily budget);
      // only the session's own count waits for its confirmation.
      if (!ran && !asked) return;
      const delta = { calls: 1, tokens: 0, cost_usd: 0 };
      await bumpRollups(trx, ancestorIds, delta);
      if (agentId) await bumpAgentUsage(trx, agentId, utcDay(now), delta);
    },
  };
}

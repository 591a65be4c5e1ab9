/**
 * What happens to a session outside a tool call: reports of how a call went, continue
 * questions, compaction reports, checkpoints, ends, operator resets. Each one is a
 * conditional write of the session row (retried when another writer got there first),
 * submitted through the group committer so that it orders with decisions.
 *
 * Decisions (should the agent continue, does a compaction count) are the policy's:
 * evaluateEvent runs the same Rego entrypoint with input.event set.
 */
import { randomUUID } from 'node:crypto';
import type { ReportRequest } from '../api/report.js';
import { ToolgateError } from '../api/errors.js';
import type { Transaction } from 'kysely';
import type { Database, SessionRow, Store } from '../store/index.js';
import { saveSessionIfUnchanged } from '../store/sessions.js';
import { findSessionWithRollup } from '../store/governance.js';
import { parseState, serializeState, MAX_CONTINUATIONS, type GovernanceState } from './state.js';
import { agentStopOf, readAncestors, sessionView, withAgentStop, type SessionView } from './index.js';
import { mechanicsFrom, type GovernanceMechanics } from './config.js';
import { onReport } from './progress/record.js';
import { nextContinuation } from './progress/continuation.js';
import { confirmRun } from './progress/pending.js';

/** The one answer to a session id that names no session (404 unknown_session, wherever it is named). */
export class UnknownSessionError extends ToolgateError {
  constructor(readonly sessionId: string, what = 'no session') {
    super('unknown_session', `${what} ${JSON.stringify(sessionId)}: it has made no call yet (or the id is wrong)`);
  }
}

export interface Change<T> {
  state?: GovernanceState;
  status?: string;
  result: T;
  also?: (trx: Transaction<Database>) => Promise<void>;
}

const MAX_RETRIES = 8;

/**
 * Applies `change` to the session's current row and writes it only if the row is still
 * the one it read; on a concurrent change it reads again and re-applies.
 */
export async function updateSession<T>(
  store: Store,
  sessionId: string,
  change: (row: SessionRow, state: GovernanceState) => Change<T> | Promise<Change<T>>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const row = await store.getSession(sessionId);
    if (!row) throw new UnknownSessionError(sessionId);
    const state = parseState(row.state);
    const out = await change(row, state);
    const next: SessionRow = {
      ...row,
      status: out.status ?? row.status,
      state: out.state ? serializeState(out.state) : row.state,
    };
    const written = await store.committer.submit(async (trx) => {
      if (!(await saveSessionIfUnchanged(trx, store.dialect, next, row))) return false;
      if (out.also) await out.also(trx);
      return true;
    });
    if (written) return out.result;
    if (attempt >= MAX_RETRIES) throw new Error(`session ${sessionId} kept changing concurrently; retry`);
  }
}

/** The policy's view of a session for an event (no call being decided). */
export async function eventView(store: Store, row: SessionRow, state: GovernanceState, now: number): Promise<SessionView> {
  const found = await findSessionWithRollup(store.db, store.dialect, row.id);
  const ancestors = await readAncestors(store, row.parent_session_id);
  return withAgentStop(sessionView(row, { session_id: row.id }, now, { state, rollup: found?.rollup, ancestors }), await agentStopOf(store, row.agent_id));
}

// ── reports ───────────────────────────────────────────────────────────────────

/** A report as the API accepts it (src/api/report.ts). */
export type Report = ReportRequest;

/**
 * Applies a report to the state: budgets, and the outcome of the history entry (loop facts
 * read it). The output text, when the client sent it, is understood here (normalised,
 * error signature, counts: progress/record.ts) and then dropped: only short hashes and
 * counts stay in the session state.
 */
export function applyReport(state: GovernanceState, report: Report, config: GovernanceMechanics = mechanicsFrom(undefined), callInput?: string): GovernanceState {
  const next = structuredClone(state);
  next.usage.tokens_in += report.tokens_in ?? 0;
  next.usage.tokens_out += report.tokens_out ?? 0;
  next.usage.cost_usd += report.cost_usd ?? 0;
  next.usage.duration_ms += report.duration_ms ?? 0;
  const entry = next.history.find((e) => e.id === report.decision_id);
  if (entry) {
    // An asked call whose outcome is reported ran: it counts now (progress/pending.ts).
    confirmRun(next, entry);
    if (report.exit_code !== undefined) entry.x = report.exit_code;
    const ok = report.ok ?? (report.exit_code !== undefined ? report.exit_code === 0 : undefined);
    if (ok !== undefined) entry.ok = ok;
    if (report.output_sha256) entry.o = report.output_sha256.toLowerCase().slice(0, 16);
    onReport(next, entry, report.output, config, callInput);
  }
  return next;
}

// ── continuation ──────────────────────────────────────────────────────────────

/**
 * A continuation: what the calls since the previous one achieved (progress/continuation.ts)
 * and whether its text restates the previous plan; the policy judges diminishing returns on it.
 */
export function recordContinuation(
  state: GovernanceState,
  outputTokens: number,
  now: number,
  text?: string,
  config: GovernanceMechanics = mechanicsFrom(undefined),
): { state: GovernanceState; loopSinceLast: boolean } {
  const next = structuredClone(state);
  const last = state.continuations.at(-1);
  const loopSinceLast = state.loop.last_at !== null && (last === undefined || state.loop.last_at >= last.t) && state.loop.last_level !== 'allow';
  const { record, words } = nextContinuation(state, outputTokens, now, text, config.continuation.plan_similarity);
  next.continuations = [...state.continuations, record].slice(-MAX_CONTINUATIONS);
  if (text !== undefined) next.plan_words = words;
  next.continuation_count += 1;
  return { state: next, loopSinceLast };
}

// ── compaction verification ───────────────────────────────────────────────────

export interface LostItem {
  type: 'goal' | 'todo' | 'checkpoint' | 'file';
  value: string;
}

function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'is', 'it', 'that', 'this', 'be', 'by', 'as', 'at']);

function significantWords(text: string): string[] {
  return normalizeText(text)
    .split(/[^a-z0-9_.\-/]+/)
    .filter((w) => w.length > 2 && !STOP_WORDS.has(w));
}

/** A pinned text survives when the summary holds it verbatim or most (≥ 70%) of its significant words. */
function holds(summary: string, item: string): boolean {
  const s = normalizeText(summary);
  if (s.includes(normalizeText(item).trim())) return true;
  const words = significantWords(item);
  if (words.length === 0) return true;
  const present = words.filter((w) => s.includes(w)).length;
  return present / words.length >= 0.7;
}

/** Which pinned items the summary no longer holds (facts; the policy decides what counts). */
export function lostPinnedItems(state: GovernanceState, summary: string): LostItem[] {
  const lost: LostItem[] = [];
  const p = state.pinned;
  if (p.goal && !holds(summary, p.goal)) lost.push({ type: 'goal', value: p.goal });
  for (const todo of p.todos) if (!holds(summary, todo)) lost.push({ type: 'todo', value: todo });
  if (p.last_checkpoint_id && !summary.includes(p.last_checkpoint_id)) lost.push({ type: 'checkpoint', value: p.last_checkpoint_id });
  const s = summary.toLowerCase();
  for (const file of p.files_changed) {
    const base = file.split('/').pop() ?? file;
    if (!s.includes(file.toLowerCase()) && !s.includes(base.toLowerCase())) lost.push({ type: 'file', value: file });
  }
  return lost;
}

export function newId(): string {
  return randomUUID();
}

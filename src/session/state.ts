/**
 * The governance state a session keeps in its `state` column (JSON). session/ owns this
 * format; the store only moves the text. Everything here is bounded so that a long
 * session does not grow its row without limit.
 */

import type { LedgerEntry } from './ledger.js';

/** One decided call, as the loop detectors remember it. Short keys: the row is rewritten on every call. */
export interface HistoryEntry {
  /** Decision id (reports attach their outcome by it). */
  id: string;
  /** Fingerprint of the normalized call (argument-aware per tool kind). */
  fp: string;
  kind: string;
  t: number;
  /** The decision: allow | ask | deny. */
  d: string;
  /** A poll (waits for something outside to change). */
  poll?: boolean;
  /** Effect on files: new = a change not seen in the window, undo = reverses an earlier change, redo = repeats one. */
  mut?: 'new' | 'undo' | 'redo';
  /** Outcome reported by /v1/report. */
  x?: number | null;
  ok?: boolean;
  /** First 16 hex digits of output_sha256. */
  o?: string;
  /** This call was itself a no-progress repeat (decided at the call, confirmed or cleared by its report). */
  stale?: boolean;
  /** A stale failure with the same error signature after an attempt that changed (strong evidence of a loop). */
  /** A failure under a new spelling of a command whose results come and go (a flaky test under another seed): a sample, not a retry. */
  sm?: boolean;
  /** A fixer (`eslint --fix`): its change stands even when it exits non-zero (problems remain). */
  fx?: boolean;
  st?: boolean;
  /** Intent group (src/session/progress/intent.ts): same program, subcommand and target, however spelled. */
  g?: string;
  /** Intent family (program and subcommand, a file, a host): respellings of the target stay in it. */
  f?: string;
  /** Class of the call: s search, r read, w write, x run, p poll, b step, z wait. */
  c?: string;
  /** Reads and writes: 8 hex digits of the path; reads: of the part read too (`rg`). */
  ph?: string;
  rg?: string;
  /** Outcome understood from the output text (progress/outcome.ts): normalised output hash, error signature, its first line. */
  n?: string;
  s?: string;
  se?: string;
  /** A failure's error message without locations (progress/outcome.ts), 8 hex digits. */
  ms?: string;
  /** The output's shape (progress/outcome.ts): what it printed beyond echoes of the call, digits aside. */
  sh?: string;
  /** The output's result (progress/outcome.ts): beyond echoes of the call, digits kept. */
  re?: string;
  /** Counts the output states: [passed, failed, errors] (-1 when not stated). */
  cnt?: [number, number, number];
  /** A search that found nothing (exit 1 or empty output), or a query that answered it found nothing (`[]`). */
  em?: boolean;
  /** Runs: 6 hex digits of the numbers the call named (a seed, a level): a sweep's point. */
  nu?: string;
  /** A search whose results are those another spelling of its family brought back since the last change: no new information. */
  rs?: boolean;
  /** A write of a file that needs no build, run or test (a doc, a config: progress/verify.ts). */
  nv?: boolean;
  /** A change not seen before (a new write or edit, a mutating command's first run). */
  ch?: boolean;
  /** An observing call (get, describe, status, logs, tail…: progress/observed.ts). */
  ob?: boolean;
  /** Observing calls: the observed state its output showed, as short token hashes (progress/observed.ts). */
  os?: string[];
  /** Why this call made progress: new_file, step, first_run, fixed, new_error, better_counts, moved, sweep. */
  pr?: string;
  /**
   * An asked call not yet known to have run: the client may have rejected it. It counts as run
   * (budgets, progress memory) when its outcome is reported or the call is approved
   * (progress/pending.ts); until then it changes nothing.
   */
  pend?: PendingRun;
}

/** What an asked call would add to the session once it is known to have run. */
export interface PendingRun {
  /** Its mutation key (mut_keys) and the files it changes (pinned), when it changes files. */
  mk?: string;
  mut?: 'new' | 'undo' | 'redo';
  files?: string[];
  /** Progress-memory path keys: a file it touches, writes, or runs. */
  touch?: string;
  write?: string;
  runs?: string[];
}

/** One continuation, as progress/continuation.ts judged it. */
export interface ContinuationRecord {
  t: number;
  output_tokens: number;
  /** Progress since the previous continuation: y, n, u (see above). */
  p?: 'y' | 'n' | 'u';
  /** Calls decided since the previous continuation. */
  calls?: number;
  /** Restates the previous continuation's plan with no call in between. */
  same?: boolean;
  /** The id of the last history entry when this continuation was asked (where the next one starts counting). */
  h?: string | null;
}

export interface Usage {
  /** Calls that ran: allowed, or asked and then reported or approved (denied and rejected calls spend nothing). */
  calls: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  duration_ms: number;
  /** Wall time carried over from the sessions this one resumed. */
  carried_wall_ms: number;
  /**
   * Asked calls not yet confirmed (reported or approved), and when the last ask was decided:
   * all of them are held against the call budget until PENDING_HOLD_MS after the last ask
   * (progress/pending.ts). A counter, not the bounded history: any number of concurrent asks
   * stays held.
   */
  asks_pending: number;
  asks_last_at: number;
}

export interface Pinned {
  goal: string | null;
  todos: string[];
  files_changed: string[];
  last_checkpoint_id: string | null;
}

export interface CompactionState {
  /** The context passed the compaction threshold and no successful compaction was reported since. */
  required: boolean;
  consecutive_failures: number;
  total: number;
  failed_total: number;
  last_at: number | null;
  last_ok: boolean | null;
}

export interface GovernanceState {
  v: 1;
  usage: Usage;
  history: HistoryEntry[];
  /** Keys of recent file changes (and their inverses are derived), to tell progress from undo/redo. */
  mut_keys: string[];
  loop: { fired: number; last_level: string | null; last_at: number | null; last_rule: string | null };
  continuations: ContinuationRecord[];
  continuation_count: number;
  /** The last continuation's plan, as short word hashes (progress/continuation.ts): a restated plan is compared with it. */
  plan_words: string[];
  compaction: CompactionState;
  pinned: Pinned;
  context: { tokens: number | null; window: number | null; at: number | null };
  stop_reason: string | null;
  stopped_at: number | null;
  calls_after_stop: number;
  ended: { status: string; summary: string | null; at: number } | null;
  resumed_from: string | null;
  last_checkpoint_at: number | null;
  decisions_since_checkpoint: number;
  /** The session file ledger (ledger.ts): files written and links made, bounded to MAX_LEDGER_FILES. */
  files: LedgerEntry[];
  /** The progress model's memory (bounded): error signatures seen, files touched, files written and not yet run. */
  progress: { sigs: string[]; touched: string[]; written: string[] };
}

export const MAX_MUT_KEYS = 200;
export const MAX_FILES_CHANGED = 100;
export const MAX_TODOS = 50;
export const MAX_CONTINUATIONS = 20;
export const MAX_SIGNATURES = 100;
export const MAX_TOUCHED = 300;
export const MAX_WRITTEN = 100;

export function emptyUsage(): Usage {
  return { calls: 0, tokens_in: 0, tokens_out: 0, cost_usd: 0, duration_ms: 0, carried_wall_ms: 0, asks_pending: 0, asks_last_at: 0 };
}

export function emptyState(): GovernanceState {
  return {
    v: 1,
    usage: emptyUsage(),
    history: [],
    mut_keys: [],
    loop: { fired: 0, last_level: null, last_at: null, last_rule: null },
    continuations: [],
    continuation_count: 0,
    plan_words: [],
    compaction: { required: false, consecutive_failures: 0, total: 0, failed_total: 0, last_at: null, last_ok: null },
    pinned: { goal: null, todos: [], files_changed: [], last_checkpoint_id: null },
    context: { tokens: null, window: null, at: null },
    stop_reason: null,
    stopped_at: null,
    calls_after_stop: 0,
    ended: null,
    resumed_from: null,
    last_checkpoint_at: null,
    decisions_since_checkpoint: 0,
    files: [],
    progress: { sigs: [], touched: [], written: [] },
  };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the state column; anything missing or malformed falls back to the empty state's field. */
export function parseState(text: string | undefined | null): GovernanceState {
  const base = emptyState();
  if (!text) return base;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return base;
  }
  if (!isObject(value)) return base;
  const out: any = { ...base };
  for (const key of Object.keys(base) as (keyof GovernanceState)[]) {
    const have = value[key];
    const want = base[key];
    if (have === undefined) continue;
    if (isObject(want) && isObject(have)) out[key] = { ...want, ...have };
    else if (Array.isArray(want)) out[key] = Array.isArray(have) ? have : want;
    else out[key] = have;
  }
  return out as GovernanceState;
}

export function serializeState(state: GovernanceState): string {
  return JSON.stringify(state);
}

/**
 * The state a new session starts with when it resumes `old`: the budgets used so far
 * (wall time included) and the pinned items carry over; loop history does not (a new
 * session is a fresh start, and its first calls are not repeats of the old one's).
 */
export function carriedOver(old: { id: string; state: string; created_at: number; last_seen_at: number }): GovernanceState {
  const previous = parseState(old.state);
  const state = emptyState();
  state.usage = {
    ...previous.usage,
    carried_wall_ms: previous.usage.carried_wall_ms + Math.max(0, Number(old.last_seen_at) - Number(old.created_at)),
  };
  state.pinned = structuredClone(previous.pinned);
  // The files the old session wrote are still there: running them later is judged the same.
  state.files = previous.files;
  state.resumed_from = old.id;
  return state;
}

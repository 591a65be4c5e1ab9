/**
 * Loop facts about the call being decided, from the session's recent history. These are
 * facts ("this exact call ran 4 times with nothing changed in between"); the thresholds
 * that turn them into warn/ask/deny/stop are data read by policies/session/loop.rego.
 *
 * Progress is what separates a loop from work: a file change not seen before in the
 * window (not an undo or a redo of an earlier change), or a different outcome (exit code,
 * output hash) between two runs of the same call.
 */
import type { CallShape } from './fingerprint.js';
import type { HistoryEntry } from './state.js';

export interface LoopFacts {
  fp: string;
  poll: boolean;
  /** What this call would change: new (progress), undo, redo, or null (changes nothing). */
  mutation: 'new' | 'undo' | 'redo' | null;
  /** Identical calls in the history window, progress or not (OpenClaw's generic repeat count). */
  repeats: number;
  /** Earlier identical calls chained back from now with no progress between them and the same outcome. */
  stale_repeats: number;
  /** stale_repeats when those runs failed (the same command failing with nothing changed), else 0. */
  failure_streak: number;
  /** The latest runs of this call failed with the very same output (hash known), edits between or not. */
  same_failures: number;
  /** Length of the A-B-A-B tail ending with this call, with no progress inside it. */
  ping_pong: number;
  /** No-progress repeats (not polls) among the last density_window calls, this one included. */
  stale_in_window: number;
  /** Distinct calls in that same window: a cycle keeps coming back to a few; reading around keeps opening new ones. */
  distinct_in_window: number;
  /** No-progress calls in the whole history since the last progress, this one included (global breaker). */
  no_progress_calls: number;
  /** Calls since the last progress event. */
  since_progress: number;
  history_size: number;
}

function failed(e: HistoryEntry): boolean {
  return e.ok === false || (typeof e.x === 'number' && e.x !== 0);
}

function hasOutcome(e: HistoryEntry): boolean {
  return e.ok !== undefined || e.x !== undefined || e.o !== undefined;
}

/** Two runs ended the same way, as far as anyone reported. Unknown outcomes show no change. */
function sameOutcome(a: HistoryEntry, b: HistoryEntry): boolean {
  if (!hasOutcome(a) || !hasOutcome(b)) return true;
  if ((a.x ?? null) !== (b.x ?? null) && a.x !== undefined && b.x !== undefined) return false;
  if (a.ok !== undefined && b.ok !== undefined && a.ok !== b.ok) return false;
  if (a.o && b.o && a.o !== b.o) return false;
  return true;
}

const progress = (e: HistoryEntry) => e.mut === 'new';

export function classifyMutation(shape: CallShape, mutKeys: string[]): LoopFacts['mutation'] {
  if (!shape.mutation) return null;
  if (mutKeys.includes(shape.mutation.key)) return 'redo';
  if (shape.mutation.inverse && mutKeys.includes(shape.mutation.inverse)) return 'undo';
  return 'new';
}

export function loopFacts(shape: CallShape, history: HistoryEntry[], mutKeys: string[], densityWindow: number): LoopFacts {
  const n = history.length;
  const mutation = classifyMutation(shape, mutKeys);
  // The check right after a wait (`sleep 30` as its own call, then `curl …/health`) is part of the poll.
  const previous = n > 0 ? history[n - 1]! : undefined;
  const poll = shape.poll || (!!previous?.poll && previous.kind === 'bash' && shape.kind === 'bash' && mutation === null);
  const occurrences: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (history[i]!.fp === shape.fp) occurrences.push(i);

  let lastProgress = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (progress(history[i]!)) {
      lastProgress = i;
      break;
    }
  }
  const progressBetween = (from: number, to: number) => {
    for (let k = from + 1; k < to; k++) if (progress(history[k]!)) return true;
    return false;
  };

  let stale = 0;
  // The last two runs ended differently with nothing changed between them: what the call
  // observes is moving (a log growing, a status advancing), so running it again is not a loop.
  const observingChange =
    occurrences.length >= 2 &&
    !progressBetween(occurrences[1]!, occurrences[0]!) &&
    !sameOutcome(history[occurrences[1]!]!, history[occurrences[0]!]!);
  if (occurrences.length > 0 && !observingChange && !progressBetween(occurrences[0]!, n)) {
    stale = 1;
    for (let m = 1; m < occurrences.length; m++) {
      const newer = history[occurrences[m - 1]!]!;
      const older = history[occurrences[m]!]!;
      if (progressBetween(occurrences[m]!, occurrences[m - 1]!) || !sameOutcome(older, newer)) break;
      stale++;
    }
  }
  const latest = occurrences.length > 0 ? history[occurrences[0]!]! : undefined;
  const failureStreak = latest && failed(latest) ? stale : 0;

  let sameFailures = 0;
  if (latest && failed(latest) && latest.o) {
    for (const i of occurrences) {
      const e = history[i]!;
      if (!failed(e) || e.o !== latest.o || (e.x ?? null) !== (latest.x ?? null)) break;
      sameFailures++;
    }
  }

  // A-B-A-B: the fingerprints of the tail alternate between two values, with no progress.
  let pingPong = 0;
  if (n >= 1 && history[n - 1]!.fp !== shape.fp && !poll && !history[n - 1]!.poll) {
    const a = shape.fp;
    const b = history[n - 1]!.fp;
    pingPong = 1;
    for (let k = n - 1; k >= 0 && k > lastProgress; k--) {
      const expected = (n - k) % 2 === 1 ? b : a;
      if (history[k]!.fp !== expected) break;
      pingPong++;
    }
    if (pingPong < 3) pingPong = 0;
  }

  const currentStale = stale > 0 && mutation !== 'new';
  const windowStart = Math.max(lastProgress + 1, n - (densityWindow - 1));
  let staleInWindow = currentStale && !poll ? 1 : 0;
  for (let k = windowStart; k < n; k++) if (history[k]!.stale && !history[k]!.poll) staleInWindow++;
  const distinct = new Set([shape.fp]);
  for (let k = windowStart; k < n; k++) distinct.add(history[k]!.fp);
  let noProgress = currentStale ? 1 : 0;
  for (let k = lastProgress + 1; k < n; k++) if (history[k]!.stale) noProgress++;

  return {
    fp: shape.fp,
    poll,
    mutation,
    repeats: occurrences.length,
    stale_repeats: mutation === 'new' ? 0 : stale,
    failure_streak: mutation === 'new' ? 0 : failureStreak,
    same_failures: sameFailures,
    ping_pong: pingPong,
    stale_in_window: staleInWindow,
    distinct_in_window: distinct.size,
    no_progress_calls: noProgress,
    since_progress: n - 1 - lastProgress,
    history_size: n,
  };
}

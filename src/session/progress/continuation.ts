/**
 * What a continuation ("keep going") brought, judged by progress rather than by its size:
 *
 * - `p`: did the calls since the previous continuation make measured progress (the same
 *   signals as the loop detectors: a new file, a new error, better counts, a status that
 *   moved, a fix, a step, a first run, a change not seen before)? `y` yes, `n` no (or no
 *   call at all), `u` unknown: a call succeeded and nobody saw its output, so nothing says
 *   it did not move (a client that reports no output must not have its polls stopped).
 * - `calls`: how many calls were decided since the previous continuation.
 * - `same`: the continuation's text restates the previous one's (most of its words) with no
 *   tool call in between: the model "continues" with the same plan.
 *
 * Only short hashes are kept: the plan's words as 6-hex hashes (at most MAX_PLAN_WORDS), the
 * last continuation's only.
 */
import type { ContinuationRecord, GovernanceState, HistoryEntry } from '../state.js';
import { hasOutcome, failed } from './record.js';
import { shortHash } from './outcome.js';

export const MAX_PLAN_WORDS = 48;


const madeProgress = (e: HistoryEntry) => e.pr !== undefined || e.ch === true || e.mut === 'new';
/**
 * An outcome that can show no-progress: a failure, or an output the progress model read. A poll
 * that failed with nobody seeing its output is not judged: `kubectl rollout status --timeout=15s`
 * exits 1 while the replicas climb, and only its output could say whether they did.
 */
const unseen = (e: HistoryEntry) => !e.n && !e.o && !e.s;
const judged = (e: HistoryEntry) => hasOutcome(e) && ((failed(e) && !(e.poll && unseen(e))) || e.n !== undefined);

/** The calls since the previous continuation (the whole remembered history when it fell out of it). */
function callsSince(state: GovernanceState): HistoryEntry[] {
  const last = state.continuations.at(-1) as ContinuationRecord | undefined;
  if (!last) return state.history;
  if (last.h === null) return state.history;
  // A record from before `h` was kept: by time.
  if (last.h === undefined) return state.history.filter((e) => e.t > last.t);
  const at = state.history.findIndex((e) => e.id === last.h);
  return at < 0 ? state.history : state.history.slice(at + 1);
}

export function progressSince(entries: HistoryEntry[]): 'y' | 'n' | 'u' {
  // Denied calls did not run; asked calls not (yet) confirmed did not either.
  const ran = entries.filter((e) => e.d !== 'deny' && !e.pend);
  if (ran.some(madeProgress)) return 'y';
  if (ran.some((e) => !judged(e))) return 'u';
  return 'n';
}

/** The words of a plan, as a set of short hashes: case, digits and punctuation left out. */
export function planWords(text: string): string[] {
  const words = new Set(
    text
      .toLowerCase()
      .replace(/\d+/g, '#')
      .split(/[^\p{L}#_]+/u)
      .filter((w) => w.length >= 3),
  );
  return [...words].sort().slice(0, 200).map((w) => shortHash(w).slice(0, 6)).slice(0, MAX_PLAN_WORDS);
}

/** Jaccard similarity of two word sets. */
export function overlap(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  const common = b.filter((w) => set.has(w)).length;
  return common / (a.length + b.length - common);
}

/**
 * The next continuation record, and the plan words to remember. `similarity` is the share of
 * words two plans must have in common to be "the same plan" (config.governance.continuation).
 */
export function nextContinuation(
  state: GovernanceState,
  outputTokens: number,
  now: number,
  text: string | undefined,
  similarity: number,
): { record: ContinuationRecord; words: string[] } {
  const since = callsSince(state);
  const words = text ? planWords(text) : [];
  const record: ContinuationRecord = {
    t: now,
    output_tokens: outputTokens,
    p: since.length === 0 ? 'n' : progressSince(since),
    calls: since.length,
    h: state.history.at(-1)?.id ?? null,
  };
  if (since.length === 0 && words.length > 0 && overlap(words, state.plan_words) >= similarity) record.same = true;
  return { record, words };
}

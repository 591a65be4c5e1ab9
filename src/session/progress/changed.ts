/**
 * "Nothing changed since …": one predicate for every detector, the differences between them a
 * table. A change not seen before (a write, an edit, a command's first run) always counts; which
 * measured progress signals (progress/record.ts) also count depends on what the detector asks.
 */
import type { HistoryEntry } from '../state.js';

export type Since = 'anything' | 'measured' | 'attempt' | 'change';

/** For each detector's question, the progress signals that answer "something changed". */
export const CHANGED_SINCE: Record<Since, { all: boolean; signals: string[] }> = {
  /** Exact repeats: any progress at all, a file newly touched included (all but none). */
  anything: { all: true, signals: [] },
  /** Cycles and blind retries: measured progress; a newly touched file alone is no answer (all but these). */
  measured: { all: true, signals: ['new_file'] },
  /** The same intent retried: a bisect or rebase step, the first run of a new file, a fix. */
  attempt: { all: false, signals: ['step', 'first_run', 'fixed'] },
  /** Polls and the state they observe: only a change made in between. */
  change: { all: false, signals: [] },
};

export function changed(e: HistoryEntry, since: Since): boolean {
  if (e.ch || e.mut === 'new') return true;
  if (e.pr === undefined) return false;
  const rule = CHANGED_SINCE[since];
  return rule.all ? !rule.signals.includes(e.pr) : rule.signals.includes(e.pr);
}

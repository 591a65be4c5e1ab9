/**
 * Asked calls count as run only once they are known to have run. An `ask` may be rejected by
 * the person (Claude Code in `-p` mode rejects every ask): counting it at the decision would
 * spend the budget on a call that never ran and record progress (a new file, a change, a
 * first run) that never happened. So an asked call's history entry holds what it *would* add
 * (`pend`), and confirmRun applies it when its outcome is reported or the ask is approved.
 */
import type { CallShape } from '../fingerprint.js';
import type { GovernanceState, HistoryEntry, PendingRun } from '../state.js';
import { MAX_FILES_CHANGED, MAX_MUT_KEYS, MAX_TOUCHED, MAX_WRITTEN } from '../state.js';
import { pathKey } from './record.js';

/**
 * How long an unconfirmed ask is held against the call budget: its report may still come (the
 * person is deciding, the tool is running). Held, concurrent asks cannot overspend a budget;
 * after this, an ask nobody reported was rejected and stops counting.
 */
export const PENDING_HOLD_MS = 120_000;

/**
 * Asked calls still awaiting their outcome. Every unconfirmed ask is held while asks keep coming
 * (less than PENDING_HOLD_MS since the last one): fail closed, whatever their number; once the
 * session has been quiet that long, the unreported ones were rejected.
 */
export function heldAsks(state: GovernanceState, now: number): number {
  const { asks_pending, asks_last_at } = state.usage;
  return asks_pending > 0 && now - asks_last_at < PENDING_HOLD_MS ? asks_pending : 0;
}

/** A new ask is decided at `now`: it joins the held ones (after a quiet spell, alone). */
export function holdAsk(state: GovernanceState, now: number): void {
  const held = heldAsks(state, now);
  state.usage = { ...state.usage, asks_pending: held + 1, asks_last_at: now };
}

function pushBounded<T>(list: T[], items: T[], max: number): T[] {
  const fresh = items.filter((i) => !list.includes(i));
  const out = [...list, ...fresh];
  return out.length > max ? out.slice(out.length - max) : out;
}

/** What an asked call would add once it runs (the decision keeps only this). */
export function pendingRun(shape: CallShape, mutation: 'new' | 'undo' | 'redo' | null): PendingRun {
  const pend: PendingRun = {};
  if (shape.mutation) {
    pend.mk = shape.mutation.key;
    if (shape.mutation.paths.length > 0) pend.files = shape.mutation.paths.slice(0, 20);
  }
  if (mutation) pend.mut = mutation;
  const { intent } = shape;
  if (intent.path) {
    pend.touch = pathKey(intent.path);
    if (intent.cls === 'write' && shape.kind === 'write') pend.write = pend.touch;
  }
  if (intent.cls === 'run' && intent.runs.length > 0) pend.runs = intent.runs.slice(0, 20).map(pathKey);
  return pend;
}

/**
 * The asked call ran (its outcome was reported, or the ask was approved): it spends a call
 * and makes the progress it would have made at the decision. Mutates `state` and `entry`
 * (both already copies). Returns false when there was nothing pending.
 */
export function confirmRun(state: GovernanceState, entry: HistoryEntry): boolean {
  const pend = entry.pend;
  if (!pend) return false;
  delete entry.pend;
  state.usage = { ...state.usage, calls: state.usage.calls + 1, asks_pending: Math.max(0, state.usage.asks_pending - 1) };
  if (pend.mk) state.mut_keys = pushBounded(state.mut_keys, [pend.mk], MAX_MUT_KEYS);
  if (pend.files) state.pinned = { ...state.pinned, files_changed: pushBounded(state.pinned.files_changed, pend.files, MAX_FILES_CHANGED) };
  if (pend.mut) entry.mut = pend.mut;
  if (pend.mut === 'new') entry.ch = true;
  let memory = state.progress;
  if (pend.touch && !memory.touched.includes(pend.touch)) {
    entry.pr ??= 'new_file';
    memory = { ...memory, touched: pushBounded(memory.touched, [pend.touch], MAX_TOUCHED) };
  }
  if (pend.write) memory = { ...memory, written: pushBounded(memory.written, [pend.write], MAX_WRITTEN) };
  if (pend.runs) {
    const ran = pend.runs.filter((k) => memory.written.includes(k));
    if (ran.length > 0) {
      entry.pr ??= 'first_run';
      memory = { ...memory, written: memory.written.filter((k) => !ran.includes(k)) };
    }
  }
  state.progress = memory;
  return true;
}

/**
 * Loop facts about the call being decided, from the session's recent history. These are
 * facts ("this exact call ran 4 times with nothing changed in between"); the thresholds
 * that turn them into warn/ask/deny/stop are data read by policies/session/loop.rego.
 *
 * Progress is what separates a loop from work. For the exact-repeat detectors it is a change
 * not seen before (not an undo or a redo), or measured progress (progress/record.ts: a new
 * file touched, a new error, better counts, a status that moved, a bisect step…). The
 * group detectors judge calls by intent (progress/intent.ts) and by what their outputs
 * say (progress/outcome.ts): the same error signature again, a cycle through a few groups
 * whose outcomes repeat, polls whose observed status does not move, searches that never
 * lead to a read, writes that are never run. A different raw output hash is not progress.
 */
import type { CallShape } from './fingerprint.js';
import { failed, failureKey, hasOutcome, pathKey, weakKey } from './progress/record.js';
import type { HistoryEntry } from './state.js';
import { DEFAULT_OBSERVE, isObserving, type ObserveTables } from './progress/observed.js';
import { changed } from './progress/changed.js';

export interface LoopFacts {
  fp: string;
  poll: boolean;
  /** What this call would change: new (progress), undo, redo, or null (changes nothing). */
  mutation: 'new' | 'undo' | 'redo' | null;
  /** Identical calls in the history window since the last progress (OpenClaw's generic repeat count, made progress-aware). */
  repeats: number;
  /** Earlier identical calls chained back from now with no progress between them and the same outcome. */
  stale_repeats: number;
  /** The last of those repeats reported no output at all (text or hash): judged by exit status alone (loop.repeat_unseen). */
  repeat_unseen: boolean;
  /** stale_repeats when those runs failed (the same command failing with nothing changed), else 0. */
  failure_streak: number;
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
  /** The call's intent group, as text for reasons. */
  group: string;
  /** Class of the call: search, read, write, run, poll, step, wait. */
  class: string;
  /** Earlier failures with this group's last error signature (any spelling, edits between or not), none of this group's runs since ending otherwise. */
  same_error: number;
  /** Calls ago the first of those failures happened (0 when none). */
  same_error_since: number;
  /** That error, its first line as normalised (or null). */
  same_error_line: string | null;
  /** same_error when nothing changed since the first of those failures (no edit, no new change, no step): the same action retried in other spellings. */
  same_error_retries: number;
  /** No output seen: failures of this call's family with the same exit code in a row, nothing changed since the first (weak evidence: loop.failure_streak_unseen). */
  weak_retries: number;
  /**
   * No output seen: rounds since the last change that end in a run failing with one exit code and
   * consist only of calls repeated exactly (or the identical failing command again), the call
   * being decided closing the last (weak evidence: loop.failure_streak_unseen).
   */
  blind_rounds: number;
  /** Runs of this group (any spelling) in a row that failed the same way with nothing changed since. */
  group_failure_streak: number;
  /** Polls: earlier runs of this observing command whose output did not move, chained back from now. */
  poll_stale: number;
  /** Polls: none of those runs reported any output (text or hash): judged by exit status alone. */
  poll_unseen: boolean;
  /** Polls: poll_stale when what the poll observes is an error (its output has an error signature). */
  poll_error: number;
  /** That error's first line, as normalised (or null). */
  poll_error_line: string | null;
  /** Searches in a row ending with this one (no read, edit or run between), and how many found nothing. */
  search_run: number;
  search_empty: number;
  /**
   * Queries of this call's family in a row that answered they found nothing (`[]`, `(0 rows)`,
   * `No results found`), in any spelling, before this one: a needle looked for with ever new
   * WHERE clauses or terms (loop.query_empty). Looking elsewhere between (reads, searches, waits)
   * does not end the run; a change, measured progress, a poll or another run does.
   */
  query_empty: number;
  /**
   * Searches since the last change (a write, an edit, a command's first run) whose results were
   * those another spelling of their family had already brought back: reworded searches answered
   * the same, with whatever was read in between (loop.search_same).
   */
  search_same: number;
  /**
   * Edits and writes that re-apply a change made before (a redo: variants in rotation, a value
   * flipped back), since anything was last built, run or tested, this one included: known from
   * the calls alone, with or without outputs (loop.redo_edits).
   */
  redo_edits: number;
  /** Writes: distinct code files written since the last run, build or test (this one included). */
  unverified_writes: number;
  /** Writes: earlier whole writes of this same code file since the last run, build or test. */
  rewrites: number;
  /** No-progress calls by group in the density window, and the distinct groups there. */
  stale_groups_in_window: number;
  /** Of those, the stale failures with an error signature (strong evidence) and those known by their exit status alone (weak). */
  strong_stale_in_window: number;
  weak_stale_in_window: number;
  /** 1 when the call being decided continues a cycle: the last call repeated an earlier one, which this call's group followed; or it re-applies a change made before (a redo). */
  cycle_next: number;
  /**
   * 1 when the call being decided re-runs a command (its group, or its family on a first
   * spelling) whose last run failed with an error signature, and nothing changed since that
   * failure (no edit, no new change, no step, no status that moved): a blind retry inside a
   * cycle, strong evidence before its outcome is known (stale_density.weights.retry).
   */
  retry_next: number;
  distinct_groups_in_window: number;
  /** The call observes something or waits (get, describe, status, logs, tail, a sleep): progress/observed.ts. */
  observing: boolean;
  /**
   * Observations since the last change whose observed state showed nothing new (any spelling,
   * since the last one whose state moved), the distinct spellings (intent groups) among them
   * and that last one, and the waits between them.
   */
  observed_stale: number;
  observed_groups: number;
  observed_waits: number;
  /** This observation's state is kept for the next ones to compare (it is near a wait). */
  keeps_state: boolean;
}

/**
 * Two runs ended the same way, as far as anyone can tell. Unknown outcomes show no change,
 * and neither does a raw output hash alone: only the normalised output (or the error
 * signature) can say that two outputs differ in meaning.
 */
function sameOutcome(a: HistoryEntry, b: HistoryEntry): boolean {
  if (!hasOutcome(a) || !hasOutcome(b)) return true;
  if ((a.x ?? null) !== (b.x ?? null) && a.x !== undefined && b.x !== undefined) return false;
  if (a.ok !== undefined && b.ok !== undefined && a.ok !== b.ok) return false;
  if (failed(a) && failed(b) && a.s && b.s) return a.s === b.s;
  if (a.n && b.n && a.n !== b.n) return false;
  return true;
}

/** A command (not a change) that succeeded and whose output nobody saw: no text, no hash. */
const unseenSuccess = (e: HistoryEntry) => hasOutcome(e) && !failed(e) && !e.n && !e.o && !e.s && !e.mut && e.c !== 'w';

/** A change not seen before, or measured progress. */
const progress = (e: HistoryEntry) => changed(e, 'anything');

export function classifyMutation(shape: CallShape, mutKeys: string[]): LoopFacts['mutation'] {
  if (!shape.mutation) return null;
  if (mutKeys.includes(shape.mutation.key)) return 'redo';
  if (shape.mutation.inverse && mutKeys.includes(shape.mutation.inverse)) return 'undo';
  return 'new';
}

export function loopFacts(
  shape: CallShape,
  history: HistoryEntry[],
  mutKeys: string[],
  densityWindow: number,
  observe: ObserveTables = DEFAULT_OBSERVE,
): LoopFacts {
  const n = history.length;
  const mutation = classifyMutation(shape, mutKeys);
  // The check right after a wait (`sleep 30` as its own call, then `curl …/health`) is part of the poll.
  const previous = n > 0 ? history[n - 1]! : undefined;
  // Only after a bare wait: a call after a poll that is not itself one (`gh run rerun` after `gh run view`) is not a poll.
  const afterWait = !!previous?.poll && (previous.c === undefined || previous.c === 'z');
  // A command after a wait that observes nothing (`sleep 5`, then `pio run -t upload`) is a retry.
  const poll =
    shape.poll ||
    (afterWait && previous!.kind === 'bash' && shape.kind === 'bash' && mutation === null && (shape.intent.cls !== 'run' || isObserving(shape.kind, shape.intent.label, observe)));
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
  // A repeat whose own result was progress (fewer failures, a new error, a fix) starts no chain:
  // re-running a test whose failure count drops is investigating it, not being stuck.
  const movedItself = (i: number): boolean => { const pr = history[i]!.pr; return pr === 'better_counts'; };
  if (occurrences.length > 0 && !observingChange && !progressBetween(occurrences[0]!, n) && !movedItself(occurrences[0]!)) {
    stale = 1;
    for (let m = 1; m < occurrences.length; m++) {
      const newer = history[occurrences[m - 1]!]!;
      const older = history[occurrences[m]!]!;
      if (progressBetween(occurrences[m]!, occurrences[m - 1]!) || !sameOutcome(older, newer) || newer.sm || movedItself(occurrences[m]!)) break;
      stale++;
    }
  }
  const latest = occurrences.length > 0 ? history[occurrences[0]!]! : undefined;
  // A command that succeeded and whose output nobody saw (no text, no hash) shows no sign of
  // being stuck: running it again is not counted (a batch step, a migration chunk).
  // Nor is an observation near a wait whose output nobody saw (a poll that exits 0 whatever it
  // sees): by its exit status alone it cannot show a status that moves, so it is the poll rules'
  // (poll_unseen waits longer), not a repeat.
  const observingNow = mutation === null && (poll || shape.intent.cls === 'wait' || isObserving(shape.kind, shape.intent.label, observe));
  const waitNear = poll || history.slice(-densityWindow).some((e) => e.c === 'z' || e.poll);
  if (latest && hasOutcome(latest) && !failed(latest) && !latest.n && !latest.o) {
    const polled = observingNow || latest.c === 'p' || !!latest.poll;
    if ((latest.c !== 'r' && latest.c !== 'p' && !poll) || (polled && waitNear && latest.c !== 'r')) stale = 0;
  }
  // A sample of a flaky result (progress/record.ts) is no base for a repeat either.
  if (latest?.sm) stale = 0;
  const failureStreak = latest && failed(latest) ? stale : 0;
  // The repeats were judged without any output seen (no text, no hash): weak evidence.
  // (Denied or unreported runs say nothing either way: only runs with an outcome are judged.)
  const judged = occurrences.slice(0, Math.max(stale, 1)).map((i) => history[i]!).filter(hasOutcome);
  const repeatUnseen = stale > 0 && judged.length > 0 && judged.every((e) => !e.n && !e.o && !e.s);

  // A-B-A-B: the fingerprints of the tail alternate between two values, with no progress.
  let pingPong = 0;
  if (n >= 1 && history[n - 1]!.fp !== shape.fp && !poll && !history[n - 1]!.poll) {
    const a = shape.fp;
    const b = history[n - 1]!.fp;
    pingPong = 1;
    for (let k = n - 1; k >= 0 && k > lastProgress; k--) {
      const expected = (n - k) % 2 === 1 ? b : a;
      if (history[k]!.fp !== expected) break;
      // A command that succeeded and whose output nobody saw shows no sign of being stuck (as
      // for repeats): alternating two such steps is a batch (a migration step, then its status).
      if (unseenSuccess(history[k]!)) break;
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

  const group = groupFacts(shape, history, poll, densityWindow);
  // A call that is progress by what it is (a change not seen before, a bisect or rebase step)
  // does not continue a cycle.
  if (mutation === 'new' || shape.intent.cls === 'step') {
    group.cycle_next = 0;
    group.retry_next = 0;
  }
  // Re-applying a change made before and undone since (an edit flipped back) is itself a
  // step of a cycle.
  else if (mutation === 'redo' && !poll) group.cycle_next = 1;
  // Changes re-applied to files with nothing run since: the call being decided and the earlier
  // redo edits back to the last run, build or test (known from the calls alone).
  let redoEdits = 0;
  if (!poll && (shape.kind === 'edit' || shape.kind === 'write') && mutation === 'redo') {
    redoEdits = 1;
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      if (e.c && RUNS.has(e.c) && e.d !== 'deny' && !e.pend) break;
      if ((e.kind === 'edit' || e.kind === 'write') && e.mut === 'redo' && e.d !== 'deny') redoEdits++;
    }
  }
  const observing = observingNow;
  // Only observations near a wait keep their state (the history row stays small): a session
  // that reads files without waiting on anything is not polling.
  const nearWait = waitNear;
  return {
    ...group,
    ...observedFacts(history),
    observing,
    keeps_state: observing && nearWait && shape.intent.cls !== 'wait',
    redo_edits: redoEdits,
    fp: shape.fp,
    poll,
    mutation,
    // Counted since the last progress: a call repeated while its results keep moving (a training
    // log whose loss falls, a status that advances) is observation, not a loop.
    repeats: occurrences.filter((i) => i > lastProgress).length,
    stale_repeats: mutation === 'new' ? 0 : stale,
    repeat_unseen: repeatUnseen,
    failure_streak: mutation === 'new' ? 0 : failureStreak,
    ping_pong: pingPong,
    stale_in_window: staleInWindow,
    distinct_in_window: distinct.size,
    no_progress_calls: noProgress,
    since_progress: n - 1 - lastProgress,
    history_size: n,
  };
}

/** Run-like classes: a run, a poll, a step: they build, run, test or observe. */
const RUNS = new Set(['x', 'p', 'b']);

function groupFacts(shape: CallShape, history: HistoryEntry[], poll: boolean, densityWindow: number) {
  const n = history.length;
  const g = shape.intent.group;
  const cls = shape.intent.cls;
  const mine: number[] = [];
  for (let i = n - 1; i >= 0; i--) if (history[i]!.g === g) mine.push(i);

  // The same error: this group's latest outcome is a failure with signature K; count the
  // failures with K in the history (any group: spelling variants, other targets), back to
  // where a run of this group ended otherwise.
  let sameError = 0;
  let sameErrorSince = 0;
  let sameErrorLine: string | null = null;
  let sameErrorRetries = 0;
  const latest = mine.map((i) => history[i]!).find(hasOutcome);
  // A first run in this spelling: the family's last failure is what it most likely retries.
  const family = shape.intent.family;
  const related = latest ?? [...history].reverse().find((e) => e.f === family && hasOutcome(e));
  const key = related ? failureKey(related) : null;
  // An exit code alone (no output seen) is too weak to say that edits did not reach an error.
  if (related && key && !weakKey(key)) {
    sameErrorLine = related.se ?? null;
    const chain: HistoryEntry[] = [];
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      // A run of this group that ended otherwise or counted better, or a step through a
      // sequence (bisect, rebase: the code under test changed), ends the chain.
      if ((e.g === g && hasOutcome(e) && failureKey(e) !== key) || (e.pr === 'better_counts' && failureKey(e) === key)) break;
      // The same command in another spelling passing in between (a test under another seed or
      // filter): the failure comes and goes, a result being sampled, not effort hitting a wall.
      if (e.f === family && e.g !== g && hasOutcome(e) && !failed(e)) break;
      if (e.pr === 'step') break;
      if (failureKey(e) === key) chain.push(e);
    }
    // A failure counts again unless it printed something new around the same error (a debug
    // print, another assertion): the chain's oldest counts, later ones when their shape repeats.
    // A later failure that the outcome record judged a sample (a flaky result under a new seed)
    // is no retry of the first.
    // The shape is compared with the same call's earlier failures only (as progress/record.ts
    // judges a run that taught something): another spelling echoes other words of its command, so
    // its shape differs anyway (`--upload-port /dev/ttyUSB0` takes the port out of the output).
    chain.reverse().forEach((e, k) => {
      if (k > 0 && e.sm) return;
      const same = chain.slice(0, k).filter((o) => o.fp === e.fp);
      if (k === 0 || !e.sh || same.length === 0 || same.some((o) => o.sh === e.sh || !o.sh)) sameError++;
    });
    if (chain.length > 0) sameErrorSince = n - history.indexOf(chain[0]!);
    // Nothing changed since the first of them: the same action retried in other spellings.
    if (chain.length > 0) {
      if (!history.slice(history.indexOf(chain[0]!)).some((e) => changed(e, 'attempt'))) sameErrorRetries = sameError;
    }
  }

  // With no output seen (a client that sends none), the same family failing with the same exit
  // code in other spellings, nothing changed since the first of those failures and no run of the
  // family passing between: the same action retried (`git merge`, `git merge --no-ff`, `git pull`
  // of the same branch…). Weak evidence: its own ladder (failure_streak_unseen).
  let weakRetries = 0;
  if (related && key && weakKey(key) && failed(related)) {
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      if (changed(e, 'attempt')) break;
      if (e.f !== family || !hasOutcome(e)) continue;
      if (failureKey(e) !== key) break;
      weakRetries++;
    }
  }

  // With no output seen at all: rounds of blind retries since the last change. A round ends with a
  // run failing with the exit code of the first failure since the change; it counts when every
  // call in it repeats one made before since the change (the same argv: `config:clear`,
  // `cache:clear`, then the test again), or when it is empty and the failing call itself repeats
  // (the identical command failing again). A wait, an observation or any output seen ends the
  // evidence of that round: quiet batches move their arguments, and polls wait.
  let blindRounds = 0;
  if (!poll && cls === 'run' && shape.kind === 'bash') {
    let from = 0;
    for (let i = n - 1; i >= 0; i--) {
      if (changed(history[i]!, 'change')) {
        from = i + 1;
        break;
      }
    }
    const seen = new Set<string>();
    const failedFps = new Set<string>();
    let exit: number | undefined;
    let clean = true;
    let length = 0;
    const closes = (fp: string) => exit !== undefined && clean && (length > 0 || failedFps.has(fp));
    for (let k = from; k < n; k++) {
      const e = history[k]!;
      if (e.d === 'deny' || e.pend || !hasOutcome(e)) continue;
      const seenOutput = !!(e.n || e.o || e.s);
      if (!seenOutput && failed(e) && e.c === 'x' && !e.poll && typeof e.x === 'number' && (exit === undefined || e.x === exit)) {
        if (closes(e.fp)) blindRounds++;
        exit ??= e.x;
        failedFps.add(e.fp);
        seen.add(e.fp);
        clean = true;
        length = 0;
        continue;
      }
      if (seenOutput || e.c === 'z' || e.poll || e.ob || !seen.has(e.fp)) clean = false;
      length++;
      seen.add(e.fp);
    }
    // The call being decided closes the current round.
    if (closes(shape.fp)) blindRounds++;
  }

  // Runs of this group failing the same way with nothing changed since the first of them.
  let groupStreak = 0;
  if (latest && failed(latest)) {
    const lastKey = failureKey(latest);
    let moved = false;
    for (let i = n - 1; i >= 0 && !moved; i--) {
      const e = history[i]!;
      if (e.g === g) {
        // A sample of a flaky result (a failing seed re-run inside a sweep) is no retry.
        if (!hasOutcome(e) || e.sm) continue;
        if (!failed(e) || (lastKey !== null && failureKey(e) !== null && failureKey(e) !== lastKey) || (e.x ?? null) !== (latest.x ?? null)) break;
        groupStreak++;
        // The run that brought this failure (or better counts) in is the streak's first.
        if (e.pr && e.pr !== 'new_file') break;
      } else if (changed(e, 'attempt')) moved = true;
    }
  }

  // Polls: the observing command's earlier runs whose output did not move, back to a change.
  let pollStale = 0;
  // Whether any of those runs' output was seen: a poll judged by its exit status alone cannot
  // show a status that moves, so it is weak evidence and escalates later (loop.poll_unseen).
  let pollSeen = false;
  if (poll) {
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      if (changed(e, 'change')) break;
      if (e.g !== g) {
        // A bare wait (`sleep 45` as its own call) observes nothing itself: the poll is the call
        // that looks after it (an MCP query, `kubectl get`), so a status that moved there since
        // the earlier wait ends the count.
        if (cls === 'wait' && e.pr && e.pr !== 'new_file') break;
        // Another observer of the same wait whose status moved (`kubectl get pods` showing the
        // replicas climb between two `rollout status` timeouts): what is awaited is happening.
        if ((e.c === 'p' || e.ob) && e.pr === 'moved') break;
        continue;
      }
      pollStale++;
      if (e.n || e.o || e.s) pollSeen = true;
      // The last run whose status moved is the one being waited on since.
      if (e.pr && e.pr !== 'new_file') break;
    }
  }

  // A poll that keeps observing an error (a backoff, an unreachable broker, a 502): what it
  // waits for is failing, which is stronger evidence than a status that merely has not moved.
  // Counted back while the poll printed exactly the same (a rollout timing out on its
  // `--timeout` while its replica count climbs is moving, not stuck).
  let pollError = 0;
  // An exit code alone is no error here: `gh pr checks` exits 8 while checks are pending.
  if (poll && latest && latest.s !== undefined) {
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      if (changed(e, 'change')) break;
      if (e.g !== g || !hasOutcome(e)) continue;
      if (latest.n !== undefined ? e.n !== latest.n : e.s !== latest.s) break;
      pollError++;
    }
  }

  // Searches in a row (waits do not interrupt them).
  let searchRun = 0;
  let searchEmpty = 0;
  if (cls === 'search') {
    searchRun = 1;
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      if (e.c === 'z') continue;
      if (e.c !== 's') break;
      searchRun++;
      if (e.em) searchEmpty++;
    }
  }

  // Queries of this family that found nothing, in a row (any spelling, any class but a search,
  // whose run is search_empty above). A change or measured progress elsewhere ends the run, and
  // so does a run of another family (the agent acted on something) or a poll (waiting for rows
  // to appear is the poll rules'). The first empty answer may itself be measured progress (a
  // sweep step: `[]` after a count): it still counts.
  let queryEmpty = 0;
  if (!poll && cls !== 'search' && cls !== 'write' && cls !== 'wait') {
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      if (e.d === 'deny' || e.pend) continue;
      if (e.poll || e.c === 'p') break;
      if (e.f === family) {
        if (!e.em) break;
        queryEmpty++;
        if (changed(e, 'change')) break;
        continue;
      }
      if (changed(e, 'measured')) break;
      if (e.c === 'r' || e.c === 's' || e.c === 'z') continue;
      break;
    }
  }

  // Searches since the last change that brought back what another spelling had: in the last
  // history window, whatever the call being decided is (the next fetch of the same page too).
  let searchSame = 0;
  for (let i = n - 1; i >= 0; i--) {
    const e = history[i]!;
    if (changed(e, 'change') || (e.c === 'x' && hasOutcome(e) && e.pr && e.pr !== 'new_file')) break;
    if (e.rs) searchSame++;
  }

  // Files written whole (not edited in place) since the last run, build or test: distinct
  // files, and rewrites of this one. Documents and configs that nothing runs need no run.
  let unverified = 0;
  let rewrites = 0;
  if (cls === 'write' && shape.kind === 'write' && shape.verify) {
    const here = shape.intent.path ? pathKey(shape.intent.path) : '';
    const files = new Set<string>([here]);
    for (let i = n - 1; i >= 0; i--) {
      const e = history[i]!;
      if (e.c && RUNS.has(e.c)) break;
      if (e.c !== 'w' || e.kind !== 'write' || !e.ph || e.nv || e.d === 'deny') continue;
      files.add(e.ph);
      if (e.ph === here) rewrites++;
    }
    unverified = files.size;
  }

  // Cycles through a few groups: in the window after the last measured progress, the calls
  // whose outcome repeats an earlier one of their group (stale), and how many groups there are.
  let lastProgress = -1;
  for (let i = n - 1; i >= 0; i--) {
    const e = history[i]!;
    if (changed(e, 'measured')) {
      lastProgress = i;
      break;
    }
  }
  const start = Math.max(lastProgress + 1, n - (densityWindow - 1));
  const groups = new Set<string>([family]);
  let staleGroups = 0;
  let strongStale = 0;
  let weakStale = 0;
  // How strong the evidence of a stale call is: the same error signature after a changed attempt
  // is strong (progress/record.ts); an outcome known by its exit status alone is weak.
  const tally = (e: HistoryEntry) => {
    staleGroups++;
    if (e.st) strongStale++;
    else if (!e.n && !e.s && !e.o) weakStale++;
  };
  const observedMoving = history.slice(-densityWindow).some((e) => e.ob && e.pr === 'moved');
  const effort: number[] = [];
  for (let k = start; k < n; k++) {
    const e = history[k]!;
    // A wait is no effort; a denied call, or an asked one not known to have run, did not run.
    if (e.c === 'z' || e.d === 'deny' || e.pend) continue;
    effort.push(k);
    if (e.f) groups.add(e.f);
    // Polls count here too: a cycle of re-trigger, watch and view is effort without progress.
    // An observation near a wait whose status has not moved yet, while what it waits on was seen
    // moving in the last few calls (another job finished), is a plateau of a wait that is going
    // somewhere: healthy waits have plateaus. One that observes an error stays effort here.
    if (e.stale && (!e.poll || e.n) && !(e.ob && !e.s && observedMoving)) tally(e);
  }
  // The call being decided counts when its group's last run in the window was stale.
  let cycleNext = 0;
  if (!poll && mine.length > 0 && mine[0]! >= start && history[mine[0]!]!.stale) tally(history[mine[0]!]!);
  else if (!poll && mine.length > 0 && effort.length >= 1) {
    // The cycle goes on: the last call repeated an earlier one with the same outcome, and
    // after that earlier one came this call's group, as now (the earlier pass may lie before
    // the last progress: the first pass is where each error was new). Counted once, before
    // its outcome.
    const last = history[effort.at(-1)!]!;
    const ran = (e: HistoryEntry) => e.c !== 'z' && e.d !== 'deny' && !e.pend;
    const recent: number[] = [];
    for (let k = Math.max(0, n - 2 * densityWindow); k < effort.at(-1)!; k++) if (ran(history[k]!)) recent.push(k);
    if (last.stale && last.g) {
      const before = recent.filter((k) => history[k]!.g === last.g).at(-1);
      const following = before !== undefined ? recent.find((k) => k > before) ?? effort.at(-1) : undefined;
      if (following !== undefined && history[following]!.g === g) cycleNext = 1;
    }
  }

  // A blind retry: this command's last run failed with an error signature, and nothing since
  // changed anything (reads, searches, observations and changes with no effect in between).
  let retryNext = 0;
  const lastRun = latest;
  if (!poll && cls !== 'wait' && lastRun && failed(lastRun) && lastRun.s && !lastRun.sm) {
    const from = history.indexOf(lastRun);
    const since = history.slice(from + 1);
    if (!since.some((e) => changed(e, 'measured')) && from >= Math.max(lastProgress, n - densityWindow)) retryNext = 1;
  }

  return {
    group: shape.intent.label,
    class: cls,
    same_error: sameError,
    same_error_since: sameErrorSince,
    same_error_line: sameErrorLine,
    same_error_retries: sameErrorRetries,
    weak_retries: weakRetries,
    blind_rounds: blindRounds,
    group_failure_streak: groupStreak,
    poll_stale: pollStale,
    poll_unseen: pollStale > 0 && !pollSeen,
    poll_error: pollError,
    poll_error_line: pollError > 0 ? (latest!.se ?? null) : null,
    search_run: searchRun,
    search_empty: searchEmpty,
    query_empty: queryEmpty,
    search_same: searchSame,
    unverified_writes: unverified,
    rewrites,
    stale_groups_in_window: staleGroups,
    strong_stale_in_window: strongStale,
    weak_stale_in_window: weakStale,
    cycle_next: cycleNext,
    retry_next: retryNext,
    distinct_groups_in_window: groups.size,
  };
}

/**
 * Waiting on something that never changes, in ever-different spellings: the observing calls
 * since the last change (a write, an edit, a call that acts), judged by the state their outputs
 * show (progress/observed.ts) rather than by their group's output. An observation whose state
 * tokens are all among those seen since the change is stale; one with a token not seen before
 * is a status that moved, and the count starts again from it. Waits (a bare `sleep`, a poll
 * with its wait inside) are counted since that last movement. Observations whose output
 * nobody saw say nothing and are passed over.
 */
export function observedFacts(history: HistoryEntry[]): Pick<LoopFacts, 'observed_stale' | 'observed_groups' | 'observed_waits'> {
  let start = history.length;
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i]!;
    if (e.d === 'deny' || e.pend) {
      start = i;
      continue;
    }
    const quiet = e.ob || e.poll || e.c === 'z' || e.c === 'r' || e.c === 's';
    if (!quiet || changed(e, 'change') || e.c === 'w') break;
    start = i;
  }
  const seen = new Set<string>();
  let stale = 0;
  let waits = 0;
  let groups = new Set<string>();
  let baseline = false;
  const spellings = new Set<string>();
  for (let i = start; i < history.length; i++) {
    const e = history[i]!;
    if (e.d === 'deny' || e.pend) continue;
    if (e.c === 'z' || (e.poll && history[i - 1]?.c !== 'z')) waits++;
    if (!e.ob || e.os === undefined) continue;
    const moved = !baseline || e.os.some((t) => !seen.has(t));
    for (const t of e.os) seen.add(t);
    // A spelling not used before since the baseline shows more, not later: what it adds is
    // learnt (its tokens are seen from now on) but is no movement; a spelling used before that
    // shows something new is.
    const firstLook = baseline && e.g !== undefined && !spellings.has(e.g);
    if (e.g) spellings.add(e.g);
    if (moved && firstLook) {
      groups.add(e.g!);
      continue;
    }
    if (moved) {
      baseline = true;
      stale = 0;
      waits = 0;
      groups = new Set(e.g ? [e.g] : []);
      continue;
    }
    stale++;
    if (e.g) groups.add(e.g);
  }
  return { observed_stale: stale, observed_groups: groups.size, observed_waits: waits };
}

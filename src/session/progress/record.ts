/**
 * The progress bookkeeping: what a decided call adds to the session history (its intent
 * group and class, the progress it makes by what it is), and what its report adds (the
 * outcome understood from the output, and the progress that outcome shows).
 *
 * Progress is measured, not assumed from a new output hash:
 * - new_file     a file (or page) read or edited that the session had not touched;
 * - step         a bisect or rebase step that did not fail with a known error;
 * - first_run    the first run of a file written in this session (`python repro.py`);
 * - fixed        a group that failed now succeeds;
 * - new_error    a failure with an error signature the session had not seen;
 * - better_counts more tests passing, fewer failing, fewer errors than the group's last run;
 * - moved        a successful call whose normalised output the group had not shown before
 *                (a status that moves, new rows, a new page) — searches excepted: a search
 *                that finds something leads somewhere only when it is followed by a read.
 * A different raw output hash is never progress: a client whose output always differs
 * must not turn loop detection off.
 */
import type { GovernanceMechanics } from '../config.js';
import type { CallShape } from '../fingerprint.js';
import type { GovernanceState, HistoryEntry } from '../state.js';
import { MAX_SIGNATURES, MAX_TOUCHED, MAX_WRITTEN } from '../state.js';
import { changed } from './changed.js';
import { CLASS_CODE } from './intent.js';
import { normalizeOutput } from './normalize.js';
import { observedState, observedText } from './observed.js';
import { analyzeOutput, shortHash } from './outcome.js';

export const pathKey = (path: string) => shortHash(path).slice(0, 8);


function pushBounded(list: string[], item: string, max: number): string[] {
  if (list.includes(item)) return list;
  const out = [...list, item];
  return out.length > max ? out.slice(out.length - max) : out;
}

export function failed(e: HistoryEntry): boolean {
  return e.ok === false || (typeof e.x === 'number' && e.x !== 0);
}

export function hasOutcome(e: HistoryEntry): boolean {
  return e.ok !== undefined || e.x !== undefined || e.o !== undefined || e.n !== undefined;
}

/**
 * What identifies a failure: its error signature, else its normalised output, else (equal only)
 * its raw hash; with no output seen at all (a client that sends none), its family and exit
 * code — weak evidence (`weakKey`), enough for the same intent failing again with nothing
 * changed, never for the same error across edits.
 */
export function failureKey(e: HistoryEntry): string | null {
  if (!failed(e)) return null;
  return e.s ?? (e.n ? `n:${e.n}` : e.o ? `o:${e.o}` : `x:${e.f ?? e.g ?? e.fp}:${e.x ?? 'ko'}`);
}

/** A failure key judged by the exit status alone (no output text or hash was reported). */
export const weakKey = (key: string | null) => key !== null && key.startsWith('x:');

/**
 * A sweep: the call is spelled in a way its group has not run before (a new seed, another
 * parameter), and its result differs from the group's last run, or the group's runs (in the
 * bounded history) ended in at least two ways that each came back — a nondeterministic result being sampled (a flaky test under many seeds), not
 * effort without progress. A loop that varies its spelling gets one result every time.
 */
function sampling(entry: HistoryEntry, earlier: HistoryEntry[]): boolean {
  // The same spelling again is a sample only inside a sweep that goes on: since its last run the
  // family ran at least two spellings it had never run (re-running a failing seed between new
  // seeds to see it fail again). A cycle through a fixed set of spellings runs nothing new.
  const lastSame = earlier.map((e) => e.fp).lastIndexOf(entry.fp);
  if (lastSame >= 0) {
    const fresh = earlier.slice(lastSame + 1).filter((e, k) => !earlier.slice(0, lastSame + 1 + k).some((o) => o.fp === e.fp));
    if (fresh.length < 2) return false;
  }
  // With no output seen, a run that passed says nothing about which result it sampled (taking it
  // for one outcome made `gh release list` between two failing `gh release create` a sample).
  const outcome = (e: HistoryEntry) => failureKey(e) ?? (e.n ? `n:${e.n}` : null);
  const tally = new Map<string, number>();
  for (const e of [...earlier, entry]) {
    const k = outcome(e);
    if (k !== null) tally.set(k, (tally.get(k) ?? 0) + 1);
  }
  // It just flipped (the group's last run ended otherwise), or both results keep coming back.
  const last = earlier.at(-1);
  if (last && outcome(last) !== null && outcome(last) !== outcome(entry)) return true;
  return [...tally.values()].filter((n) => n >= 2).length >= 2;
}

/** The history entry fields and memory updates of a call that runs. */
export function onDecision(
  shape: CallShape,
  mutation: 'new' | 'undo' | 'redo' | null,
  progress: GovernanceState['progress'],
): { extras: Partial<HistoryEntry>; progress: GovernanceState['progress'] } {
  const { intent } = shape;
  const extras: Partial<HistoryEntry> = { g: intent.group, f: intent.family, c: CLASS_CODE[intent.cls] };
  let memory = progress;
  if (mutation === 'new') extras.ch = true;
  if (shape.mutation?.fixer) extras.fx = true;
  if (intent.cls === 'write' && !shape.verify) extras.nv = true;
  if (intent.path) {
    const ph = pathKey(intent.path);
    extras.ph = ph;
    if (intent.range !== null) extras.rg = shortHash(intent.range).slice(0, 6);
    const firstTouch = !memory.touched.includes(ph);
    if (firstTouch) {
      extras.pr = 'new_file';
      memory = { ...memory, touched: pushBounded(memory.touched, ph, MAX_TOUCHED) };
    }
    // Only a file written whole (a new script, a repro) has a first run; an edited file that is run
    // again (`pip install -r requirements.txt` after each pin) is judged by the run's outcome, and so
    // is a file the session had touched before, rewritten whole (renamed variables, comments, the
    // same script again): its run is not a first one.
    if (intent.cls === 'write' && shape.kind === 'write' && firstTouch) memory = { ...memory, written: pushBounded(memory.written, ph, MAX_WRITTEN) };
  }
  if (intent.cls === 'step') extras.pr ??= 'step';
  if (intent.cls === 'run' && intent.runs.length > 0) {
    const ran = intent.runs.map(pathKey).filter((k) => memory.written.includes(k));
    if (ran.length > 0) {
      extras.pr ??= 'first_run';
      memory = { ...memory, written: memory.written.filter((k) => !ran.includes(k)) };
    }
  }
  return { extras, progress: memory };
}

/** Head and tail of a long output (what the adapters send anyway; the gateway cuts again to be safe). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n${text.slice(-half)}`;
}

/**
 * Applies a report's output to the entry (in place: `state` is already a copy) and measures
 * the progress the outcome shows against the group's earlier runs in the history.
 */
export function onReport(state: GovernanceState, entry: HistoryEntry, output: string | undefined, config: GovernanceMechanics, echo?: string): void {
  const history = state.history;
  const index = history.indexOf(entry);
  const facts = output !== undefined ? analyzeOutput(cut(output, config.loop.max_output_chars), config.loop.normalize, echo, config.loop.empty_results) : undefined;
  // A read or a fetch reports no exit code: when all it returned is an error (`404 Not Found`),
  // it failed, and it read nothing new.
  // A fetch that "succeeded" in bringing back an error page (`404 Not Found`) read nothing either.
  if (facts?.only_errors && entry.c === 'r' && entry.x === undefined && (entry.ok === undefined || entry.kind === 'web_fetch')) entry.ok = false;
  const failedNow = failed(entry);
  if (failedNow && entry.c === 'r' && entry.pr === 'new_file') delete entry.pr;
  if (facts) {
    // What an observing call saw, robust to its spelling (progress/observed.ts).
    if (entry.ob) entry.os = observedState(normalizeOutput(observedText(cut(output!, config.loop.max_output_chars)), config.loop.normalize), config.loop.observe);
    entry.n = facts.norm.slice(0, 10);
    entry.sh = facts.shape;
    entry.re = facts.result;
    if (facts.sig) entry.s = facts.sig.slice(0, 10);
    if (facts.message && failedNow) entry.ms = facts.message;
    if (facts.sig_line && (failedNow || entry.poll)) entry.se = facts.sig_line.slice(0, 100);
    if (facts.passed !== null || facts.failed !== null || facts.errors !== null) entry.cnt = [facts.passed ?? -1, facts.failed ?? -1, facts.errors ?? -1];
    if (entry.c === 's' && (facts.empty || failedNow)) entry.em = true;
    // A query of any tool (an MCP SQL or search tool, `psql -c`, `curl …/search?q=`) that answered
    // that it found nothing: with others of its family it may be a search without progress.
    else if (!failedNow && facts.nothing && entry.c !== 'w') entry.em = true;
  } else if (entry.c === 's' && entry.x === 1) {
    entry.em = true;
  }
  // A command that failed changed nothing that counts (a failed install, a rejected commit, an
  // edit whose text was not found); nor did a change whose output says so (`0 replacements`).
  const lower = output?.toLowerCase();
  const noEffect = (entry.ch || entry.mut === 'new') && lower !== undefined && config.loop.no_effect.some((p) => lower.includes(p.toLowerCase()));
  // A fixer exits non-zero when problems remain after it fixed what it could: its change stands.
  if ((failedNow && (entry.c !== 'w' || entry.kind === 'edit') && !entry.fx) || noEffect) {
    delete entry.ch;
    if (entry.mut === 'new') delete entry.mut;
  }
  // A check that shows exactly what it showed before the commands that changed files in between
  // (`grep API_BASE config.js` after a `sed -i` that never matched): those changes had no
  // effect that this check can see, and are no progress (effort with no effect).
  if (!failedNow && (entry.c === 'r' || entry.c === 's') && entry.n && entry.g) {
    let before = -1;
    for (let i = index - 1; i >= 0 && before < 0; i--) if (history[i]!.g === entry.g && hasOutcome(history[i]!)) before = i;
    if (before >= 0 && history[before]!.n === entry.n) {
      for (const e of history.slice(before + 1, index)) {
        if (e.kind === 'bash' && (e.ch || e.mut === 'new') && e.c !== 'w') {
          delete e.ch;
          if (e.mut === 'new') delete e.mut;
        }
      }
    }
  }
  // The numbers the call named (a seed, a level, a batch size), to tell a sweep's next point from a respelling.
  const named = echo?.match(/(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g);
  if (named && entry.c === 'x') entry.nu = shortHash(named.join(' ')).slice(0, 6);
  if (!entry.g) return;
  const earlier = history.slice(0, Math.max(0, index)).filter((e) => e.g === entry.g && hasOutcome(e));
  const prev = earlier.at(-1);
  // A script written whole again (renamed variables, comments, reordered code) and run: the same
  // error message at other lines is the same failure moved, not a new error. When the only changes
  // since the last run's failure are whole writes of files, that failure's signature stands
  // (`python` or `python3`: any run), and so does what it printed around the error (the
  // traceback shows the rewritten line: no debug output learnt).
  if (failedNow && entry.s && entry.ms && entry.c === 'x') {
    const last = [...history.slice(0, Math.max(0, index))].reverse().find((e) => e.c === 'x' && hasOutcome(e));
    if (last && failed(last) && last.s && last.s !== entry.s && last.ms === entry.ms) {
      const between = history.slice(history.indexOf(last) + 1, index);
      const rewrites = between.filter((e) => e.ch || e.mut === 'new' || e.pr === 'step');
      if (rewrites.length > 0 && rewrites.every((e) => e.kind === 'write' && e.c === 'w')) {
        entry.s = last.s;
        if (last.sh) entry.sh = last.sh;
      }
    }
  }
  const key = failureKey(entry);
  const textKey = failedNow ? (entry.s ?? (entry.n ? `n:${entry.n}` : null)) : null;
  let pr: string | undefined;
  if (prev && failed(prev) && !failedNow && (entry.ok !== undefined || entry.x !== undefined)) pr = 'fixed';
  else if (failedNow && textKey && !state.progress.sigs.includes(textKey)) pr = 'new_error';
  else if (entry.cnt && (prev?.cnt || (entry.s && earlier.length === 0))) {
    // Against the group's last run, or (a first run in this spelling) the last run that failed with this signature.
    const base = prev?.cnt ? prev : [...history.slice(0, Math.max(0, index))].reverse().find((e) => e.cnt && e.s === entry.s);
    const [p0, f0, e0] = base?.cnt ?? entry.cnt;
    const [p1, f1, e1] = entry.cnt;
    if ((p1 >= 0 && p0 >= 0 && p1 > p0) || (f1 >= 0 && f0 >= 0 && f1 < f0) || (e1 >= 0 && e0 >= 0 && e1 < e0)) pr = 'better_counts';
  }
  // Moved: the group was seen before and now shows something it had not. A first run in a new
  // spelling shows nothing moving (a loop that varies its calls gets a new group every time).
  if (!pr && !failedNow && entry.n && entry.c !== 's' && earlier.length > 0 && !earlier.some((e) => e.n === entry.n)) pr = 'moved';
  // A sweep step: the first run of a new spelling in a family that ran before (a load test at
  // another concurrency, the next sample), succeeding with a result the family had not shown
  // beyond what the call itself put there (its seed, its sample name): a parameter explored,
  // each step measuring something new. A loop that varies its spelling gets one result.
  if (!pr && !failedNow && !entry.s && entry.re && entry.c === 'x' && earlier.length === 0 && entry.f) {
    const family = history.slice(0, Math.max(0, index)).filter((e) => e.f === entry.f && e.g !== entry.g && hasOutcome(e) && !failed(e));
    if (family.length > 0 && family.every((e) => e.re !== undefined && e.re !== entry.re && e.n !== entry.n)) pr = 'sweep';
  }
  if (textKey) state.progress = { ...state.progress, sigs: pushBounded(state.progress.sigs, textKey, MAX_SIGNATURES) };

  // The same answer to the same action in another spelling (a sub-agent asked the question
  // reworded, a docs page under another URL that shows a page already read, with no progress
  // since, not even a file newly looked at: an export per platform checked artifact by artifact
  // is a batch): nothing new came back. An answer of a few words (`200`, `ok`) may well repeat.
  const respelled =
    !failedNow && !!facts && !facts.empty && facts.chars >= config.loop.respelled_min_chars && entry.c !== 's' && entry.c !== 'w' && !!entry.f && !!entry.n &&
    history.slice(0, Math.max(0, index)).some(
      (e, k) => e.f === entry.f && e.g !== entry.g && e.n === entry.n && !history.slice(k + 1, Math.max(0, index)).some((x) => changed(x, 'anything')),
    );
  // A page or file whose content is one already read since the last measured progress (the
  // same document under an anchor, a language switch, a redirect, a mirror), new pages read in
  // between or not: judged by what came back, not by its address, it is nothing new.
  const reread =
    !respelled && !failedNow && !!facts && !facts.empty && facts.chars >= config.loop.respelled_min_chars && entry.c === 'r' && !!entry.f && !!entry.n &&
    (() => {
      const before = history.slice(0, Math.max(0, index));
      for (let k = before.length - 1; k >= 0; k--) {
        const e = before[k]!;
        if (e.f === entry.f && e.g !== entry.g && e.c === 'r' && e.n === entry.n) return true;
        if (changed(e, 'measured')) return false;
      }
      return false;
    })();
  if (respelled || reread) {
    if (pr === 'sweep' || pr === 'moved') pr = undefined;
    if (entry.pr === 'new_file') delete entry.pr;
  }
  // A search that brought back the results another spelling of its family brought back since the
  // last change (a reworded web search, the same top hits every time) learnt nothing new; reads in
  // between do not change what the searches answer (loop.search_same).
  if (entry.c === 's' && !failedNow && !!facts && !facts.empty && !facts.nothing && !!entry.f && !!entry.n) {
    const before = history.slice(0, Math.max(0, index));
    for (let k = before.length - 1; k >= 0; k--) {
      const e = before[k]!;
      if (changed(e, 'change')) break;
      if (e.c === 's' && e.f === entry.f && e.g !== entry.g && e.n === entry.n) {
        entry.rs = true;
        break;
      }
    }
  }
  if (entry.pr === 'step' && failedNow && !pr) delete entry.pr;
  if (pr && !entry.pr) entry.pr = pr;
  if (entry.pr && entry.pr !== 'new_file') {
    delete entry.stale;
    return;
  }
  // The same outcome as an earlier run of the group: effort without progress.
  // The same error signature as any earlier failure (another group, another spelling: `npm i`
  // after `npm install`) is the same outcome too; with no output seen, the same exit code in
  // the same family (weak evidence).
  const sameSignature = key !== null && (!!entry.s || weakKey(key)) && history.slice(0, Math.max(0, index)).some((e) => failureKey(e) === key);
  const same = sameSignature || respelled || reread || earlier.some((e) => (key !== null ? failureKey(e) === key : !failed(e) && entry.n !== undefined && e.n === entry.n));
  // A run (a build, a test, a lint) that passes again after a change not seen before verifies
  // that change: a check between edits is work, not a loop (a check that keeps failing the same
  // way is, and so is a read or search that shows the same thing after every change).
  const changedSince = (from: number) => history.slice(from + 1, Math.max(0, index)).some((e) => changed(e, 'change'));
  const verifies = !failedNow && entry.c === 'x' && prev !== undefined && changedSince(history.indexOf(prev));
  // A sweep is judged over the command's family, not its spelling's group: each seed or filter
  // is a spelling of its own (`-p randomly_seed=7`, `--seed 7`).
  // A change in the family is another action, not a sample of this one (`git merge --abort`
  // between two merges that conflict the same way: the abort succeeding is no passing run).
  const family = entry.f ? history.slice(0, Math.max(0, index)).filter((e) => e.f === entry.f && hasOutcome(e) && (e.g === entry.g || !(e.ch || e.mut))) : earlier;
  // Only runs sample a result (a test under a seed): a page read again, or a log looked at
  // while waiting, shows what it showed.
  // A sweep step that passed: the first run of a spelling the family had never run (a new seed, a
  // new level), succeeding with no error line. A parameter explored whose result came out as before
  // is a measurement, not effort without progress: a loop that respells a command keeps failing
  // (the same error in a new spelling is judged above), it does not keep passing.
  // The argument that moves is a number (a seed, a level, a size): a flag added (`--quiet`) is a
  // respelling, not a new point of the sweep.
  const newSpelling = !history.slice(0, Math.max(0, index)).some((e) => e.fp === entry.fp);
  const newPoint = entry.nu !== undefined && !family.some((e) => e.nu === entry.nu);
  const passedStep = same && entry.c === 'x' && !entry.ob && !failedNow && !entry.s && !respelled && newSpelling && newPoint && family.some((e) => e.nu !== undefined);
  const sampled = (same && entry.c === 'x' && !entry.ob && sampling(entry, family)) || passedStep;
  if (sampled && failedNow) entry.sm = true;
  // A sample is no repeat, also when its spelling ran before (its decision counted it as one).
  if (sampled) delete entry.stale;
  // The same error printed with something new around it (another shrunk counterexample, another
  // assertion's values, a debug print): the run taught something, it is not the wall hit again.
  // Judged against the same call only: another spelling echoes other words, so its shape differs anyway.
  const sameFailures = earlier.filter((e) => e.fp === entry.fp && failureKey(e) === key);
  const taught =
    failedNow && !!entry.s && !!entry.sh && key !== null && !weakKey(key) && sameFailures.length > 0 &&
    sameFailures.every((e) => e.sh !== undefined && e.sh !== entry.sh);
  if (same && !entry.ch && !verifies && !sampled && !taught) {
    entry.stale = true;
    // Strong evidence: the same error signature after an attempt that changed (another
    // spelling, or a change in between), not the identical call failing again.
    if (key !== null && entry.s && !weakKey(key)) {
      const last = [...history.slice(0, Math.max(0, index))].reverse().find((e) => failureKey(e) === key);
      if (last && (last.fp !== entry.fp || changedSince(history.indexOf(last)))) entry.st = true;
    }
  }
}

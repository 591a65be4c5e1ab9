/**
 * The session file ledger: the files a session wrote or edited (by any tool, or by bash
 * redirections and copies) and the links it made, so that a later call that runs one is
 * judged by what the file holds, and a write through a link is judged at the link's target.
 * Without it, "write a script, then run it" and "link ~/.bashrc, then write the link" pass as
 * two harmless calls.
 *
 * What is kept is bounded: the last MAX_LEDGER_FILES files, each with the hash of its content
 * and a summary of what that content would do when run (the decision the policy gave it as
 * code, with at most MAX_RISK_RULES rule ids); the content itself only for the newest
 * MAX_KEPT_FILES small files, so that a later append is judged with what it is appended to (an
 * alias or a function in one call, its use in the next).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BashCommand, BashFacts, Facts, NormalizeContext, PathFact } from '../normalize/facts.js';
import { resolvePath } from '../normalize/paths/index.js';
import { CONTENT_FIELDS } from '../normalize/tools/write.js';
import { asRunScript, BUILD_FILES, buildFilesOf, NESTED_BUILD_FILES, SCRIPT_RUNNERS } from '../normalize/bash/knowledge/run-files.js';

export const MAX_LEDGER_FILES = 256;
export const MAX_RISK_RULES = 8;
/** Content past this is not judged (its risk stays unknown: running it asks). */
export const MAX_JUDGED_CONTENT = 64 * 1024;
/** Content at most this long is kept with its entry (for the newest MAX_KEPT_FILES such entries). */
export const MAX_KEPT_CONTENT = 2048;
export const MAX_KEPT_FILES = 16;

/** What the content of a file would do when run: the policy's decision on it as code. */
export interface LedgerRisk {
  d: 'allow' | 'ask' | 'deny';
  rules: string[];
  cats: string[];
}

export interface LedgerEntry {
  /** Absolute path written (or the link made). */
  p: string;
  /** First 16 hex digits of the content's sha256; null when the content was not seen. */
  h: string | null;
  t: number;
  /** null: the content was not seen (a heredoc, a download, a generated file): running it asks. */
  risk: LedgerRisk | null;
  /** For a link the session made: the path it points to. */
  link?: string;
  /** The content, when small and among the newest kept (MAX_KEPT_CONTENT, MAX_KEPT_FILES). */
  c?: string;
}

/** A file a call writes, with its content when statically known. */
export interface LedgerWrite {
  path: string;
  content: string | null;
  /** Copied from this path (cp/mv/install): its ledger entry's risk carries over. */
  from?: string;
  /**
   * The content is added to what the file held (`>>`, an Edit's new text): the file's risk is
   * the worse of its ledger entry's and this content's, so that appending harmless lines never
   * launders what an earlier call wrote.
   */
  append?: boolean;
  /** An edit: the new text replaces part of the file, it is not added at its end. */
  edit?: boolean;
}

/** What the policy sees (input.session.ledger): the ledger entries this call touches. */
export interface LedgerHit {
  path: string;
  how: 'run' | 'write_through_link';
  written_at: number;
  content_known: boolean;
  risk: LedgerRisk | null;
  /** The link's target, resolved, for a write through a link. */
  target?: PathFact;
}

// ---------------------------------------------------------------- content as code

/** Running a file is judged as the script that stands for it (normalize/bash/knowledge/run-files.ts). */
export { asRunScript };

export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------- what a call writes, links and runs

function bashFacts(facts: Facts): BashFacts | null {
  return facts.kind === 'bash' ? facts : null;
}

const COPIERS = new Set(['cp', 'mv', 'install', 'rsync', 'ditto']);

/** Files the call writes, with content when known (Write tool, edits' new text, echo/printf > file). */
export function writesOf(facts: Facts, input: Record<string, unknown>, written?: Readonly<Record<string, string>>): LedgerWrite[] {
  if (facts.kind === 'write') {
    const content = CONTENT_FIELDS.map((name) => input[name]).find((v): v is string => typeof v === 'string') ?? null;
    return facts.paths.filter((p) => !p.dynamic).map((p) => ({ path: p.path, content }));
  }
  if (facts.kind === 'edit') {
    // The new text is what the edit adds; the rest of the file was there before.
    const texts = ['new_string', 'new_str', 'newText', 'new_text', 'content', 'new_source']
      .map((name) => input[name])
      .filter((v): v is string => typeof v === 'string');
    const edits = Array.isArray(input.edits) ? input.edits : [];
    for (const edit of edits.slice(0, 1000)) {
      const text = (edit as Record<string, unknown>)?.new_string ?? (edit as Record<string, unknown>)?.newText;
      if (typeof text === 'string') texts.push(text);
    }
    const patch = typeof input.input === 'string' ? input.input : typeof input.patch === 'string' ? input.patch : null;
    const content = patch !== null ? null : texts.join('\n');
    return facts.paths.filter((p) => !p.dynamic && p.path !== '').map((p) => ({ path: p.path, content, append: true, edit: true }));
  }
  const bash = bashFacts(facts);
  if (!bash) return [];
  // What the call writes is what its effects say it writes (redirections, tee, cp, sed -i,
  // dd, nested `bash -c` …); the content is what the analyzer saw the script write there
  // (`cat > x.sh <<EOF`, `echo … > f`, copies of those), else unknown.
  const modes = new Map<string, Set<string>>();
  for (const e of bash.effects) {
    if (e.type !== 'write' || e.path.dynamic || e.path.path === '') continue;
    const seen = modes.get(e.path.path) ?? new Set<string>();
    seen.add(e.mode);
    modes.set(e.path.path, seen);
  }
  const copies = new Map<string, string>();
  for (const c of bash.commands) {
    if (!COPIERS.has(c.name) || c.operands.length < 2) continue;
    const dest = c.paths.find((p) => p.raw === c.operands[c.operands.length - 1]);
    const source = c.paths.find((p) => p.raw === c.operands[0]);
    if (dest && !dest.dynamic && source && !source.dynamic) copies.set(dest.path, source.path);
    if (dest && !dest.dynamic && !modes.has(dest.path)) modes.set(dest.path, new Set(['create']));
  }
  const out: LedgerWrite[] = [];
  for (const [p, seen] of modes) {
    // An in-place edit (sed -i, dd onto it) changes content the analyzer did not follow.
    const known = seen.has('edit') || seen.has('device') ? undefined : written?.[p];
    const whole = seen.has('create') || seen.has('truncate');
    const from = known === undefined ? copies.get(p) : undefined;
    out.push({ path: p, content: known ?? null, ...(whole || known === undefined ? {} : { append: true }), ...(from ? { from } : {}) });
  }
  return out;
}

/**
 * The part of a call's facts the ledger reads (ledgerView, writesOf, linksOf): the commands
 * that run a file, copy one or make a link, and the write effects. A large call's full facts
 * stay in its analysis worker; the main thread keeps only this (pipeline/slim-facts.ts).
 */
export function ledgerFacts(facts: Facts): Facts {
  const bash = bashFacts(facts);
  if (!bash) return facts;
  const runners = new Set(bash.commands.filter((c) => TEXT_RUNNERS.has(c.name)).map((c) => c.id));
  const fed = bash.flows.filter((f) => runners.has(f.to));
  // What feeds a shell or interpreter its text (runsOf): kept with the flows into it.
  // (only those that read a file: a download piped into a shell is no file of the ledger).
  const readsFile = (c: BashCommand) => c.paths.some((p) => !p.dynamic) || c.redirects.some((r) => !r.write && r.path !== null);
  const feeding = new Set([...fed.map((f) => f.from), ...bash.commands.filter((c) => runners.has(c.id)).flatMap((c) => c.sources ?? [])]);
  const feeders = new Set(bash.commands.filter((c) => feeding.has(c.id) && readsFile(c)).map((c) => c.id));
  const commands = bash.commands.filter(
    (c) =>
      c.path !== null || runners.has(c.id) || feeders.has(c.id) || BUILD_FILES[c.name] !== undefined || NESTED_BUILD_FILES[c.name] !== undefined || COPIERS.has(c.name) || c.name === 'ln',
  );
  const flows = fed.filter((f) => feeders.has(f.from));
  return { ...bash, commands, effects: bash.effects.filter((e) => e.type === 'write'), pipelines: [], flows };
}

/** Links the call makes: `ln [-s] TARGET NAME` (the name, and what it points to). */
export function linksOf(facts: Facts, ctx: NormalizeContext): Array<{ path: string; target: string }> {
  const bash = bashFacts(facts);
  if (!bash) return [];
  const out: Array<{ path: string; target: string }> = [];
  for (const c of bash.commands) {
    if (c.name !== 'ln' || c.operands.length !== 2) continue;
    const [target, name] = c.operands;
    // A relative symlink target is relative to the link's folder; a hard link's to the cwd.
    const at = path.resolve(ctx.cwd, name);
    const to = c.flags.includes('s') || c.flags.includes('--symbolic') ? resolveFrom(path.dirname(at), target, ctx) : resolveFrom(ctx.cwd, target, ctx);
    out.push({ path: at, target: to });
  }
  return out;
}

function resolveFrom(dir: string, raw: string, ctx: NormalizeContext): string {
  return resolvePath(raw, { ...ctx, cwd: dir }).path;
}

/**
 * Paths of the files a bash call would run: scripts given to shells and interpreters, ./x, build
 * files, and a file whose text reaches code that runs it without naming it: a shell or
 * interpreter reading it on stdin (`bash < f`, `cat f | sh`) or given it as its code (`sh -c
 * "$(cat f)"`, `eval "$(< f)"`, `source <(cat f)`).
 */
export function runsOf(facts: Facts, ctx: NormalizeContext): { exact: Set<string>; nested: Array<{ dir: string; names: readonly string[] }> } {
  const exact = new Set<string>();
  const nested: Array<{ dir: string; names: readonly string[] }> = [];
  const bash = bashFacts(facts);
  if (!bash) return { exact, nested };
  const byId = new Map(bash.commands.map((c) => [c.id, c]));
  const feeders = new Map<number, number[]>();
  for (const flow of bash.flows) feeders.set(flow.to, [...(feeders.get(flow.to) ?? []), flow.from]);
  for (const c of bash.commands) {
    runOne(c, bash.cwd || ctx.cwd, exact, nested);
    if (!TEXT_RUNNERS.has(c.name) || c.paths.some((p) => !p.dynamic && !readByRedirect(c, p))) continue;
    for (const p of fedFiles(c, byId, feeders)) exact.add(p);
  }
  return { exact, nested };
}

/** Commands that run text they are handed as code (shells and interpreters with no script file, eval). */
const TEXT_RUNNERS: ReadonlySet<string> = new Set([...SCRIPT_RUNNERS, 'eval', 'exec']);

function readByRedirect(c: BashCommand, p: PathFact): boolean {
  return c.redirects.some((r) => !r.write && r.path?.path === p.path);
}

/** The files whose text reaches `c`: its stdin redirects, and what the commands that feed it (pipe, substitution) read. */
function fedFiles(c: BashCommand, byId: Map<number, BashCommand>, feeders: Map<number, number[]>): string[] {
  const out: string[] = [];
  for (const r of c.redirects) if (!r.write && r.path && !r.path.dynamic) out.push(r.path.path);
  for (const id of new Set([...(c.sources ?? []), ...(feeders.get(c.id) ?? [])])) {
    const from = byId.get(id);
    if (!from) continue;
    for (const p of from.paths) if (!p.dynamic) out.push(p.path);
    for (const r of from.redirects) if (!r.write && r.path && !r.path.dynamic) out.push(r.path.path);
  }
  return out;
}

function runOne(c: BashCommand, cwd: string, exact: Set<string>, nested: Array<{ dir: string; names: readonly string[] }>): void {
  if (c.path) exact.add(path.resolve(cwd, c.path));
  if (SCRIPT_RUNNERS.has(c.name)) for (const p of c.paths) if (!p.dynamic) exact.add(p.path);
  for (const file of buildFilesOf(c.name, c.argv, cwd)) exact.add(file);
  const deep = NESTED_BUILD_FILES[c.name];
  if (deep) nested.push({ dir: cwd, names: deep });
}

/** Write targets of a call, to find writes through links (the Write/Edit paths, bash write targets). */
function writeTargets(facts: Facts): string[] {
  return writesOf(facts, {}).map((w) => w.path);
}

// ---------------------------------------------------------------- the view and the record

/** The ledger entries this call runs or writes through, for input.session.ledger. */
export function ledgerView(files: readonly LedgerEntry[], facts: Facts, ctx: NormalizeContext): LedgerHit[] {
  if (files.length === 0) return [];
  const byPath = new Map(files.map((entry) => [entry.p, entry]));
  const hits: LedgerHit[] = [];
  const { exact, nested } = runsOf(facts, ctx);
  const seen = new Set<string>();
  const hit = (entry: LedgerEntry) => {
    if (seen.has(entry.p) || entry.link) return;
    seen.add(entry.p);
    hits.push({ path: entry.p, how: 'run', written_at: entry.t, content_known: entry.h !== null, risk: entry.risk });
  };
  for (const p of exact) {
    const entry = byPath.get(p);
    if (entry) hit(entry);
  }
  for (const { dir, names } of nested) {
    for (const entry of files) if (names.includes(path.basename(entry.p)) && entry.p.startsWith(dir + '/')) hit(entry);
  }
  const links = files.filter((entry) => entry.link);
  for (const p of writeTargets(facts)) {
    const through = linkUnder(byPath, links, p);
    if (through) {
      hits.push({ path: p, how: 'write_through_link', written_at: through.entry.t, content_known: false, risk: null, target: resolvePath(through.target, ctx) });
    }
  }
  return hits;
}

/**
 * The link a write goes through: the path itself is a link the session made, or lies under one
 * (`ln -s ~/.claude cfg`, then a write of cfg/settings.json lands on ~/.claude/settings.json).
 */
function linkUnder(byPath: Map<string, LedgerEntry>, links: readonly LedgerEntry[], p: string): { entry: LedgerEntry; target: string } | null {
  const exact = byPath.get(p);
  if (exact?.link) return { entry: exact, target: exact.link };
  for (const entry of links) {
    if (p.startsWith(entry.p + '/')) return { entry, target: entry.link + p.slice(entry.p.length) };
  }
  return null;
}

/** The ledger with a call's writes and links added (same path: replaced), bounded to the last MAX_LEDGER_FILES. */
export function recordLedger(files: readonly LedgerEntry[], added: readonly LedgerEntry[]): LedgerEntry[] {
  if (added.length === 0) return [...files];
  const replaced = new Set(added.map((entry) => entry.p));
  const kept = files.filter((entry) => !replaced.has(entry.p));
  const out = [...kept, ...added].slice(-MAX_LEDGER_FILES);
  // Only the newest MAX_KEPT_FILES keep their content: the session state stays small.
  let withContent = 0;
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]!.c === undefined) continue;
    if (++withContent > MAX_KEPT_FILES) {
      const { c: _dropped, ...rest } = out[i]!;
      out[i] = rest;
    }
  }
  return out;
}

/** The risk a copy inherits from its source, when the session wrote the source. */
export function copiedRisk(files: readonly LedgerEntry[], from: string | undefined): LedgerEntry | undefined {
  return from === undefined ? undefined : files.find((entry) => entry.p === from);
}

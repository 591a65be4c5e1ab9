/**
 * The session file ledger: the files a session wrote or edited (by any tool, or by bash
 * redirections and copies) and the links it made, so that a later call that runs one is
 * judged by what the file holds, and a write through a link is judged at the link's target.
 * Without it, "write a script, then run it" and "link ~/.bashrc, then write the link" pass as
 * two harmless calls.
 *
 * What is kept is bounded: the last MAX_LEDGER_FILES files, each with the hash of its content
 * and a summary of what that content would do when run (the decision the policy gave it as
 * code, with at most MAX_RISK_RULES rule ids), never the content itself.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BashCommand, BashFacts, Facts, NormalizeContext, PathFact } from '../normalize/facts.js';
import { resolvePath } from '../normalize/paths/index.js';
import { staticOutput } from '../normalize/bash/static-output.js';
import { CONTENT_FIELDS } from '../normalize/tools/write.js';

export const MAX_LEDGER_FILES = 256;
export const MAX_RISK_RULES = 8;
/** Content past this is not judged (its risk stays unknown: running it asks). */
export const MAX_JUDGED_CONTENT = 64 * 1024;

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
}

/** A file a call writes, with its content when statically known. */
export interface LedgerWrite {
  path: string;
  content: string | null;
  /** Copied from this path (cp/mv/install): its ledger entry's risk carries over. */
  from?: string;
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

// ---------------------------------------------------------------- knowledge (tables)

/** Commands whose path operands are scripts they run (`bash x.sh`, `source x`, `python x.py`). */
const SCRIPT_RUNNERS = new Set([
  'bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'source', '.', 'python', 'python2', 'python3', 'pypy3', 'node', 'nodejs',
  'deno', 'bun', 'tsx', 'ts-node', 'ruby', 'perl', 'php', 'lua', 'Rscript', 'awk', 'make', 'gmake', 'just', 'pytest',
]);

/** Build and test runners, and the files in the cwd whose content they run. */
const BUILD_FILES: Record<string, readonly string[]> = {
  make: ['Makefile', 'makefile', 'GNUmakefile'],
  gmake: ['Makefile', 'makefile', 'GNUmakefile'],
  just: ['justfile', 'Justfile', '.justfile'],
  npm: ['package.json'],
  pnpm: ['package.json'],
  yarn: ['package.json'],
  bun: ['package.json'],
  npx: ['package.json'],
  pytest: ['conftest.py', 'pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini'],
  tox: ['tox.ini'],
  rake: ['Rakefile'],
};

/** pytest also loads every conftest.py under the folders it collects. */
const NESTED_BUILD_FILES: Record<string, readonly string[]> = { pytest: ['conftest.py'] };

/** How a file's content runs, by name: the command that stands for running it. */
const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.py': 'python3', '.js': 'node', '.mjs': 'node', '.cjs': 'node', '.ts': 'node', '.rb': 'ruby', '.pl': 'perl', '.php': 'php',
};
const SHEBANG_LANGUAGES: Array<[RegExp, string]> = [
  [/python/, 'python3'], [/node|deno|bun/, 'node'], [/ruby/, 'ruby'], [/perl/, 'perl'], [/php/, 'php'],
];
const INLINE_FLAG: Record<string, string> = { python3: '-c', node: '-e', ruby: '-e', perl: '-e', php: '-r' };

// ---------------------------------------------------------------- content as code

/** `'…'` quoting for putting content in a command line. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The shell script that stands for running a file with this content: the content itself for a
 * shell script, `python3 -c '<content>'` for Python, the recipes of a Makefile or justfile, the
 * scripts of a package.json. The policy judges it like any bash call.
 */
export function asRunScript(file: string, content: string): string {
  const base = path.basename(file);
  if (base === 'package.json') {
    try {
      const scripts = (JSON.parse(content) as { scripts?: Record<string, unknown> }).scripts ?? {};
      return Object.values(scripts).filter((v): v is string => typeof v === 'string').join('\n');
    } catch {
      return content;
    }
  }
  if (/^(GNUmakefile|makefile|Makefile|.*\.mk)$/.test(base) || /^\.?[jJ]ustfile$/.test(base)) {
    // Recipe lines: indented; make's @ and - prefixes are not part of the command.
    return content
      .split('\n')
      .filter((line) => /^[\t ]+\S/.test(line))
      .map((line) => line.trim().replace(/^[@-]+/, ''))
      .join('\n');
  }
  const shebang = /^#!([^\n]*)/.exec(content)?.[1] ?? '';
  const language = SHEBANG_LANGUAGES.find(([pattern]) => pattern.test(shebang))?.[1] ?? (shebang ? null : LANGUAGE_BY_EXTENSION[path.extname(base)]);
  return language ? `${language} ${INLINE_FLAG[language]} ${quote(content)}` : content;
}

export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------- what a call writes, links and runs

function bashFacts(facts: Facts): BashFacts | null {
  return facts.kind === 'bash' ? facts : null;
}

const COPIERS = new Set(['cp', 'mv', 'install', 'rsync', 'ditto']);
const ALL_OPERAND_WRITERS = new Set(['tee', 'touch', 'truncate']);

/** Files the call writes, with content when known (Write tool, edits' new text, echo/printf > file). */
export function writesOf(facts: Facts, input: Record<string, unknown>): LedgerWrite[] {
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
    return facts.paths.filter((p) => !p.dynamic && p.path !== '').map((p) => ({ path: p.path, content }));
  }
  const bash = bashFacts(facts);
  if (!bash) return [];
  const out: LedgerWrite[] = [];
  for (const c of bash.commands) {
    const written = c.redirects.filter((r) => r.write && r.path && !r.path.dynamic).map((r) => r.path!.path);
    if (written.length > 0) {
      const output = c.redirects.some((r) => r.op.startsWith('<')) ? null : staticOutput(c.name, c.args, null);
      for (const p of written) out.push({ path: p, content: output?.text ?? null });
    }
    if (COPIERS.has(c.name) && c.operands.length >= 2) {
      const dest = c.paths.find((p) => p.raw === c.operands[c.operands.length - 1]);
      const source = c.paths.find((p) => p.raw === c.operands[0]);
      if (dest && !dest.dynamic) out.push({ path: dest.path, content: null, ...(source ? { from: source.path } : {}) });
    }
    if (ALL_OPERAND_WRITERS.has(c.name)) for (const p of c.paths) if (!p.dynamic) out.push({ path: p.path, content: null });
  }
  return out;
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

/** Paths of the files a bash call would run: scripts given to shells and interpreters, ./x, build files. */
export function runsOf(facts: Facts, ctx: NormalizeContext): { exact: Set<string>; nested: Array<{ dir: string; names: readonly string[] }> } {
  const exact = new Set<string>();
  const nested: Array<{ dir: string; names: readonly string[] }> = [];
  const bash = bashFacts(facts);
  if (!bash) return { exact, nested };
  for (const c of bash.commands) runOne(c, bash.cwd || ctx.cwd, exact, nested);
  return { exact, nested };
}

function runOne(c: BashCommand, cwd: string, exact: Set<string>, nested: Array<{ dir: string; names: readonly string[] }>): void {
  if (c.path) exact.add(path.resolve(cwd, c.path));
  if (SCRIPT_RUNNERS.has(c.name)) for (const p of c.paths) if (!p.dynamic) exact.add(p.path);
  const build = BUILD_FILES[c.name];
  if (build) for (const name of build) exact.add(path.join(cwd, name));
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
  for (const p of writeTargets(facts)) {
    const entry = byPath.get(p);
    if (entry?.link) {
      hits.push({ path: p, how: 'write_through_link', written_at: entry.t, content_known: false, risk: null, target: resolvePath(entry.link, ctx) });
    }
  }
  return hits;
}

/** The ledger with a call's writes and links added (same path: replaced), bounded to the last MAX_LEDGER_FILES. */
export function recordLedger(files: readonly LedgerEntry[], added: readonly LedgerEntry[]): LedgerEntry[] {
  if (added.length === 0) return [...files];
  const replaced = new Set(added.map((entry) => entry.p));
  const kept = files.filter((entry) => !replaced.has(entry.p));
  return [...kept, ...added].slice(-MAX_LEDGER_FILES);
}

/** The risk a copy inherits from its source, when the session wrote the source. */
export function copiedRisk(files: readonly LedgerEntry[], from: string | undefined): LedgerEntry | undefined {
  return from === undefined ? undefined : files.find((entry) => entry.p === from);
}

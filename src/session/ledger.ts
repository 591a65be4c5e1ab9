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
import type { BashCommand, BashFacts, Facts, NormalizeContext, PathFact, SecretFinding } from '../normalize/facts.js';
import type { Effect } from '../normalize/effects.js';
import type { UrlFact } from '../normalize/places.js';
import { findVerb } from '../normalize/tools/verbs.js';
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
/** Data sources kept per entry (what flowed into the file: see LedgerEntry.s). */
export const MAX_ENTRY_SOURCES = 12;
/** Files staged by `git add` kept at most (entries marked g), besides the files written. */
export const MAX_STAGED = 32;

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
  /**
   * The data sources that flowed into the file (the effects' spelling: `file:<path>`,
   * `env:<NAME>`, `secret:<type>`, `reveal:<what>`), at most MAX_ENTRY_SOURCES: a later call that
   * sends the file sends them. Whether one is secret material the policy decides (fx.secret_source).
   */
  s?: string[];
  /** The address the file was downloaded from (curl -o, wget -O, pip download -d): running or installing it later runs fetched code. */
  u?: string;
  /** Staged by `git add` in this session (a later push publishes it). */
  g?: true;
  /** Only staged: a file the session named to `git add` but did not write (never a script it wrote). */
  k?: 'staged';
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
  /** The data sources that flow into the file in this call (LedgerEntry.s). */
  sources?: string[];
  /** Downloaded from this address in this call (LedgerEntry.u). */
  fetched?: string;
}

/** What the policy sees (input.session.ledger): the ledger entries this call touches. */
export interface LedgerHit {
  path: string;
  /**
   * run: the call runs the file; write_through_link: it writes through a link the session made;
   * send: it sends the file (an upload, a request body, an MCP tool that sends and names it) to
   * `sink`; publish: a push carries the file a `git add` of this session staged; install: a
   * package manager installs the file, downloaded in this session.
   */
  how: 'run' | 'write_through_link' | 'send' | 'publish' | 'install';
  written_at: number;
  content_known: boolean;
  risk: LedgerRisk | null;
  /** The link's target, resolved, for a write through a link. */
  target?: PathFact;
  /** What flowed into the file (LedgerEntry.s), plus the file itself: for send and publish. */
  carries?: string[];
  /** Where it goes (send, publish): the send effect's sink and url. */
  sink?: string;
  url?: UrlFact | null;
  /** Where the file was downloaded from (LedgerEntry.u), for run and install. */
  fetched?: string;
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
    const flowed = boundSources(callSources(facts));
    return facts.paths.filter((p) => !p.dynamic).map((p) => ({ path: p.path, content, ...(flowed.length > 0 ? { sources: flowed } : {}) }));
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
    const flowed = boundSources(secretsOf(facts).map((f) => `secret:${f.type}`));
    return facts.paths.filter((p) => !p.dynamic && p.path !== '').map((p) => ({ path: p.path, content, append: true, edit: true, ...(flowed.length > 0 ? { sources: flowed } : {}) }));
  }
  const bash = bashFacts(facts);
  if (!bash) return [];
  const sources = callSources(facts);
  const fetched = downloadsOf(bash);
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
  // A package fetcher's folder: no write effect names it, the ledger still marks what lands there.
  for (const p of fetched.keys()) if (!modes.has(p)) modes.set(p, new Set(['create']));
  const out: LedgerWrite[] = [];
  for (const [p, seen] of modes) {
    // An in-place edit (sed -i, dd onto it) changes content the analyzer did not follow.
    const known = seen.has('edit') || seen.has('device') ? undefined : written?.[p];
    const whole = seen.has('create') || seen.has('truncate');
    const from = known === undefined ? copies.get(p) : undefined;
    const flowed = boundSources([...(copies.has(p) ? [`file:${copies.get(p)}`] : []), ...sources]);
    const url = fetched.get(p);
    out.push({
      path: p,
      content: known ?? null,
      ...(whole || known === undefined ? {} : { append: true }),
      ...(from ? { from } : {}),
      ...(flowed.length > 0 ? { sources: flowed } : {}),
      ...(url !== undefined ? { fetched: url } : {}),
    });
  }
  return out;
}

// ---------------------------------------------------------------- what flows into a file

/**
 * The data sources of a call, any of which may end in what it writes: the files it reads, the
 * variables it names, what it sends on, what a program printed of a stored credential, secrets in
 * its text. Per call, not per file (`grep -c x .env > n.txt` marks n.txt too): over, never under,
 * and only ever read when the file is sent later. Names that look like credentials come first,
 * so that padding a call with reads does not push them past MAX_ENTRY_SOURCES.
 */
export function callSources(facts: Facts): string[] {
  const out = new Set<string>();
  for (const s of secretsOf(facts)) out.add(`secret:${s.type}`);
  for (const e of facts.effects ?? []) {
    if (e.type === 'read' && !e.path.dynamic && e.path.path !== '') out.add(`file:${e.path.path}`);
    else if (e.type === 'send') {
      for (const source of e.sources) if (/^(?:file|env|secret|reveal|page):/.test(source)) out.add(source);
    } else if (e.type === 'reveal') out.add(`reveal:${e.secret}`);
  }
  const bash = bashFacts(facts);
  if (bash) for (const c of bash.commands) for (const v of c.env_vars) out.add(`env:${v}`);
  return [...out];
}

/** Words that mark a source as likely credential material: kept first when sources are cut. */
const LIKELY_SECRET = /secret|token|key|cred|pass|auth|\.env|netrc|npmrc|pgpass|id_|\.pem|\.p12|\.aws|\.ssh|\.gnupg|kube|docker\/config|^secret:|^reveal:|^page:|^env:\*/i;

function boundSources(sources: readonly string[]): string[] {
  const unique = [...new Set(sources)];
  return [...unique.filter((s) => LIKELY_SECRET.test(s)), ...unique.filter((s) => !LIKELY_SECRET.test(s))].slice(0, MAX_ENTRY_SOURCES);
}

function secretsOf(facts: Facts): SecretFinding[] {
  const found = (facts as { secrets?: unknown }).secrets;
  return Array.isArray(found) ? (found as SecretFinding[]) : [];
}

/** Programs whose connections fetch a tree of code, not a file (a clone is built, not run as fetched: docs/detection.md). */
const TREE_FETCHERS: ReadonlySet<string> = new Set(['git', 'hg', 'svn', 'gh', 'glab']);

/**
 * Package fetchers that save what they download to a folder (the one their option names, else
 * the working folder): the archives there are downloads, however they are named.
 */
export const PACKAGE_DOWNLOADERS: ReadonlyArray<{ program: string; sub: string; dest: readonly string[] }> = [
  { program: 'pip', sub: 'download', dest: ['-d', '--dest', '--destination-directory'] },
  { program: 'pip3', sub: 'download', dest: ['-d', '--dest', '--destination-directory'] },
  { program: 'pip', sub: 'wheel', dest: ['-w', '--wheel-dir'] },
  { program: 'pip3', sub: 'wheel', dest: ['-w', '--wheel-dir'] },
  { program: 'npm', sub: 'pack', dest: ['--pack-destination'] },
  { program: 'gem', sub: 'fetch', dest: [] },
  { program: 'apt-get', sub: 'download', dest: [] },
  { program: 'apt', sub: 'download', dest: [] },
];

/** Archive names a package manager installs from a local path. */
const PACKAGE_ARCHIVE = /\.(?:whl|tar\.gz|tgz|zip|tar\.bz2|gem|deb|rpm|egg|crate|nupkg|jar)$/i;

/**
 * Files (and download folders) this call fills from the network: a write by a command that
 * also connects (curl -o, wget -O, aria2c), or a package fetcher's destination folder. The value
 * is the address fetched (or the command line, for a package fetcher).
 */
function downloadsOf(bash: BashFacts): Map<string, string> {
  const out = new Map<string, string>();
  const urlOf = new Map<number, string>();
  for (const e of bash.effects) if (e.type === 'connect' && !e.listen && e.command !== null && e.url !== null) urlOf.set(e.command, e.url.raw);
  const nameOf = new Map(bash.commands.map((c) => [c.id, c.name]));
  for (const e of bash.effects) {
    if (e.type !== 'write' || e.command === null || e.path.dynamic || e.path.path === '') continue;
    const url = urlOf.get(e.command);
    if (url !== undefined && !TREE_FETCHERS.has(nameOf.get(e.command) ?? '')) out.set(e.path.path, url);
  }
  for (const c of bash.commands) {
    const spec = PACKAGE_DOWNLOADERS.find((d) => d.program === c.name && c.operands[0] === d.sub);
    if (!spec) continue;
    const i = c.argv.findIndex((a) => spec.dest.includes(a) || spec.dest.some((d) => d.startsWith('--') && a.startsWith(`${d}=`)));
    const raw = i < 0 ? '.' : c.argv[i]!.includes('=') ? c.argv[i]!.slice(c.argv[i]!.indexOf('=') + 1) : (c.argv[i + 1] ?? '.');
    out.set(`${path.resolve(bash.cwd || '/', raw)}/`, `${c.name} ${c.operands.join(' ')}`.slice(0, 200));
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
  // What the file taint reads: sources (reads, sends, reveals), downloads (connects), installs, git add and push.
  const kinds = new Set(['write', 'read', 'send', 'connect', 'install', 'reveal']);
  const kept = new Set(commands.map((c) => c.id));
  const more = bash.commands.filter((c) => !kept.has(c.id) && (c.name === 'git' || c.env_vars.length > 0 || PACKAGE_DOWNLOADERS.some((d) => d.program === c.name)));
  return { ...bash, commands: [...commands, ...more].sort((a, b) => a.id - b.id), effects: bash.effects.filter((e) => kinds.has(e.type)), pipelines: [], flows };
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

/** The ledger entries this call runs, writes through, sends, pushes or installs, for input.session.ledger. */
export function ledgerView(files: readonly LedgerEntry[], facts: Facts, ctx: NormalizeContext, tool = ''): LedgerHit[] {
  if (files.length === 0) return [];
  const byPath = new Map(files.map((entry) => [entry.p, entry]));
  const hits: LedgerHit[] = [];
  const { exact, nested } = runsOf(facts, ctx);
  const seen = new Set<string>();
  const hit = (entry: LedgerEntry) => {
    if (seen.has(entry.p) || entry.link || entry.k === 'staged') return;
    seen.add(entry.p);
    hits.push({ path: entry.p, how: 'run', written_at: entry.t, content_known: entry.h !== null, risk: entry.risk, ...(entry.u !== undefined ? { fetched: entry.u } : {}) });
  };
  for (const p of exact) {
    const entry = byPath.get(p);
    if (entry) hit(entry);
  }
  for (const { dir, names } of nested) {
    for (const entry of files) if (names.includes(path.basename(entry.p)) && entry.p.startsWith(dir + '/')) hit(entry);
  }
  hits.push(...sendHits(byPath, facts, tool), ...publishHits(files, facts, ctx), ...installHits(files, facts, ctx));
  const links = files.filter((entry) => entry.link);
  for (const p of writeTargets(facts)) {
    const through = linkUnder(byPath, links, p);
    if (through) {
      hits.push({ path: p, how: 'write_through_link', written_at: through.entry.t, content_known: false, risk: null, target: resolvePath(through.target, ctx) });
    }
  }
  return hits;
}

/** What a file carries when it leaves: what flowed into it, and the file itself (a credential path sent by name). */
function carried(entry: LedgerEntry): string[] {
  return [...new Set([...(entry.s ?? []), `file:${entry.p}`])];
}

/**
 * Files of the ledger a call sends: a send effect's `file:` source (an upload, a request body, a
 * file given to scp or nc), and, for a tool that is not bash, a file it names when it sends
 * (an MCP upload or message with an attachment path, a fetch tool with a body file).
 */
function sendHits(byPath: Map<string, LedgerEntry>, facts: Facts, tool: string): LedgerHit[] {
  const hits: LedgerHit[] = [];
  const effects = facts.effects ?? [];
  const seen = new Set<string>();
  const add = (entry: LedgerEntry, sink: string, url: UrlFact | null) => {
    if (entry.link || entry.s === undefined || seen.has(`${entry.p}\0${sink}`)) return;
    seen.add(`${entry.p}\0${sink}`);
    hits.push({ path: entry.p, how: 'send', written_at: entry.t, content_known: entry.h !== null, risk: entry.risk, carries: carried(entry), sink, url });
  };
  const sends = effects.filter((e): e is Extract<Effect, { type: 'send' }> => e.type === 'send');
  for (const e of sends) {
    for (const source of e.sources) {
      const entry = source.startsWith('file:') ? byPath.get(source.slice(5)) : undefined;
      if (entry) add(entry, e.sink, e.url);
    }
  }
  if (facts.kind !== 'bash' && (sends.length > 0 || findVerb(tool)?.effect === 'send')) {
    const sink = sends[0]?.sink ?? (tool || 'tool');
    for (const e of effects) {
      if (e.type !== 'read') continue;
      const entry = byPath.get(e.path.path);
      if (entry) add(entry, sink, sends[0]?.url ?? null);
    }
  }
  return hits;
}

/** The git commands of a bash call: `git [-C dir] SUB …`, with the folder they work in. */
function gitCommands(facts: Facts, ctx: NormalizeContext): Array<{ c: BashCommand; sub: string; dir: string; rest: string[] }> {
  const bash = bashFacts(facts);
  if (!bash) return [];
  const out: Array<{ c: BashCommand; sub: string; dir: string; rest: string[] }> = [];
  for (const c of bash.commands) {
    if (c.name !== 'git' || c.operands.length === 0) continue;
    const at = c.argv.indexOf('-C');
    const dir = at > 0 && c.argv[at + 1] !== undefined ? path.resolve(bash.cwd || ctx.cwd, c.argv[at + 1]!) : bash.cwd || ctx.cwd;
    out.push({ c, sub: c.operands[0]!, dir, rest: c.operands.slice(1) });
  }
  return out;
}

/** The entry lies in the checkout a git command works in (under its folder, or beside a parent of it). */
function inCheckout(entry: LedgerEntry, dir: string): boolean {
  return entry.p.startsWith(dir + '/') || dir.startsWith(path.dirname(entry.p) + '/') || dir === path.dirname(entry.p);
}

/** A push in this call carries what a `git add` of this session staged in its checkout. */
function publishHits(files: readonly LedgerEntry[], facts: Facts, ctx: NormalizeContext): LedgerHit[] {
  const hits: LedgerHit[] = [];
  for (const { sub, dir, rest } of gitCommands(facts, ctx)) {
    if (sub !== 'push') continue;
    const sink = `git-remote:${rest.find((w) => !w.startsWith('-')) ?? 'origin'}`;
    for (const entry of files) {
      if (entry.g !== true || !inCheckout(entry, dir)) continue;
      hits.push({ path: entry.p, how: 'publish', written_at: entry.t, content_known: entry.h !== null, risk: entry.risk, carries: carried(entry), sink, url: null });
    }
  }
  return hits;
}

/** A package manager given a file (or an archive in a folder) this session downloaded. */
function installHits(files: readonly LedgerEntry[], facts: Facts, ctx: NormalizeContext): LedgerHit[] {
  const hits: LedgerHit[] = [];
  const cwd = bashFacts(facts)?.cwd || ctx.cwd;
  const fetched = files.filter((entry) => entry.u !== undefined);
  if (fetched.length === 0) return hits;
  for (const e of facts.effects ?? []) {
    if (e.type !== 'install') continue;
    for (const pkg of e.packages) {
      if (/^[a-z][\w+.-]*:\/\//i.test(pkg) || !(pkg.includes('/') || PACKAGE_ARCHIVE.test(pkg))) continue;
      const at = path.resolve(cwd, pkg);
      const entry = fetched.find((f) => f.p === at || (f.p.endsWith('/') && at.startsWith(f.p) && PACKAGE_ARCHIVE.test(at)));
      if (entry) hits.push({ path: at, how: 'install', written_at: entry.t, content_known: false, risk: null, fetched: entry.u! });
    }
  }
  return hits;
}

/**
 * What this call's `git add`, `git reset`, `git restore --staged` and `git rm --cached` do to the
 * staged marks: entries to record (this call's new entries first, then the ledger's). `git add .`,
 * `-A`, `-u` stage every file of the ledger in the checkout (a file the session filled with a
 * secret among them); a named path is staged whether or not the session wrote it.
 */
export function stagedEntries(files: readonly LedgerEntry[], added: readonly LedgerEntry[], facts: Facts, ctx: NormalizeContext, now: number): LedgerEntry[] {
  const out = new Map<string, LedgerEntry>();
  const current = (p: string) => out.get(p) ?? added.find((e) => e.p === p) ?? files.find((e) => e.p === p);
  for (const { c, sub, dir, rest } of gitCommands(facts, ctx)) {
    const named = rest.filter((w) => !w.startsWith('-') && w !== '--');
    const all = named.length === 0 || named.some((w) => w === '.' || w === ':/' || w === '*') || c.argv.some((a) => a === '-A' || a === '--all' || a === '-u' || a === '--update');
    if (sub === 'add') {
      if (all) {
        for (const entry of [...added, ...files]) if (!entry.link && entry.k === undefined && inCheckout(entry, dir) && entry.s !== undefined) out.set(entry.p, { ...current(entry.p)!, g: true });
      }
      for (const w of named) {
        if (w === '.' || w === ':/' || w === '*') continue;
        const p = path.resolve(dir, w);
        const entry = current(p);
        out.set(p, entry ? { ...entry, g: true } : { p, h: null, t: now, risk: null, g: true, k: 'staged', s: [] });
      }
    } else if (sub === 'reset' || (sub === 'restore' && c.argv.some((a) => a === '--staged' || a === '-S')) || (sub === 'rm' && c.argv.includes('--cached'))) {
      const paths = named.filter((w) => w !== 'HEAD' && !/^[0-9a-f]{7,40}$/.test(w)).map((w) => path.resolve(dir, w));
      for (const entry of [...added, ...files]) {
        if (entry.g !== true || (paths.length > 0 ? !paths.includes(entry.p) : !inCheckout(entry, dir))) continue;
        const { g: _unstaged, ...rest2 } = current(entry.p)!;
        out.set(entry.p, rest2);
      }
    }
  }
  return [...out.values()];
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
  let all = [...kept, ...added];
  // Staged-only marks are bounded apart (MAX_STAGED): naming files to `git add` never pushes the
  // scripts the session wrote out of the ledger.
  const staged = all.filter((entry) => entry.k === 'staged');
  if (staged.length > MAX_STAGED) {
    const dropped = new Set(staged.slice(0, staged.length - MAX_STAGED));
    all = all.filter((entry) => !dropped.has(entry));
  }
  const out = all.slice(-MAX_LEDGER_FILES);
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

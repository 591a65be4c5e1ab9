/**
 * Effects of the non-bash tools, the same types the bash producer states: the Write tool
 * and a `>` redirect are both `write(path, create)`, Read and `cat` both `read(path)`, a
 * fetch is `connect` (and `send` when it carries data or secrets), a message is `send`.
 * MCP and other tools are read by the verb in their name (verbs.ts).
 */
import type { Effect } from '../effects.js';
import type { PathFact, SecretFinding, UrlFact } from '../facts.js';
import { findVerb, type ToolVerb } from './verbs.js';
import { readsStoredCode } from './stored.js';
import { changeEffect } from './changes.js';

const MAX_CONTENT = 4096;

export function producer(kind: string): { producer: string; command: null } {
  return { producer: `tool:${kind}`, command: null };
}

export function secretSources(secrets: SecretFinding[]): string[] {
  return [...new Set(secrets.map((s) => `secret:${s.type}`))].sort();
}

export function readEffects(paths: PathFact[], kind = 'read'): Effect[] {
  return paths.map((path) => ({ ...producer(kind), type: 'read', path }));
}

export function writeEffects(paths: PathFact[], mode: 'create' | 'edit', content: string | null, kind: string): Effect[] {
  const bounded = content === null ? null : content.slice(0, MAX_CONTENT);
  return paths.map((path) => ({ ...producer(kind), type: 'write', path, mode, content: bounded, ...(readsStoredCode(path, content) ? { run_file: true as const } : {}) }));
}

export function fetchEffects(url: UrlFact, method: string, hasBody: boolean, secrets: SecretFinding[], kind = 'web_fetch'): Effect[] {
  if (!url.valid) return [{ ...producer(kind), type: 'unknown', reason: 'invalid_url' }];
  // The method, when not the default GET/POST, as the bash and code producers state it: a DELETE
  // or an authenticated PUT is judged alike from every client (effects/destructive_remote.rego).
  const stated = ['GET', 'POST', 'HEAD', 'OPTIONS'].includes(method) ? {} : { method: method.slice(0, 16) };
  const out: Effect[] = [{ ...producer(kind), type: 'connect', host: url.host, port: url.port, url, listen: false, shell: false, ...stated }];
  const sources = secretSources(secrets);
  if (url.secret_params.length > 0) sources.push(...url.secret_params.map((p) => `query:${p}`));
  if (hasBody || sources.length > 0 || !['GET', 'HEAD', 'OPTIONS'].includes(method)) {
    out.push({ ...producer(kind), type: 'send', sink: url.raw, url, sources: hasBody ? [...sources, 'body'] : sources });
  }
  return out;
}

/** An MCP or other tool's verb (verbs.ts), or undefined when its name has none. */
export function toolVerb(name: string): ToolVerb | undefined {
  return findVerb(name);
}

/** What the input says of one of its paths: the field it came from and the content written to it. */
export interface PathRole {
  /** Named by a path field (`path`, `files`, `repo_path`), not merely looking like a path. */
  keyed: boolean;
  /** Named as what a move takes away (`source`, `from`, `old_path`). */
  source: boolean;
  /** The content the input pairs with it (`{path, content}`, `files: [{path, content}]`), when given. */
  content: string | null;
  /** Given under a field that names a record (`repo: "acme/api"`, `project_id: "group/app"`): a name, not a file. */
  named?: boolean;
  /** Under a key that names a revision (`branch: "feat/x"`, `sha`, `tag`): a name, read, never a file written. */
  revision?: boolean;
  /** Given under a field that says where the tool works (`cwd`, `working_dir`, `repo_path`): a delete there removes something else (a branch, a stack), not the folder. */
  context?: boolean;
}

/**
 * An MCP or other tool: its verb says whether its paths are deleted, written or read; its URLs
 * are connections. A tool that runs a command line it is given (`commandLine`: the bash
 * producer's effects of its command/cmd/script field) does what that command line does; one
 * that runs something it was not given as a command line is unknown. A move removes its source
 * and writes its destination; a path paired with content is written with that content.
 */
export function otherEffects(
  name: string,
  paths: PathFact[],
  urls: UrlFact[],
  secrets: SecretFinding[],
  truncated: boolean,
  commandLine: Effect[] | null = null,
  roles: ReadonlyMap<PathFact, PathRole> = new Map(),
  forced = false,
  verb: ToolVerb | undefined = toolVerb(name),
  input: Record<string, unknown> = {},
): Effect[] {
  const kind = 'other';
  const out: Effect[] = [];
  for (const path of paths) {
    const role = roles.get(path) ?? { keyed: true, source: false, content: null };
    // A tool that adds a record elsewhere (create_pull_request {head: "fix/x"}) writes the
    // paths of its path fields; a value that merely looks like a path is only named (read).
    if ((verb?.verb === 'create' || verb?.namesOnly === true || role.revision === true || (verb?.change === true && role.named === true)) && !role.keyed) {
      out.push({ ...producer(kind), type: 'read', path });
      continue;
    }
    // A write or delete whose target only looks like a path (`ref: "heads/main"`, `apiVersion:
    // "apps/v1"`) may change something else entirely: the path is stated for the rules that
    // protect it, and the call is not fully understood.
    if ((verb?.effect === 'delete' || verb?.effect === 'write') && !role.keyed && !out.some((e) => e.type === 'unknown')) {
      out.push({ ...producer(kind), type: 'unknown', reason: 'target_not_a_path_field' });
    }
    if (verb?.copies === true && role.source) out.push({ ...producer(kind), type: 'read', path });
    else if (verb?.effect === 'delete' && role.context === true) out.push({ ...producer(kind), type: 'read', path });
    else if (verb?.moves === true && role.source) out.push({ ...producer(kind), type: 'delete', path, recursive: verb.recursive === true, move: true });
    else if (verb?.effect === 'delete') out.push({ ...producer(kind), type: 'delete', path, recursive: verb.recursive === true });
    else if (verb?.effect === 'write') {
      const content = role.content === null ? null : role.content.slice(0, MAX_CONTENT);
      const runFile = readsStoredCode(path, role.content) ? { run_file: true as const } : {};
      out.push({ ...producer(kind), type: 'write', path, mode: content === null ? 'edit' : 'create', content, ...runFile });
    } else if (verb?.effect === 'exec') out.push({ ...producer(kind), type: 'exec', program: name, argv: [], language: null, code: null, origin: 'tool', script: path });
    else out.push({ ...producer(kind), type: 'read', path });
  }
  for (const url of urls) {
    if (url.scheme === 'file') continue;
    out.push({ ...producer(kind), type: 'connect', host: url.host, port: url.port, url, listen: false, shell: false });
    if (verb?.effect === 'send' || secrets.length > 0) out.push({ ...producer(kind), type: 'send', sink: url.raw, url, sources: secretSources(secrets) });
  }
  // A record changed in place that no file names (an issue closed, a container stopped): a change
  // whose reversibility its object and input decide (changes.ts).
  if (verb?.change === true && commandLine === null && !out.some((e) => e.type === 'write' || e.type === 'delete' || e.type === 'unknown')) {
    out.push(changeEffect(name, verb, input));
  }
  if (commandLine !== null) out.push(...commandLine);
  else if (verb?.effect === 'exec') out.push({ ...producer(kind), type: 'unknown', reason: 'tool_runs_command' });
  if (truncated) out.push({ ...producer(kind), type: 'unknown', reason: 'input_truncated' });
  if (forced && (verb?.effect === 'delete' || verb?.effect === 'write')) out.push({ ...producer(kind), type: 'unknown', reason: 'forced' });
  return out;
}

/** Input flags that override a safety check of the tool (`force: true`, `no_verify`): what they skip is not seen. */
export const FORCE_KEYS = /^(?:force|forced|force_push|forcePush|no_?verify|noVerify|skip_?checks|skipChecks|allow_?empty_?protection|hard|admin|bypass_?\w*)$/i;

/** A mode field whose value throws work away (`git_reset {mode: "hard"}`): forced as much as `hard: true`. */
const FORCE_MODES: readonly [RegExp, ReadonlySet<string>][] = [[/^(?:mode|reset_?mode|resetMode|reset_?type|resetType)$/i, new Set(['hard'])]];

/** The input sets a flag or a mode that overrides what the tool would otherwise keep safe. */
export function forcedInput(record: Record<string, unknown>): boolean {
  return Object.entries(record).some(
    ([k, v]) => (FORCE_KEYS.test(k) && (v === true || v === 'true')) || (typeof v === 'string' && FORCE_MODES.some(([key, values]) => key.test(k) && values.has(v.toLowerCase()))),
  );
}

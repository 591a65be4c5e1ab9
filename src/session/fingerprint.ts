/**
 * What a call *is*, for the loop detectors: a fingerprint that is equal for two calls
 * that would do the same thing (argument-aware per tool kind: two reads of different
 * files differ, `sleep 5 && curl x` and `sleep 10 && curl x` do not), whether it is a
 * poll, and what it changes on disk.
 */
import crypto from 'node:crypto';
import type { Facts, BashCommand } from '../normalize/facts.js';
import type { GovernanceMechanics } from './config.js';
import { intentOf, pollingCommands, consideredCommands, type Intent, type IntentTables } from './progress/intent.js';
import { needsVerifying } from './progress/verify.js';

export interface CallShape {
  fp: string;
  kind: string;
  poll: boolean;
  /** Keys of the change this call makes ([] when it changes nothing); inverse keys detect undo. */
  mutation: { key: string; inverse: string | null; paths: string[]; fixer?: boolean } | null;
  /** Open todos when the call is a todo-list update (TodoWrite), else null. */
  todos: string[] | null;
  /** The call's intent group and class (progress/intent.ts). */
  intent: Intent;
  /** A write of a file that needs a build, run or test to be verified (code, not a doc or a config: progress/verify.ts). */
  verify: boolean;
}

/** crypto.hash (Node ≥ 20.12): one call instead of a Hash object per fingerprint. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** sha256 of the parts, each followed by NUL (the format stored in session history: keep it). */
function hash(...parts: unknown[]): string {
  let text = '';
  for (const part of parts) text += `${typeof part === 'string' ? part : JSON.stringify(part ?? null)}\u0000`;
  const hex = oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
  return hex.slice(0, 16);
}

/** JSON with sorted keys, so that {a,b} and {b,a} are one input. */
function canonical(value: unknown, depth = 0): string {
  if (depth > 20 || value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k], depth + 1)}`).join(',')}}`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function startsWithPrefix(argv: string[], prefix: string[]): boolean {
  if (prefix.length > argv.length) return false;
  return prefix.every((word, i) => (i === 0 ? argv[0] === word : argv.includes(word)));
}

/** Argv prefixes by their command word: a command meets only the prefixes that start with its own. */
type PrefixIndex = Map<string, string[][]>;
const prefixIndexes = new WeakMap<string[][], PrefixIndex>();

function indexPrefixes(prefixes: string[][]): PrefixIndex {
  let index = prefixIndexes.get(prefixes);
  if (!index) {
    index = new Map();
    for (const prefix of prefixes) {
      const list = index.get(prefix[0]!);
      if (list) list.push(prefix);
      else index.set(prefix[0]!, [prefix]);
    }
    prefixIndexes.set(prefixes, index);
  }
  return index;
}

/** Does some argv start with one of the prefixes (the command word, then the other words anywhere)? */
function matchesAnyPrefix(argvs: string[][], prefixes: string[][]): boolean {
  const index = indexPrefixes(prefixes);
  return argvs.some((argv) => index.get(argv[0]!)?.some((prefix) => startsWithPrefix(argv, prefix)) ?? false);
}

/** argv with the command word as its basename, so `/usr/bin/sleep` matches `sleep`. */
function words(c: BashCommand): string[] {
  return [c.name || c.argv[0] || '', ...c.args];
}

function bashShape(input: Record<string, unknown>, facts: Extract<Facts, { kind: 'bash' }>, config: GovernanceMechanics): Omit<CallShape, 'kind' | 'todos' | 'intent' | 'verify'> {
  const ignore = config.loop.fingerprint_ignore;
  const commands = (facts.commands ?? []).filter((c) => !ignore.includes(c.name));
  const fp =
    commands.length > 0
      ? hash('bash', facts.cwd, commands.map((c) => [...words(c), ...c.redirects.map((r) => `${r.op}${r.target}`)]))
      : hash('bash', facts.cwd, str(input.command).replace(/\s+/g, ' ').trim());
  const all = facts.commands ?? [];
  const argvs = all.map(words);
  // An observing command that only computes an argument (`gh run rerun $(gh run list … -q …)`,
  // `kubectl delete $(kubectl get pods -o name)`) does not make the call a poll: the call acts.
  const poll = pollingCommands(all, consideredCommands(all, config.loop.intent), intentTables(config), config.loop.poll_commands).length > 0;
  const writesFiles =
    all.some((c) => c.redirects.some((r) => r.write && r.path !== null && !/^\/dev\//.test(r.path.path))) ||
    matchesAnyPrefix(argvs, config.loop.mutating_commands);
  const paths = all.flatMap((c) => c.redirects.filter((r) => r.write && r.path).map((r) => r.path!.path));
  // A shell change is opaque: the same command twice is the same change (redo), a new one is new.
  const fixer = matchesAnyPrefix(argvs, config.loop.fixers);
  return { fp, poll, mutation: writesFiles || fixer ? { key: `b:${fp}`, inverse: null, paths, ...(fixer ? { fixer: true } : {}) } : null };
}

function editPairs(input: Record<string, unknown>): [string, string][] {
  const pairs: [string, string][] = [];
  const oldOf = (o: Record<string, unknown>) => str(o.old_string ?? o.old_str ?? o.oldText ?? o.old_text);
  const newOf = (o: Record<string, unknown>) => str(o.new_string ?? o.new_str ?? o.newText ?? o.new_text ?? o.file_text ?? o.content);
  if (Array.isArray(input.edits)) {
    for (const e of input.edits.slice(0, 1000)) if (e && typeof e === 'object') pairs.push([oldOf(e as any), newOf(e as any)]);
  } else if (typeof (input.patch ?? input.input ?? input.diff) === 'string') {
    pairs.push(['', str(input.patch ?? input.input ?? input.diff)]);
  } else {
    pairs.push([oldOf(input), newOf(input)]);
  }
  return pairs;
}

/** The intent tables with the observe words (a wait before a command that observes nothing is no poll). */
function intentTables(config: GovernanceMechanics): IntentTables {
  return { ...config.loop.intent, observe_words: config.loop.observe.observe_words };
}

export function callShape(tool: string, kind: string, input: Record<string, unknown>, facts: Facts, config: GovernanceMechanics): CallShape {
  const intent = intentOf(tool, input, facts, intentTables(config), config.loop.poll_commands, () => canonical(input));
  const verify = intent.cls === 'write' && intent.path !== null && needsVerifying(intent.path, config.loop.no_verify);
  return { ...kindShape(tool, kind, input, facts, config), intent, verify };
}

function kindShape(tool: string, kind: string, input: Record<string, unknown>, facts: Facts, config: GovernanceMechanics): Omit<CallShape, 'intent' | 'verify'> {
  const todos = todoList(tool, input);
  // An MCP tool served as a file tool (mcp__fs__write_file has kind "write") keeps the
  // fingerprint of an MCP tool: session history already holds those, and a stored state
  // compares against them.
  if (tool.startsWith('mcp__')) return opaqueShape(tool, kind, todos, input, config);
  switch (facts.kind) {
    case 'bash':
      return { kind, todos, ...bashShape(input, facts, config) };
    case 'read':
      return { kind, todos, poll: false, mutation: null, fp: hash('read', facts.path.path, input.offset ?? null, input.limit ?? null) };
    case 'write': {
      const content = str(input.content ?? input.file_text ?? input.text);
      const key = hash('write', facts.path.path, content);
      return { kind, todos, poll: false, fp: key, mutation: { key: `w:${key}`, inverse: null, paths: [facts.path.path] } };
    }
    case 'edit': {
      const paths = (facts.paths ?? [facts.path]).map((p) => p.path);
      const pairs = editPairs(input);
      const key = hash('edit', paths, pairs);
      const inverse = hash(
        'edit',
        paths,
        pairs.map(([a, b]) => [b, a]),
      );
      return { kind, todos, poll: false, fp: key, mutation: { key: `e:${key}`, inverse: `e:${inverse}`, paths } };
    }
    case 'web_fetch':
      return { kind, todos, poll: false, mutation: null, fp: hash('web_fetch', facts.method, facts.url.raw, str(input.body)) };
    default:
      return opaqueShape(tool, kind, todos, input, config);
  }
}

/**
 * Other tools (MCP, Grep, Glob…): the name and the whole input, keys sorted. A tool whose
 * name says it changes things (mcp__fs__write_file, NotebookEdit) is an opaque change, like a
 * shell command: new the first time, a redo when repeated. Todo lists are not files.
 */
function opaqueShape(tool: string, kind: string, todos: string[] | null, input: Record<string, unknown>, config: GovernanceMechanics): Omit<CallShape, 'intent' | 'verify'> {
  const fp = hash('other', tool, canonical(input));
  const lower = tool.toLowerCase();
  const mutating = todos === null && !/^todo/.test(lower) && config.loop.mutating_tool_words.some((w) => lower.includes(w));
  return { kind, todos, poll: false, mutation: mutating ? { key: `t:${fp}`, inverse: null, paths: [] } : null, fp };
}

/** Claude Code's TodoWrite (and look-alikes): the todos not yet completed are pinned items. */
function todoList(tool: string, input: Record<string, unknown>): string[] | null {
  if (!/^todo_?write$/i.test(tool) || !Array.isArray(input.todos)) return null;
  return input.todos
    .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object')
    .filter((t) => t.status !== 'completed' && t.status !== 'done')
    .map((t) => str(t.content ?? t.title ?? t.text).slice(0, 500))
    .filter((t) => t.length > 0);
}

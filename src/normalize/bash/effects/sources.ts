/**
 * Where data sent to the network comes from: files read upstream (`cat key | curl -d @-`),
 * environment variables expanded into the sending command or upstream of it, whole-environment
 * dumps (`env`, `printenv`, `set`, `export -p`, `declare -x`, /proc/self/environ), and secrets
 * written in the command text, credentials a program prints (`$(gh auth token)`). Stated as
 * "file:<path>", "env:<NAME>", "env:*", "secret:<type>", "reveal:<what>".
 */
import type { BashCommand } from '../../facts.js';
import { knowledgeOf } from '../knowledge/index.js';
import { applies, parseArgs } from '../knowledge/args.js';
import { type EffectContext, upstreamOf } from './context.js';

/** Programs (and argument shapes) that print the whole environment. */
function dumpsEnvironment(c: BashCommand): boolean {
  if ((c.name === 'env' || c.name === 'printenv') && c.operands.length === 0) return true;
  if (c.name === 'set' && c.args.length === 0) return true;
  if ((c.name === 'export' || c.name === 'declare' || c.name === 'typeset') && (c.args.includes('-p') || c.args.includes('-x')) && c.operands.length === 0) return true;
  if (c.name === 'compgen' && c.args.includes('-v')) return true;
  return c.paths.some((p) => /^\/proc\/(?:self|\d+|\$\$)\/environ$/.test(p.path));
}

/** Variables a command prints by name (`printenv TOKEN`, `env | grep` aside). */
function printedVariables(c: BashCommand): string[] {
  return c.name === 'printenv' ? c.operands.filter((o) => /^[A-Za-z_]\w*$/.test(o)) : [];
}

/** Files whose content a command emits (readers per the table, and `<` redirects). */
function filesEmitted(c: BashCommand): string[] {
  const out: string[] = [];
  const entry = knowledgeOf(c.name);
  if (entry?.rules.some((r) => r.effect === 'read')) for (const p of c.paths) if (p.path !== '') out.push(p.path);
  for (const r of c.redirects) if (!r.write && r.path !== null && r.op === '<' && r.path.path !== '') out.push(r.path.path);
  // What its own script reads (`sed 'r ~/.ssh/id_rsa'`, `awk 'getline < f'`, `ex -c 'r f' -c '%p'`) it prints.
  for (const f of c.script_files ?? []) if (f.access === 'read' && f.path.path !== '' && !out.includes(f.path.path)) out.push(f.path.path);
  return out;
}

/** What a command prints that is a stored credential (the table's `reveal` rules): "access token", … */
function revealed(c: BashCommand): string | null {
  const entry = knowledgeOf(c.name);
  if (entry === undefined || !entry.rules.some((r) => r.effect === 'reveal')) return null;
  const parsed = parseArgs(c.name, c.args, entry);
  for (const r of entry.rules) if (r.effect === 'reveal' && applies(r.when, parsed)) return r.secret;
  return null;
}

export function sourcesOf(c: BashCommand, ec: EffectContext, ownFiles: string[]): string[] {
  const sources = new Set<string>();
  for (const f of ownFiles) sources.add(`file:${f}`);
  for (const v of c.env_vars) sources.add(`env:${v}`);
  for (const id of withCarried([...upstreamOf(c.id, ec), ...assignedFrom(c, ec)], ec)) {
    const up = ec.facts.commands[id];
    if (up === undefined) continue;
    if (dumpsEnvironment(up)) sources.add('env:*');
    for (const v of printedVariables(up)) sources.add(`env:${v}`);
    for (const f of filesEmitted(up)) sources.add(`file:${f}`);
    for (const v of up.env_vars) sources.add(`env:${v}`);
    const secret = revealed(up);
    if (secret !== null) sources.add(`reveal:${secret}`);
  }
  for (const r of c.redirects) if (r.op === '<' && r.path !== null && r.path.path !== '') sources.add(`file:${r.path.path}`);
  for (const s of ec.facts.secrets) sources.add(`secret:${s.type}`);
  // A file this script wrote before sending it (`printenv > /tmp/e && curl -F f=@/tmp/e`)
  // carries what was written into it: the writer's sources flow on.
  for (const source of [...sources]) {
    if (!source.startsWith('file:')) continue;
    for (const inner of writtenSources(source.slice(5), c.id, ec, 0)) sources.add(inner);
  }
  return [...sources].sort();
}

/**
 * The commands a command runs elsewhere and whose output it prints as its own (`kubectl exec pod
 * -- env`, `ssh host cat ~/.aws/credentials`, `docker exec c printenv`): their output flows on
 * with the carrier's. Substitutions are consumed by their command, not printed.
 */
function withCarried(ids: number[], ec: EffectContext): number[] {
  if (ids.length === 0) return ids;
  const set = new Set(ids);
  const out = [...ids];
  for (const c of ec.facts.commands) {
    if (c.parent !== null && set.has(c.parent) && !set.has(c.id) && c.via !== 'command_substitution' && c.via !== 'process_substitution') {
      set.add(c.id);
      out.push(c.id);
    }
  }
  return out;
}

const DECLARERS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);

/**
 * The commands whose output was stored in a variable this command expands (`T=$(gh auth token);
 * curl …?v=$T`, `export K=$(cat ~/.aws/credentials)`): what they printed flows on through the name.
 */
function assignedFrom(c: BashCommand, ec: EffectContext): number[] {
  if (!c.argv.some((w) => w.includes('$'))) return [];
  const out: number[] = [];
  const commands = ec.facts.commands;
  for (const a of commands) {
    if (a.id >= c.id || a.via === 'command_substitution') continue;
    const words = a.name === '' ? a.argv : DECLARERS.has(a.name) ? a.args : [];
    const names = [...Object.keys(a.assignments), ...words.map((w) => /^([A-Za-z_]\w*)=/.exec(w)?.[1]).filter((n): n is string => n !== undefined)];
    const used = names.some((n) => c.argv.some((w) => new RegExp(`\\$(?:\\{)?${n}(?![\\w])`).test(w)));
    if (!used) continue;
    // The substitutions in the assignment's words are walked right after it, before the next command.
    for (let id = a.id + 1; id < commands.length; id++) {
      const s = commands[id];
      if (s.via !== 'command_substitution' || (s.parent !== null && s.parent !== a.id)) break;
      out.push(s.id, ...upstreamOf(s.id, ec));
    }
    // Behind a wrapper (`builtin export T=$(…)`, `command export …`) the words were expanded for
    // the wrapper's command line: its substitutions belong to the assignment.
    // Stacked wrappers (`command builtin export T=$(…)`): the words were expanded for the
    // outermost one, so every wrapper up the chain may own the substitutions.
    if (a.wrappers.length > 0 && a.parent !== null) {
      const owners = wrapperChain(a, ec);
      for (const s of commands) {
        if (s.via === 'command_substitution' && s.parent !== null && owners.has(s.parent) && s.id < c.id) out.push(s.id, ...upstreamOf(s.id, ec));
      }
    }
  }
  return out;
}

/** The commands that wrap `a` (its parent, and theirs while they are wrappers of `a` too). */
function wrapperChain(a: BashCommand, ec: EffectContext): Set<number> {
  const owners = new Set<number>();
  let p = a.parent;
  while (p !== null && owners.size <= a.wrappers.length) {
    const w = ec.facts.commands[p];
    if (w === undefined || !a.wrappers.includes(w.name)) break;
    owners.add(p);
    p = w.parent;
  }
  return owners;
}

/** Bounds the chain of files written from files (`env > a; cp a b; curl -d @b`). */
const MAX_FILE_HOPS = 3;

/** What the commands before `before` that redirect their output into `path` wrote into it. */
function writtenSources(path: string, before: number, ec: EffectContext, depth: number): string[] {
  if (depth >= MAX_FILE_HOPS) return [];
  const out: string[] = [];
  for (const w of ec.facts.commands) {
    const writes = w.redirects.some((r) => r.write && r.path !== null && r.path.path === path) || (w.script_files ?? []).some((f) => f.access !== 'read' && f.path.path === path);
    if (w.id >= before || !writes) continue;
    const writers = [w, ...upstreamOf(w.id, ec).map((id) => ec.facts.commands[id]).filter((x): x is BashCommand => x !== undefined)];
    for (const x of writers) {
      if (dumpsEnvironment(x)) out.push('env:*');
      for (const v of x.env_vars) out.push(`env:${v}`);
      for (const f of filesEmitted(x)) {
        out.push(`file:${f}`);
        out.push(...writtenSources(f, w.id, ec, depth + 1));
      }
    }
  }
  return out;
}

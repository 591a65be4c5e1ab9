/**
 * The shell's own rules that turn data into code, as effects. Bash evaluates an array
 * subscript (`a[$(cmd)]`) wherever it reads a name or a number: in arithmetic, in indirect
 * expansion (`${!x}`), in names given to `read`, `printf -v`, `declare`/`local`/`export`,
 * `mapfile`, `unset`, `[[ -v ]]`. A quoted string that carries such a subscript is code waiting
 * for one of them. `mapfile -C`, `fc`, `hash -p`, `trap`, `PROMPT_COMMAND` and friends turn
 * text into something run later. Each is an exec or config effect, or `unknown` when what
 * runs is not known.
 */
import type { BashCommand } from '../../facts.js';
import { scanOptions } from '../options.js';
import { environmentVariable } from '../knowledge/environment.js';
import type { EffectContext } from './context.js';

/** A subscript holding a substitution, inside single quotes or $'…' (so not run where it is written). */
const QUOTED_SUBSCRIPT = /(?:\$?'[^']*\w\[[^\]']*(?:\$\(|`|\$\{)[^']*'|"[^"]*\w\[[^\]"]*\\(?:\$\(|`)[^"]*")/;
/** `${x@P}` expands prompt escapes, which run `$(…)` in the value. */
const PROMPT_EXPANSION = /\$\{[#!]?\w+(?:\[[^\]]*\])?@P\}/;

export function scriptEffects(ec: EffectContext): void {
  const base = { producer: 'bash', command: null };
  // The text as written and every nested script as bash reads it (`bash -c $'\x..'` decoded).
  const texts = [ec.facts.command, ...(ec.facts.scripts ?? [])];
  // Cheap guards first: the patterns scan quoted strings, and most commands have no subscript at all.
  if (texts.some((text) => text.includes('[') && /\$\(|`|\$\{/.test(text) && QUOTED_SUBSCRIPT.test(text))) ec.out.push({ ...base, type: 'unknown', reason: 'data_to_code:subscript' });
  if (texts.some((text) => text.includes('@P') && PROMPT_EXPANSION.test(text))) ec.out.push({ ...base, type: 'unknown', reason: 'data_to_code:prompt_expansion' });
}

export function builtinEffects(c: BashCommand, ec: EffectContext): void {
  const base = { producer: 'bash', command: c.id };
  const assigned = new Map(Object.entries(c.assignments));
  // `unset HISTFILE` (however `unset` is spelled) clears a history setting: stated as set to "".
  if (c.name === 'unset') for (const w of c.operands) if (/^[A-Za-z_]\w*$/.test(w) && environmentVariable(w)?.value === 'history') assigned.set(w, '');
  // Names given to `printf -v NAME` and `read NAME` are assigned too: the same setting, another spelling.
  for (const [name, value] of namesAssignedBy(c)) if (!assigned.has(name)) assigned.set(name, value);
  for (const [name, value] of assigned) {
    // Variables that change what programs run or load (knowledge/environment.ts): settings.
    const known = environmentVariable(name);
    if (known) ec.out.push({ ...base, type: 'config', tool: known.tool, key: name, value });
  }
  switch (c.name) {
    case 'mapfile':
    case 'readarray': {
      const scan = scanOptions(c.argv, 1, { short: 'dnOsuCc' });
      const callback = scan.options.find((o) => o.flag === 'C')?.value;
      if (callback !== undefined && callback !== null) {
        ec.out.push({ ...base, type: 'exec', program: '', argv: [callback], language: 'bash', code: callback, origin: 'callback', script: null });
        ec.out.push({ ...base, type: 'unknown', reason: 'data_to_code:mapfile_callback' });
      }
      return;
    }
    case 'fc':
      if (!c.flags.includes('l')) ec.out.push({ ...base, type: 'unknown', reason: 'data_to_code:history' });
      return;
    case 'hash': {
      const scan = scanOptions(c.argv, 1, { short: 'p' });
      const path = scan.options.find((o) => o.flag === 'p')?.value;
      if (path) {
        for (const name of c.argv.slice(scan.next)) ec.out.push({ ...base, type: 'config', tool: 'shell', key: `hash:${name}`, value: path });
        ec.out.push({ ...base, type: 'unknown', reason: 'data_to_code:hash_path' });
      }
      return;
    }
    case 'enable':
      if (c.flags.includes('f')) ec.out.push({ ...base, type: 'unknown', reason: 'loadable_builtin' });
      return;
    case 'trap':
      if (c.operands.length > 1 && c.operands[0] !== '-') {
        for (const signal of c.operands.slice(1)) ec.out.push({ ...base, type: 'config', tool: 'shell', key: `trap:${signal}`, value: c.operands[0] });
      }
      return;
    case 'alias':
      for (const a of c.args) {
        const eq = a.indexOf('=');
        if (eq > 0) ec.out.push({ ...base, type: 'config', tool: 'shell', key: `alias:${a.slice(0, eq)}`, value: a.slice(eq + 1) });
      }
      return;
    case 'export':
    case 'declare':
    case 'typeset':
    case 'local':
    case 'readonly':
      for (const a of c.operands) {
        const eq = a.indexOf('=');
        const name = eq > 0 ? a.slice(0, eq) : a;
        const known = eq > 0 ? environmentVariable(name) : undefined;
        if (known) ec.out.push({ ...base, type: 'config', tool: known.tool, key: name, value: a.slice(eq + 1) });
      }
      return;
    default:
      return;
  }
}

/**
 * Variables a builtin assigns by name: `printf -v NAME FORMAT ARGS` (the format's text when it
 * has no conversion, else the first argument) and `read [-r] NAME…` from a here-string (its
 * words, the last name keeping the rest); an unknown value is "".
 */
function namesAssignedBy(c: BashCommand): Array<[string, string]> {
  if (c.name === 'printf' && c.args[0] === '-v' && c.args[1] !== undefined) {
    const format = c.args[2] ?? '';
    return [[c.args[1], format.includes('%') ? (c.args[3] ?? '') : format]];
  }
  if (c.name === 'read') {
    const scan = scanOptions(c.argv, 1, { short: 'adinNptu' });
    if (scan.options.some((o) => o.flag === 'a')) return [];
    const names = c.argv.slice(scan.next).filter((n) => /^[A-Za-z_]\w*$/.test(n));
    const here = c.redirects.find((r) => r.op === '<<<')?.target ?? '';
    const words = here.trim().split(/\s+/);
    return names.map((n, i) => [n, i === names.length - 1 ? words.slice(i).join(' ') : (words[i] ?? '')]);
  }
  return [];
}

/** Processes without a static bound: a function that calls itself in the background or a pipe (a fork bomb). */
export function spawnEffects(ec: EffectContext): void {
  const recursive = ec.facts.signals.includes('recursive_function');
  if (recursive && ec.facts.commands.some((c) => c.background || c.pipeline !== null)) {
    ec.out.push({ producer: 'bash', command: null, type: 'spawn', unbounded: true });
  }
}

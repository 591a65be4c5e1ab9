/**
 * What bash ran (the sandbox log) against what the bash producer reported (the `commands`
 * of the bash facts, the wrappers peeled off them, and exec effects once the producer
 * states them). A program that ran and that the analysis does not name is a difference;
 * so is a program the analysis names but never with the argv it really got.
 *
 * Dynamic words in the analysis (`$x`, `$(…)`, globs, `~`) match any text, across word
 * boundaries, because bash splits and expands them: the oracle checks what the analysis
 * claims, not how it spells what it could not know.
 */
import type { BashFacts } from '../../src/normalize/facts.js';
import { SANDBOX_HOME } from './sandbox.js';
import type { Ran } from './sandbox.js';
import { INTERNALS, rowRuns, type Internal } from './internals.js';

export type DifferenceKind = 'missed' | 'argv' | 'indeterminate' | 'internal';

/**
 * - missed: the program ran and the analysis names no such program and is not indeterminate;
 * - argv: the analysis names the program, never with the arguments it ran with;
 * - indeterminate: the program ran, the analysis does not name it but says it could not see
 *   everything (the policy fails closed on that, so it is counted apart);
 * - internal: the program was started by a program the analysis did name, for that tool's
 *   own work as the table in internals.ts lists it (tar running gzip, git running ssh or its
 *   script subcommands' text tools, `python3 -m venv` running pip's platform probes), which
 *   the command-knowledge table describes as effects. Printed and counted apart, not claimed
 *   as a miss of the bash walk.
 */
export interface Difference {
  kind: DifferenceKind;
  command: string;
  ran: Ran;
  /** What the analysis reported under the same name (argv differences). */
  reported: string[][];
}

interface Reported {
  name: string;
  /** null: any arguments (a wrapper the analysis peeled off). */
  args: string[] | null;
}

interface ExecLike {
  type?: string;
  program?: string;
  argv?: string[];
}

/**
 * A command xargs runs gets its input's items, which the analysis states as unknown (the facts
 * say `via: 'xargs'`, and `listed` when a listing printed them): appended after the words it was
 * given, or put where `-I R` / `--replace=R` names them. They stand here as an expansion, which
 * may be empty or several words; nothing else of the argv is loosened.
 */
function xargsArgs(c: BashFacts['commands'][number], facts: BashFacts): string[] {
  const args = c.argv.slice(1);
  const parent = c.parent !== null && c.parent !== undefined ? facts.commands[c.parent] : undefined;
  const xargs = parent?.argv ?? [];
  let replace: string | null = null;
  for (let i = 1; i < xargs.length; i++) {
    const a = xargs[i]!;
    if (a === '-I' && i + 1 < xargs.length) replace = xargs[i + 1]!;
    else if (a.startsWith('-I') && a.length > 2) replace = a.slice(2);
    else if (a.startsWith('--replace=')) replace = a.slice('--replace='.length);
    else if (a === '-i' || a === '--replace') replace = '{}';
    else if (a.startsWith('-i') && a.length > 2 && !a.startsWith('-i-')) replace = a.slice(2);
  }
  if (replace !== null && replace !== '') return args.map((w) => w.split(replace!).join('${XARGS_ITEM}'));
  return [...args, '${XARGS_ITEMS}'];
}

function reportedPrograms(facts: BashFacts): Reported[] {
  const out: Reported[] = [];
  for (const c of facts.commands) {
    out.push({ name: c.name, args: c.via === 'xargs' ? xargsArgs(c, facts) : c.argv.slice(1) });
    for (const wrapper of c.wrappers) out.push({ name: wrapper, args: null });
  }
  const effects = (facts as unknown as { effects?: ExecLike[] }).effects ?? [];
  for (const e of effects) {
    if (e.type === 'exec' && e.program) out.push({ name: e.program, args: (e.argv ?? []).slice(1) });
  }
  return out;
}

const WILD = '[\\s\\S]*';

/** A regular expression for one analysed word: literal text exact, expansions and globs as wildcards. */
export function wordPattern(word: string): string {
  let out = '';
  let i = 0;
  if (word.startsWith('~')) {
    // ~ and ~/x: bash expands to $HOME; ~user to that user's home.
    const end = word.indexOf('/') === -1 ? word.length : word.indexOf('/');
    out += end === 1 ? `(?:~|${escape(SANDBOX_HOME)})` : WILD;
    i = end;
  }
  while (i < word.length) {
    const ch = word[i]!;
    if (ch === '$' && i + 1 < word.length) {
      const next = word[i + 1]!;
      if (next === '{' || next === '(') {
        i = closing(word, i + 1);
      } else if (next === "'" || next === '"') {
        out += escape(ch);
        i += 1;
        continue;
      } else if (/[A-Za-z_]/.test(next)) {
        i += 1;
        while (i < word.length && /\w/.test(word[i]!)) i += 1;
      } else {
        i += 2;
      }
      if (!out.endsWith(WILD)) out += WILD;
      continue;
    }
    if (ch === '`') {
      const end = word.indexOf('`', i + 1);
      i = end === -1 ? word.length : end + 1;
      if (!out.endsWith(WILD)) out += WILD;
      continue;
    }
    if ((ch === '<' || ch === '>') && word[i + 1] === '(') {
      // Process substitution: bash passes /dev/fd/N.
      i = closing(word, i + 1);
      if (!out.endsWith(WILD)) out += WILD;
      continue;
    }
    if (ch === '{') {
      // Brace expansion, or find/xargs's {} placeholder: any text.
      const end = word.indexOf('}', i);
      i = end === -1 ? i + 1 : end + 1;
      if (!out.endsWith(WILD)) out += WILD;
      continue;
    }
    if (ch === '/' && word.slice(i) === '/*') {
      // `dir/*` as the analysis states "what find or a glob reaches under dir": dir itself, or its entries.
      out += `(?:[/\\u0000]${WILD})?`;
      break;
    }
    if (ch === '*' || ch === '?' || ch === '[') {
      if (!out.endsWith(WILD)) out += WILD;
      i += 1;
      continue;
    }
    if (ch === '\\' && i + 1 < word.length) {
      // A backslash the analysis kept: bash may or may not have removed it.
      out += `\\\\?${escape(word[i + 1]!)}`;
      i += 2;
      continue;
    }
    out += escape(ch);
    i += 1;
  }
  return out;
}

function closing(word: string, open: number): number {
  const pair: Record<string, string> = { '{': '}', '(': ')' };
  const want = pair[word[open]!]!;
  let depth = 0;
  for (let i = open; i < word.length; i++) {
    if (word[i] === word[open]) depth += 1;
    else if (word[i] === want && --depth === 0) return i + 1;
  }
  return word.length;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Does the argv bash ran fit the analysed argv? Words join with NUL; wildcards may span words or be empty. */
export function argvMatches(analysed: string[], ran: string[]): boolean {
  const words = analysed.map(wordPattern);
  let pattern = '';
  let needSep = false;
  words.forEach((p, index) => {
    if (p !== WILD) {
      pattern += (needSep ? '\\u0000' : '') + p;
      needSep = true;
    } else if (needSep) {
      // A word that is only an expansion may vanish (an empty unquoted variable) or split into several.
      pattern += `(?:\\u0000${WILD})?`;
    } else if (words.slice(index + 1).some((w) => w !== WILD)) {
      pattern += `(?:${WILD}\\u0000)?`;
    } else {
      pattern += WILD;
    }
  });
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(ran.join('\u0000'));
  } catch {
    return new RegExp(`^(?:${pattern})$`).test(ran.join('\u0000'));
  }
}

const SHELL_NAMES = new Set(['sh', 'dash', 'bash', 'bwrap', 'oracle', '']);

/**
 * Started by a tool for its own work (internals.ts): a launcher (the program that exec'd it,
 * its parent or grandparent, shells skipped) is a process of a row's program, the row lets
 * that program start this one, and the program is the agent's (named by the analysis, or
 * itself started by a tool for its own work) in the mode the row requires. Nothing else a
 * tool starts is internal: it is the command line's, and the analysis must name it.
 */
function isInternal(run: Ran, ran: Ran[], reported: Reported[], depth = 0): boolean {
  if (depth > 4) return false;
  const launchers = run.parent.split('>').filter((l) => !SHELL_NAMES.has(l));
  return INTERNALS.some((row) => rowRuns(row, run.name, run.args) && launchers.some((l) => row.comm.includes(l)) && attributable(row, ran, reported, depth));
}

function attributable(row: Internal, ran: Ran[], reported: Reported[], depth: number): boolean {
  const runs = ran.filter((r) => r.name === row.program);
  if (row.when && (runs.length === 0 || !runs.every((r) => row.when!.test(r.args.join('\u0000'))))) return false;
  return reported.some((r) => r.name === row.program) || runs.some((r) => isInternal(r, ran, reported, depth + 1));
}

export function compareRun(command: string, facts: BashFacts, ran: Ran[]): Difference[] {
  const reported = reportedPrograms(facts);
  const blind = facts.indeterminate.length > 0 || facts.commands.some((c) => c.dynamic_name);
  const out: Difference[] = [];
  const seen = new Set<string>();
  for (const run of ran) {
    const key = `${run.name}\u0000${run.args.join('\u0000')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const same = reported.filter((r) => r.name === run.name);
    const internal = isInternal(run, ran, reported);
    if (same.length === 0) {
      out.push({ kind: internal ? 'internal' : blind ? 'indeterminate' : 'missed', command, ran: run, reported: [] });
      continue;
    }
    if (same.some((r) => r.args === null || argvMatches(r.args, run.args))) continue;
    out.push({ kind: internal ? 'internal' : 'argv', command, ran: run, reported: same.map((r) => r.args ?? []) });
  }
  return out;
}

export function formatDifference(d: Difference): string {
  const shown = (words: string[]) => words.map((w) => JSON.stringify(w)).join(' ');
  const base = `${d.kind.padEnd(13)} ran ${d.ran.name} ${shown(d.ran.args)}`.slice(0, 200) + ` (parent ${d.ran.parent})`;
  const reported = d.reported.length ? `  | reported: ${d.reported.map(shown).join(' ; ')}`.slice(0, 200) : '';
  return `${base}${reported}\n      in: ${JSON.stringify(d.command).slice(0, 220)}`;
}

/**
 * A command's words read through its table entry: flags, option values, operands, and
 * whether a rule's `when` holds. Shared by the effect producer and the carriers that
 * parse the command lines a program runs.
 */
import { scanOptions } from '../options.js';
import type { ProgramKnowledge, Rule, When } from './types.js';

export interface ParsedArgs {
  flags: Set<string>;
  /** Values by option ("o" → ["out.txt"], "--data" → [...], "-ex" → [...]). */
  values: Map<string, string[]>;
  operands: string[];
}

/** find's primaries that take a value (single dash, one word). */
const FIND_VALUED = new Set([
  'name', 'iname', 'path', 'ipath', 'wholename', 'iwholename', 'regex', 'iregex', 'type', 'xtype', 'newer', 'anewer', 'cnewer',
  'maxdepth', 'mindepth', 'perm', 'user', 'group', 'uid', 'gid', 'size', 'mtime', 'atime', 'ctime', 'mmin', 'amin', 'cmin',
  'printf', 'fprint', 'fprint0', 'fprintf', 'fls', 'links', 'inum', 'samefile', 'lname', 'ilname', 'used', 'context', 'regextype', 'fstype',
]);

export function parseArgs(name: string, args: readonly string[], entry: ProgramKnowledge | undefined): ParsedArgs {
  if (name === 'find') return parseFind(args);
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  const spec = entry?.options ?? {};
  // Old-style keys (`tar czf out.tgz dir`): the first word is a bundle of option letters.
  const argv = entry?.dashless_first === true && args.length > 0 && /^[A-Za-z]+$/.test(args[0]) ? ['', `-${args[0]}`, ...args.slice(1)] : ['', ...args];
  let i = 1;
  while (i < argv.length) {
    const scan = scanOptions(argv, i, spec);
    for (const o of scan.options) {
      flags.add(o.flag);
      if (o.value !== null) {
        const list = values.get(o.flag) ?? [];
        list.push(o.value);
        values.set(o.flag, list);
      }
    }
    i = scan.next;
    if (scan.doubleDash) {
      operands.push(...argv.slice(i));
      break;
    }
    if (i < argv.length) {
      operands.push(argv[i++]);
      if (!entry?.options_anywhere) {
        operands.push(...argv.slice(i));
        break;
      }
    }
  }
  return { flags, values, operands };
}

function parseFind(args: readonly string[]): ParsedArgs {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  let i = 0;
  while (i < args.length && /^-[HLP]$/.test(args[i])) flags.add(args[i++].slice(1));
  while (i < args.length && !args[i].startsWith('-') && !['(', '!', '\\('].includes(args[i])) operands.push(args[i++]);
  while (i < args.length) {
    const a = args[i++];
    if (!/^-[a-z]/.test(a)) continue;
    const primary = a.slice(1);
    flags.add(primary);
    if (/^(?:exec|execdir|ok|okdir)$/.test(primary)) {
      while (i < args.length && args[i] !== ';' && args[i] !== '+') i++;
      i++;
    } else if (FIND_VALUED.has(primary) && i < args.length) {
      const list = values.get(primary) ?? [];
      list.push(args[i++]);
      values.set(primary, list);
    }
  }
  return { flags, values, operands };
}

/** How many operands the rule's `when` consumed as subcommands (0, 1 or 2). */
export function subDepth(when: When | undefined): number {
  if (when?.sub2) return 2;
  if (when?.sub) return 1;
  return 0;
}

/** A word matches a listed one exactly, or by prefix when the listed one ends in `*`. */
function matchesWord(list: readonly string[], word: string): boolean {
  return list.some((w) => (w.endsWith('*') ? word.startsWith(w.slice(0, -1)) : w === word));
}

export function applies(when: When | undefined, parsed: ParsedArgs): boolean {
  if (when === undefined) return true;
  if (when.sub && !matchesWord(when.sub, parsed.operands[0] ?? '')) return false;
  if (when.sub2 && !matchesWord(when.sub2, parsed.operands[1] ?? '')) return false;
  if (when.any_operand && !parsed.operands.some((o) => matchesWord(when.any_operand!, o))) return false;
  if (when.all_operands && !when.all_operands.every((w) => parsed.operands.some((o) => matchesWord([w], o)))) return false;
  if (when.no_operands && parsed.operands.some((o) => matchesWord(when.no_operands!, o))) return false;
  if (when.flags && !when.flags.some((f) => parsed.flags.has(f))) return false;
  if (when.last_in && !when.last_in.includes(parsed.operands[parsed.operands.length - 1] ?? '')) return false;
  if (when.all_flags && !when.all_flags.every((f) => parsed.flags.has(f))) return false;
  if (when.no_flags && when.no_flags.some((f) => parsed.flags.has(f))) return false;
  if (when.operand_pattern && !parsed.operands.slice(subDepth(when)).some((o) => tablePattern(when.operand_pattern!).test(o))) return false;
  if (when.no_values && Object.entries(when.no_values).some(([option, listed]) => (parsed.values.get(option) ?? []).some((v) => listed.includes(v)))) return false;
  return true;
}

/** The operands a rule acts on. */
export function selectOperands(rule: Rule & { of?: string }, parsed: ParsedArgs): string[] {
  const ops = parsed.operands;
  switch (rule.of) {
    case 'all':
      return ops;
    case 'first':
      return ops.slice(0, 1);
    case 'rest':
      return ops.slice(1);
    case 'last':
      return ops.length > 0 ? ops.slice(-1) : [];
    case 'all_but_last':
      return ops.slice(0, -1);
    case 'after_sub':
      return ops.slice(subDepth(rule.when));
    default:
      return [];
  }
}

/** Values of the given options. */
export function optionValues(parsed: ParsedArgs, options: readonly string[] | undefined): string[] {
  if (!options) return [];
  return options.flatMap((o) => parsed.values.get(o) ?? []);
}

/** `key=value` operands (dd's `of=`, `if=`). */
export function assignedValues(parsed: ParsedArgs, keys: readonly string[] | undefined): string[] {
  if (!keys) return [];
  const out: string[] = [];
  for (const op of parsed.operands) {
    const eq = op.indexOf('=');
    if (eq > 0 && keys.includes(op.slice(0, eq))) out.push(op.slice(eq + 1));
  }
  return out;
}

const compiled = new Map<string, RegExp>();

/** A pattern written in a knowledge table, compiled once (case-insensitive, as table words are). */
export function tablePattern(source: string): RegExp {
  let re = compiled.get(source);
  if (re === undefined) {
    re = new RegExp(source, 'i');
    compiled.set(source, re);
  }
  return re;
}

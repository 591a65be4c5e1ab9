/**
 * Static word resolution: what bash would pass as argv for a word node, as far as it can
 * be known without running anything. Quotes, backslashes, ANSI-C strings, concatenation,
 * brace expansion, tilde, variables assigned earlier in the script, positional
 * parameters, `$IFS` splitting and command substitutions whose output is static.
 * Whatever stays unknown keeps its source text and marks the word dynamic.
 */
import { decodeAnsiC, unescapeDoubleQuoted, unescapeUnquoted } from './escapes.js';
import type { SyntaxNode } from './tree.js';
import { NAMEREF } from './namerefs.js';

/** A resolved argv word. */
export interface Word {
  value: string;
  /** Part of the value is source text standing for something unknown (`$x`, `$(…)`). */
  dynamic: boolean;
}

/** How a word was spelled; the walker turns these into evasion signals. */
export type WordFeature =
  | 'quoted'
  | 'escaped'
  | 'ansi_c'
  | 'concatenation'
  | 'variable'
  | 'substitution'
  | 'process_substitution'
  | 'brace'
  | 'ifs'
  /** An unquoted `*`, `?` or `[`: the word may be a glob pattern. */
  | 'glob'
  /** The value grew past MAX_WORD_LENGTH and was cut (the word is then dynamic). */
  | 'overflow';

/** A variable's value: known text, or unknown (null). */
export type VarValue = string | null;

/** What the resolver needs from the walk. */
export interface WordHost {
  source: string;
  home: string;
  /** Look a variable up; undefined when never assigned in the script (then the environment decides). */
  lookup(name: string): VarValue | undefined;
  /** Positional parameters ($0, $1, …); null when unknown. */
  positional(): string[] | null;
  /** Walk a `$(…)`/backtick substitution; return its static output, or null when unknown. */
  commandSubstitution(node: SyntaxNode): string | null;
  /** Walk a `<(…)`/`>(…)` substitution. */
  processSubstitution(node: SyntaxNode): void;
  /** Walk a substitution tree-sitter left as text (backticks inside `${…}`); its static output or null. */
  textSubstitution(script: string): string | null;
  /** A variable was expanded that the script never assigned (its value comes from outside). */
  unassigned?(name: string): void;
}

// Private-use markers for syntax that is active (unquoted) in the word being built.
const BRACE_OPEN = '\uE000';
const BRACE_CLOSE = '\uE001';
const COMMA = '\uE002';
const SPLIT = '\uE003';
const DYN_START = '\uE004';
const DYN_END = '\uE005';
const TILDE = '\uE006';
/** Between the elements of a quoted `"$@"`/`"${a[@]}"`: each is a word, an empty one included. */
const ELEMENT = '\uE007';
const MARKERS = /[\uE000-\uE00F]/g;

/** Characters of an unquoted literal with a meaning of their own. */
const SPECIAL_IN_WORD = /[\\{},~*?[$]/g;

/** Longest word followed (a 64 KiB command cannot write a longer one without expansions doubling it). */
const MAX_WORD_LENGTH = 64 * 1024;

/** Words longer than this are not brace-expanded (the scan for groups is quadratic). */
const MAX_BRACE_WORD = 4096;

/** Upper bound on words one brace expansion may produce (`{a,b}{c,d}…` grows fast). */
const MAX_BRACE_WORDS = 256;

const DEFAULT_IFS = ' \t\n';

/**
 * Environment variables whose value is the agent's, unknown to the walk, but whose first
 * characters are not: a PATH is a list of absolute folders, so it starts with `/` (a PATH
 * whose first entry is relative is no environment an agent runs in). `${PATH:0:1}` is `/`.
 */
const ENVIRONMENT_PREFIXES: Readonly<Record<string, string>> = { PATH: '/' };

class WordBuilder {
  out = '';
  features = new Set<WordFeature>();
  quotedPart = false;
  /** `"$@"` with no positional parameters: the word disappears. */
  emptyAt = false;

  constructor(private readonly host: WordHost) {}

  text(node: SyntaxNode): string {
    return this.host.source.slice(node.start, node.end);
  }

  literal(text: string): void {
    if (this.out.length + text.length > MAX_WORD_LENGTH) {
      this.overflow();
      return;
    }
    this.out += text.replace(MARKERS, '\uFFFD');
  }

  dynamic(text: string): void {
    if (this.out.length + text.length > MAX_WORD_LENGTH) {
      this.overflow();
      return;
    }
    this.out += DYN_START + text.replace(MARKERS, '\uFFFD') + DYN_END;
  }

  /** A word grown past any real one (`a=$a$a` doubling): the rest is not followed. */
  overflow(): void {
    if (this.features.has('overflow')) return;
    this.features.add('overflow');
    this.out += DYN_START + '…' + DYN_END;
  }

  /** An expansion's value; unquoted it is split on IFS. */
  expanded(value: string, quoted: boolean): void {
    if (quoted) {
      this.literal(value);
      return;
    }
    const ifs = this.ifs();
    if (ifs === '') {
      this.literal(value);
      return;
    }
    let field = '';
    for (const ch of value) {
      if (ifs.includes(ch)) {
        this.literal(field);
        this.out += SPLIT;
        field = '';
      } else {
        field += ch;
      }
    }
    this.literal(field);
  }

  ifs(): string {
    const ifs = this.host.lookup('IFS');
    if (ifs === undefined) return DEFAULT_IFS;
    return ifs ?? DEFAULT_IFS;
  }

  emit(node: SyntaxNode, quoted: boolean): void {
    // `~` expands only when what follows is literal (`~/x`, `~`), not `~$x` or `~''`.
    if (this.out === TILDE && node.type !== 'word') this.out = '~';
    switch (node.type) {
      case 'word':
        this.word(this.text(node));
        return;
      case 'number':
      case 'regex':
      case 'extglob_pattern':
        this.literal(this.text(node));
        return;
      case 'raw_string':
        this.features.add('quoted');
        this.quotedPart = true;
        this.literal(this.text(node).slice(1, -1));
        return;
      case 'ansi_c_string':
        this.features.add('ansi_c');
        this.quotedPart = true;
        this.literal(decodeAnsiC(this.text(node).slice(2, -1)));
        return;
      case 'string':
      case 'translated_string':
        this.features.add('quoted');
        this.quotedPart = true;
        this.string(node);
        return;
      case 'concatenation':
        this.features.add('concatenation');
        this.sequence(node, quoted);
        return;
      case 'simple_expansion':
      case 'expansion':
        this.features.add('variable');
        this.expansion(node, quoted);
        return;
      case 'command_substitution': {
        this.features.add('substitution');
        const output = this.host.commandSubstitution(node);
        if (output === null) this.dynamic(this.text(node));
        else this.expanded(output.replace(/\n+$/, ''), quoted);
        return;
      }
      case 'process_substitution':
        this.features.add('process_substitution');
        this.host.processSubstitution(node);
        this.dynamic(this.text(node));
        return;
      case 'arithmetic_expansion': {
        if (this.substitutionsInside(node)) {
          this.features.add('substitution');
          this.dynamic(this.text(node));
          return;
        }
        const inner = /^\$\(\(\s*(\d+)\s*\)\)$/.exec(this.text(node));
        if (inner) this.literal(inner[1]);
        else this.dynamic(this.text(node));
        return;
      }
      case 'brace_expression': {
        // `{1..3}`; tree-sitter also folds a character before the brace in (`@{1..3}`).
        const text = this.text(node);
        const open = text.indexOf('{');
        this.word(text.slice(0, open));
        this.out += BRACE_OPEN + text.slice(open + 1, -1) + BRACE_CLOSE;
        return;
      }
      default:
        this.dynamic(this.text(node));
    }
  }

  /** Walk the command and process substitutions nested anywhere in `node`; true when there were any. */
  substitutionsInside(node: SyntaxNode): boolean {
    let found = false;
    const stack = [...node.children];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type === 'command_substitution') {
        found = true;
        this.host.commandSubstitution(n);
      } else if (n.type === 'process_substitution') {
        found = true;
        this.host.processSubstitution(n);
      } else stack.push(...n.children);
    }
    if (!found) {
      // tree-sitter keeps backticks inside `${…}` as plain words.
      for (const m of this.text(node).matchAll(/`((?:\\.|[^`\\])*)`/g)) {
        found = true;
        this.host.textSubstitution(m[1].replace(/\\([`$\\])/g, '$1'));
      }
    }
    return found;
  }

  /** Children with the source between them taken literally (unquoted context). */
  sequence(node: SyntaxNode, quoted: boolean): void {
    let at = node.start;
    // Unquoted literal text is gathered across neighbouring word nodes, so that a `$` that
    // tree-sitter left at the end of one node still meets the name in the next.
    let pending = '';
    for (const child of node.children) {
      if (child.start > at) pending += this.host.source.slice(at, child.start);
      if (child.type === 'word' || !child.named) pending += this.text(child);
      else {
        if (pending !== '') this.word(pending);
        pending = '';
        this.emit(child, quoted);
      }
      at = child.end;
    }
    if (node.end > at) pending += this.host.source.slice(at, node.end);
    if (pending !== '') this.word(pending);
  }

  /** An unquoted literal: backslash escapes, active braces and a leading tilde. */
  word(text: string): void {
    if (text.includes('\\')) this.features.add('escaped');
    for (let i = 0; i < text.length; i++) {
      // Plain runs go in one piece; only the characters below need a look each.
      SPECIAL_IN_WORD.lastIndex = i;
      const next = SPECIAL_IN_WORD.exec(text);
      const stop = next === null ? text.length : next.index;
      if (stop > i) {
        this.literal(text.slice(i, stop));
        i = stop - 1;
        continue;
      }
      const c = text[i];
      const parameter = c === '$' ? /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/.exec(text.slice(i)) : null;
      if (parameter) {
        // Only reached when tree-sitter split a word mid-expansion; bash expands it.
        this.features.add('variable');
        this.parameter(parameter[1] ?? parameter[2], false, parameter[0]);
        i += parameter[0].length - 1;
      } else if (c === '\\' && i + 1 < text.length) {
        i++;
        if (text[i] !== '\n') this.literal(text[i]);
      } else if (c === '{') this.out += BRACE_OPEN;
      else if (c === '}') this.out += BRACE_CLOSE;
      else if (c === ',') this.out += COMMA;
      else if (c === '~' && this.out === '' && !this.quotedPart) this.out += TILDE;
      else if (c === '*' || c === '?' || c === '[') {
        this.features.add('glob');
        this.literal(c);
      }
      else this.literal(c);
    }
  }

  /** A double-quoted string: literal text between the expansions inside it. */
  string(node: SyntaxNode): void {
    const full = this.text(node);
    const open = full.startsWith('$"') ? 2 : 1;
    let at = node.start + open;
    const end = full.endsWith('"') && full.length > open ? node.end - 1 : node.end;
    for (const child of node.children) {
      if (!child.named) continue;
      if (child.type === 'string_content') continue;
      if (child.start > at) this.literal(unescapeDoubleQuoted(this.host.source.slice(at, child.start)));
      this.emit(child, true);
      at = child.end;
    }
    if (end > at) this.literal(unescapeDoubleQuoted(this.host.source.slice(at, end)));
  }

  expansion(node: SyntaxNode, quoted: boolean): void {
    const text = this.text(node);
    if (this.substitutionsInside(node)) {
      // `${x:-$(cmd)}`: the command inside runs (at least possibly); its value is not followed.
      this.features.add('substitution');
      this.dynamic(text);
      return;
    }
    const simple = /^\$(?:([A-Za-z_][A-Za-z0-9_]*|[0-9]|[@*#?$!_-])|\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!_-])\})$/.exec(text);
    if (simple) {
      this.parameter(simple[1] ?? simple[2], quoted, text);
      return;
    }
    const array = /^\$\{(#?)([A-Za-z_][A-Za-z0-9_]*)\[([@*]|\d+)\]\}$/.exec(text);
    if (array) {
      this.arrayElement(array[1] === '#', array[2], array[3], quoted, text);
      return;
    }
    const indirect = /^\$\{!([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text);
    if (indirect && this.host.lookup(NAMEREF + indirect[1]) === undefined) {
      // `n='a[@]'; "${!n}"`: the indirection names an array's elements, each its own word.
      const target = this.value(indirect[1]);
      const element = target === null ? null : /^([A-Za-z_][A-Za-z0-9_]*)\[([@*]|\d+)\]$/.exec(target);
      if (element) {
        this.arrayElement(false, element[1], element[2], quoted, text);
        return;
      }
    }
    const braced = /^\$\{([\s\S]*)\}$/.exec(text);
    if (!braced) {
      this.dynamic(text);
      return;
    }
    const value = this.operation(braced[1]);
    if (value === null) this.dynamic(text);
    else this.expanded(value, quoted);
  }

  parameter(name: string, quoted: boolean, text: string): void {
    if (name === 'IFS') this.features.add('ifs');
    if (name === '@' || name === '*') {
      const args = this.host.positional();
      if (args === null) {
        this.dynamic(text);
        return;
      }
      const rest = args.slice(1);
      if (quoted && name === '@') {
        if (rest.length === 0) this.emptyAt = true;
        rest.forEach((arg, i) => {
          if (i > 0) this.out += ELEMENT;
          this.literal(arg);
        });
      } else {
        this.expanded(rest.join(quoted ? this.ifs().slice(0, 1) : ' '), quoted);
      }
      return;
    }
    if (name === '#') {
      const args = this.host.positional();
      if (args === null) this.dynamic(text);
      else this.literal(String(Math.max(0, args.length - 1)));
      return;
    }
    const value = this.value(name);
    if (value === null) this.dynamic(text);
    else this.expanded(value, quoted);
  }

  /** `${a[@]}`, `"${a[@]}"`, `${a[1]}`, `${#a[@]}` for arrays assigned in the script. */
  arrayElement(count: boolean, name: string, index: string, quoted: boolean, text: string): void {
    const stored = this.host.lookup(`${name}[@]`);
    let elements: string[] | null;
    if (stored === undefined) {
      // Not an array: bash treats a scalar as a one-element array.
      const scalar = this.value(name);
      elements = scalar === null ? null : [scalar];
    } else elements = stored === null ? null : stored === '' ? [] : stored.split('\0');
    if (elements === null) {
      this.dynamic(text);
      return;
    }
    if (count) {
      this.literal(String(index === '@' || index === '*' ? elements.length : (elements[Number(index)] ?? '').length));
      return;
    }
    if (index === '@' && quoted) {
      if (elements.length === 0) this.emptyAt = true;
      elements.forEach((element, i) => {
        if (i > 0) this.out += ELEMENT;
        this.literal(element);
      });
      return;
    }
    if (index === '@' || index === '*') this.expanded(elements.join(quoted ? this.ifs().slice(0, 1) : ' '), quoted);
    else this.expanded(elements[Number(index)] ?? '', quoted);
  }

  /** A variable's value when statically known. */
  value(name: string): string | null {
    if (/^[0-9]+$/.test(name)) {
      const args = this.host.positional();
      if (args === null) return null;
      return args[Number(name)] ?? '';
    }
    const assigned = this.host.lookup(name);
    if (assigned !== undefined) return assigned;
    if (name === 'HOME') return this.host.home;
    if (name === 'IFS') return DEFAULT_IFS;
    if (/^[A-Za-z_]/.test(name)) this.host.unassigned?.(name);
    return null;
  }

  /** `${name…}` operations that are common in obfuscation and cheap to evaluate. */
  operation(body: string): string | null {
    let m = /^!([A-Za-z_][A-Za-z0-9_]*)$/.exec(body);
    if (m) {
      // `${!R}` of a nameref is the name it refers to, not an indirection.
      const ref = this.host.lookup(NAMEREF + m[1]);
      if (ref !== undefined) return ref;
      // Indirection: the value of the variable named by $name.
      const target = this.value(m[1]);
      if (target === null || !/^[A-Za-z_][A-Za-z0-9_]*$|^[0-9]+$/.test(target)) return null;
      return this.value(target);
    }
    m = /^#([A-Za-z_][A-Za-z0-9_]*)$/.exec(body);
    if (m) {
      const v = this.value(m[1]);
      return v === null ? null : String(v.length);
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+)(:?[-=?+])(.*)$/s.exec(body);
    if (m) {
      if (m[1] === 'IFS') this.features.add('ifs');
      const v = this.value(m[1]);
      const word = literalOperand(m[3]);
      if (m[2].endsWith('+')) return v === null || word === null ? null : v === '' && m[2] === ':+' ? '' : word;
      if (v === null) return null;
      const unset = m[2].startsWith(':') ? v === '' : false;
      return unset ? word : v;
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*):\s*(-?\d+)(?::\s*(-?\d+))?$/.exec(body);
    if (m) {
      if (m[1] === 'IFS') this.features.add('ifs');
      const v = this.value(m[1]);
      if (v === null) return this.knownPrefixSlice(m[1], Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
      const chars = Array.from(v);
      let from = Number(m[2]);
      if (from < 0) from = Math.max(0, chars.length + from);
      let to = chars.length;
      if (m[3] !== undefined) {
        const len = Number(m[3]);
        to = len < 0 ? chars.length + len : from + len;
      }
      return chars.slice(from, Math.max(from, to)).join('');
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)(\/\/?)([^/]*)\/?(.*)$/.exec(body);
    if (m) {
      const v = this.value(m[1]);
      const pattern = literalOperand(m[3]);
      const replacement = literalOperand(m[4]);
      if (v === null || pattern === null || replacement === null || /[*?[]/.test(pattern) || pattern === '') return null;
      return m[2] === '//' ? v.split(pattern).join(replacement) : v.replace(pattern, () => replacement);
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)@([EQULu])$/.exec(body);
    if (m) {
      // `${V@E}` expands backslash escapes as $'…' does; @Q quotes; @U, @L, @u change case.
      const v = this.value(m[1]);
      if (v === null) return null;
      if (m[2] === 'E') {
        this.features.add('ansi_c');
        return decodeAnsiC(v);
      }
      if (m[2] === 'Q') return `'${v.replace(/'/g, `'\\''`)}'`;
      if (m[2] === 'U') return v.toUpperCase();
      if (m[2] === 'L') return v.toLowerCase();
      return v.charAt(0).toUpperCase() + v.slice(1);
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)(\^\^|,,|\^|,)$/.exec(body);
    if (m) {
      const v = this.value(m[1]);
      if (v === null) return null;
      if (m[2] === '^^') return v.toUpperCase();
      if (m[2] === ',,') return v.toLowerCase();
      if (m[2] === '^') return v.charAt(0).toUpperCase() + v.slice(1);
      return v.charAt(0).toLowerCase() + v.slice(1);
    }
    return null;
  }

  /**
   * `${PATH:0:1}` of a variable the script never set, whose value the walk does not know but
   * whose start it does (ENVIRONMENT_PREFIXES): the slice, when it falls inside that start.
   */
  knownPrefixSlice(name: string, from: number, length: number | undefined): string | null {
    const prefix = ENVIRONMENT_PREFIXES[name];
    if (prefix === undefined || this.host.lookup(name) !== undefined || from < 0 || length === undefined || length < 0) return null;
    return from + length <= prefix.length ? prefix.slice(from, from + length) : null;
  }

  /** Brace expansion, field splitting, tilde; then the markers come out. */
  finish(): Word[] {
    if (this.emptyAt && this.out === '') return [];
    let expanded = [this.out];
    if (this.out.includes(BRACE_OPEN)) {
      if (this.out.length > MAX_BRACE_WORD) {
        // A brace pattern this long is not written by hand; it is not expanded.
        this.features.add('overflow');
        expanded = [this.out + DYN_START + DYN_END];
      } else expanded = expandBraces(this.out);
    }
    if (expanded.length > 1) this.features.add('brace');
    const words: Word[] = [];
    for (const candidate of expanded) {
      const elements = candidate.split(ELEMENT);
      for (const element of elements) {
        const fields = element.split(SPLIT);
        // A quoted element stays a word even when empty (`"${a[@]}"` with '' in it); an empty
        // field of unquoted splitting does not.
        if (elements.length > 1 && fields.length === 1) {
          words.push(finishField(element, this.host.home));
          continue;
        }
        for (const field of fields) {
          if (field === '' && (fields.length > 1 || !this.quotedPart)) continue;
          words.push(finishField(field, this.host.home));
        }
      }
    }
    return words;
  }
}

/** The text of an operand in `${x:-word}` when it is a plain literal; null otherwise. */
function literalOperand(text: string): string | null {
  if (/^"[^"$`\\]*"$/.test(text) || /^'[^']*'$/.test(text)) return text.slice(1, -1);
  if (/[$`"'\\]/.test(text)) return null;
  return text;
}

function finishField(field: string, home: string): Word {
  let value = field;
  if (value.startsWith(TILDE) && (value.length === 1 || value[1] === '/' || value[1] === ':')) value = home + value.slice(1);
  const dynamic = value.includes(DYN_START);
  value = value
    .replace(/[\uE004\uE005]/g, '')
    .replace(/\uE000/g, '{')
    .replace(/\uE001/g, '}')
    .replace(/\uE002/g, ',')
    .replace(/\uE006/g, '~');
  return { value, dynamic };
}

/** Bash brace expansion over active markers: `{a,b}` alternatives and `{1..5}`/`{a..e}` ranges. */
export function expandBraces(text: string): string[] {
  const results: string[] = [];
  const pending = [text];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const group = findGroup(current);
    if (group === null) {
      results.push(current);
      if (results.length >= MAX_BRACE_WORDS) break;
      continue;
    }
    const { open, close, alternatives } = group;
    const before = current.slice(0, open);
    const after = current.slice(close + 1);
    if (pending.length + results.length + alternatives.length > MAX_BRACE_WORDS * 4) {
      results.push(current);
      break;
    }
    for (let i = alternatives.length - 1; i >= 0; i--) pending.push(before + alternatives[i] + after);
  }
  return results;
}

/** The first brace group that expands, with its alternatives. */
function findGroup(text: string): { open: number; close: number; alternatives: string[] } | null {
  for (let open = text.indexOf(BRACE_OPEN); open !== -1; open = text.indexOf(BRACE_OPEN, open + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = open + 1; i < text.length; i++) {
      const c = text[i];
      if (c === BRACE_OPEN) depth++;
      else if (c === BRACE_CLOSE) {
        if (depth === 0) {
          const inner = text.slice(open + 1, i);
          if (commas.length > 0) {
            const alternatives: string[] = [];
            let from = open + 1;
            for (const comma of commas) {
              alternatives.push(text.slice(from, comma));
              from = comma + 1;
            }
            alternatives.push(text.slice(from, i));
            return { open, close: i, alternatives };
          }
          const range = expandRange(inner);
          if (range !== null) return { open, close: i, alternatives: range };
          break;
        }
        depth--;
      } else if (c === COMMA && depth === 0) commas.push(i);
    }
  }
  return null;
}

function expandRange(inner: string): string[] | null {
  const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(inner);
  if (!m) return null;
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  const numeric = /\d/.test(m[1]) && /\d/.test(m[2]);
  if (!numeric && (/\d/.test(m[1]) || /\d/.test(m[2]))) return null;
  const from = numeric ? Number(m[1]) : m[1].charCodeAt(0);
  const to = numeric ? Number(m[2]) : m[2].charCodeAt(0);
  const out: string[] = [];
  const dir = from <= to ? 1 : -1;
  for (let v = from; dir > 0 ? v <= to : v >= to; v += dir * step) {
    out.push(numeric ? String(v) : String.fromCharCode(v));
    if (out.length >= MAX_BRACE_WORDS) break;
  }
  return out;
}

export interface ResolvedWords {
  words: Word[];
  features: Set<WordFeature>;
}

/** Resolve one argument node into the argv words it becomes. */
export function resolveWord(node: SyntaxNode, host: WordHost): ResolvedWords {
  const builder = new WordBuilder(host);
  builder.emit(node, false);
  return { words: builder.finish(), features: builder.features };
}

/**
 * Resolve a node as bash does in an assignment value or a redirection target: no field
 * splitting, no brace expansion; one string.
 */
export function resolveScalar(node: SyntaxNode, host: WordHost): { value: string; dynamic: boolean; features: Set<WordFeature> } {
  const builder = new WordBuilder(host);
  builder.emit(node, true);
  const raw = builder.out.split(ELEMENT).join(' ').split(SPLIT).join(' ');
  const word = finishField(raw, host.home);
  return { value: word.value, dynamic: word.dynamic, features: builder.features };
}

/**
 * A heredoc body: literal when the delimiter is quoted, else `$x`, `$(…)` and `\$`
 * escapes are processed (no quote removal, no splitting).
 */
export function resolveHeredoc(body: SyntaxNode, host: WordHost, expand: boolean): { value: string; dynamic: boolean } {
  const text = host.source.slice(body.start, body.end);
  if (!expand) return { value: text, dynamic: false };
  const builder = new WordBuilder(host);
  let at = body.start;
  for (const child of body.children) {
    if (!child.named || child.type === 'heredoc_content') continue;
    if (child.start > at) builder.literal(unescapeHeredoc(host.source.slice(at, child.start)));
    builder.emit(child, true);
    at = child.end;
  }
  if (body.end > at) builder.literal(unescapeHeredoc(host.source.slice(at, body.end)));
  const word = finishField(builder.out.split(ELEMENT).join(' ').split(SPLIT).join(' '), host.home);
  return { value: word.value, dynamic: word.dynamic };
}

function unescapeHeredoc(text: string): string {
  return text.replace(/\\([$`\\])/g, '$1').replace(/\\\n/g, '');
}

export { unescapeUnquoted };

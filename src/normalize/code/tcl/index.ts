/**
 * Tcl (tclsh, wish) inline code → effects. No tree-sitter grammar for Tcl installs on Node 20,
 * and Tcl's syntax is small enough to read exactly: a script is commands separated by newlines
 * and `;`; a command is words; `{…}` is literal, `"…"` and bare words substitute `$var`,
 * `$env(NAME)` and `[command]`. What a command does is in table.ts, applied by the shared
 * engine, so `exec rm -rf ~`, `file delete -force $env(HOME)`, `open "|sh -c …"`, `socket h p`
 * and `http::geturl $u -method DELETE` state the same effects as their bash and python twins.
 *
 * Bodies of control commands (if, while, for, foreach, proc, catch, eval…) are read as code, as
 * if they ran. A command whose name is not a constant, or a script this reader cannot split
 * (an unbalanced brace or bracket), is an `unknown` effect: never allowed silently.
 */
import { envValue, type Analysis } from '../engine.js';
import { constant, dyn, mergeSources, str, type Value } from '../values.js';

const MAX_DEPTH = 8;
const MAX_COMMANDS = 400;

interface Word {
  /** The word as written. */
  raw: string;
  /** `{*}` before it: its items are spliced in as words. */
  expand: boolean;
  braced: boolean;
}

class TclReader {
  private commands = 0;
  private readonly vars = new Map<string, Value>();

  constructor(readonly a: Analysis) {}

  script(code: string, depth: number): Value {
    if (depth > MAX_DEPTH) {
      this.a.unknown('nesting:tcl');
      return dyn('tcl');
    }
    const commands = splitCommands(code);
    if (commands === null) {
      this.a.unknown('parse_error:tcl');
      return dyn('tcl');
    }
    let last: Value = str('');
    for (const words of commands) {
      if (++this.commands > MAX_COMMANDS) {
        this.a.unknown('too_long');
        break;
      }
      last = this.command(words, depth);
    }
    return last;
  }

  /** The value of a word: substitutions done where Tcl does them. */
  word(w: Word, depth: number): Value {
    if (w.braced) return str(w.raw);
    const text = w.raw.startsWith('"') && w.raw.endsWith('"') && w.raw.length >= 2 ? w.raw.slice(1, -1) : w.raw;
    return this.substitute(text, depth);
  }

  private substitute(text: string, depth: number): Value {
    const parts: Value[] = [];
    let lit = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') {
        const next = text[i + 1] ?? '';
        lit += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
        i += 2;
        continue;
      }
      if (c === '[') {
        const end = closing(text, i, '[', ']');
        if (end === -1) return dyn(text);
        if (lit) parts.push(str(lit));
        lit = '';
        parts.push(this.script(text.slice(i + 1, end), depth + 1));
        i = end + 1;
        continue;
      }
      if (c === '$') {
        const m = /^\$(?:\{([^}]*)\}|((?:::)?[A-Za-z_][\w:]*)(?:\(([^)]*)\))?)/.exec(text.slice(i));
        if (m !== null) {
          if (lit) parts.push(str(lit));
          lit = '';
          parts.push(this.variable(m[1] ?? m[2]!, m[3] === undefined ? null : this.substitute(m[3], depth)));
          i += m[0].length;
          continue;
        }
      }
      lit += c;
      i++;
    }
    if (lit || parts.length === 0) parts.push(str(lit));
    if (parts.every((p) => constant(p) !== null)) return str(parts.map((p) => constant(p)).join(''), false, mergeSources(parts));
    return dyn(parts.map((p) => constant(p) ?? '\u0000').join(''), mergeSources(parts));
  }

  private variable(name: string, index: Value | null): Value {
    const bare = name.replace(/^::/, '');
    if (bare === 'env') {
      const key = constant(index ?? undefined);
      return envValue(key);
    }
    if (index !== null) return dyn(`$${bare}()`);
    return this.vars.get(bare) ?? dyn(`$${bare}`);
  }

  private command(words: Word[], depth: number): Value {
    const values: Value[] = [];
    for (const w of words) {
      const v = this.word(w, depth);
      if (w.expand) {
        const text = constant(v);
        if (text !== null) for (const item of splitList(text) ?? [text]) values.push(str(item, false, v.sources));
        else values.push(v);
      } else values.push(v);
    }
    const name = constant(values[0])?.replace(/^::/, '');
    if (name === undefined || name === null) {
      this.a.unknown('dynamic_command');
      return dyn('tcl');
    }
    const args = values.slice(1);
    const handler = COMMANDS[name];
    if (handler !== undefined) return handler(this, args, words.slice(1), depth);
    return this.a.call({ name, args, kwargs: {}, receiver: null });
  }

  set(name: string, v: Value): void {
    if (this.vars.size < 1024) this.vars.set(name, v);
  }

  /** A braced body run as code (if/while/proc bodies): read as Tcl. */
  body(w: Word | undefined, v: Value | undefined, depth: number): void {
    if (w === undefined || v === undefined) return;
    const code = constant(v);
    if (code === null) this.a.unknown('dynamic_code:tcl');
    else this.script(code, depth + 1);
  }

  call(name: string, args: Value[], kwargs: Record<string, Value> = {}): Value {
    return this.a.call({ name, args, kwargs, receiver: null });
  }
}

type Handler = (r: TclReader, args: Value[], words: Word[], depth: number) => Value;

/** `-opt value` pairs before the operands (http::geturl u -method DELETE, socket -myaddr a h p). */
function options(args: Value[], flags: ReadonlySet<string>, valued: ReadonlySet<string>): { opts: Record<string, Value>; rest: Value[] } {
  const opts: Record<string, Value> = {};
  const rest: Value[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = constant(args[i]);
    if (t === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (t !== null && valued.has(t) && i + 1 < args.length) opts[t.slice(1)] = args[++i]!;
    else if (t !== null && flags.has(t)) opts[t.slice(1)] = str('1');
    else rest.push(args[i]!);
  }
  return { opts, rest };
}

/** Tcl's exec words (with its own `|`, `<`, `>` and `&`) as a shell line. */
function execLine(args: Value[]): Value {
  const { rest } = options(args, new Set(['-ignorestderr', '-keepnewline']), new Set());
  const texts = rest.map((v) => constant(v));
  if (texts.some((t) => t === null)) return dyn('exec', mergeSources(rest));
  const line = (texts as string[]).map((t) => (/^(?:\||\|&|<|<<|<@|>|2>|>>|2>>|>&|>>&|>@|2>@|&)$/.test(t) || /^(?:[<>]|2>)\S/.test(t) || /^[\w@%+=:,./~-]+$/.test(t) ? t : `'${t.replace(/'/g, `'\\''`)}'`)).join(' ');
  return str(line);
}

const CONTROL_BODIES: Record<string, (args: number) => number[]> = {
  // Which argument positions are code (the rest are conditions, names, lists).
  while: () => [1],
  for: () => [0, 2, 3],
  lmap: (n) => [n - 1],
  dict: () => [],
  catch: () => [0],
  time: () => [0],
  proc: () => [2],
  after: (n) => (n >= 2 ? [n - 1] : []),
  namespace: () => [],
  try: () => [0],
};

/** A Tcl list of these items (braced where an item holds blanks or is empty). */
function tclList(items: Value[]): Value {
  const texts = items.map((v) => constant(v));
  if (texts.some((t) => t === null)) return dyn('list', mergeSources(items));
  return str((texts as string[]).map((t) => (t === '' || /[\s{}"\\[\]$;]/.test(t) ? `{${t}}` : t)).join(' '), false, mergeSources(items));
}

const COMMANDS: Record<string, Handler> = {
  list: (_r, args) => tclList(args),
  concat: (_r, args) => tclList(args),
  foreach: (r, args, words, depth) => {
    // `foreach d [glob ~/*] {…}`: the variable stands for the list's items (a glob's pattern for its matches).
    const name = constant(args[0]);
    if (args.length === 3 && name !== null && /^\w+$/.test(name)) {
      const items = constant(args[1]);
      const list = items === null ? null : splitList(items);
      r.set(name, list !== null && list.length > 1 ? dyn(`$${name}`, args[1]!.sources) : (args[1] ?? dyn(`$${name}`)));
    }
    r.body(words[args.length - 1], args[args.length - 1], depth);
    return dyn('foreach');
  },
  set: (r, args) => {
    const name = constant(args[0]);
    if (name !== null && args[1] !== undefined) r.set(name, args[1]);
    return args[1] ?? (name !== null ? dyn(`$${name}`) : dyn('set'));
  },
  exec: (r, args) => r.call('exec', [execLine(args)]),
  open: (r, args) => {
    const target = constant(args[0]);
    if (target !== null && target.startsWith('|')) {
      const words = splitList(target.slice(1));
      return r.call('exec', [words === null ? dyn('open |') : execLine(words.map((w) => str(w)))]);
    }
    return r.call('open', args);
  },
  file: (r, args) => {
    const sub = constant(args[0]);
    const rest = args.slice(1);
    if (sub === 'delete') {
      const { opts, rest: paths } = options(rest, new Set(['-force']), new Set());
      for (const p of paths) r.call(opts.force ? 'file.delete.force' : 'file.delete', [p]);
      return str('');
    }
    if (sub === 'rename' || sub === 'copy' || sub === 'link') {
      const { rest: ops } = options(rest, new Set(['-force', '-symbolic', '-hard']), new Set());
      const to = ops[ops.length - 1];
      for (const from of ops.slice(0, -1)) r.call(`file.${sub}`, sub === 'link' ? [to!, from] : [from, to!]);
      return str('');
    }
    if (sub === 'join') {
      const texts = rest.map((v) => constant(v));
      return texts.every((t) => t !== null) ? str((texts as string[]).join('/').replace(/\/+/g, '/'), false, mergeSources(rest)) : dyn('file join', mergeSources(rest));
    }
    if (sub === 'normalize' || sub === 'nativename') return rest[0] ?? dyn('file');
    if (sub === 'attributes' && rest.length >= 3) return r.call('file.attributes', rest);
    if (sub === 'mkdir' || sub === 'exists' || sub === 'isdirectory' || sub === 'isfile' || sub === 'dirname' || sub === 'tail' || sub === 'extension' || sub === 'size' || sub === 'mtime') return dyn(`file ${sub}`);
    return r.call(`file.${sub ?? '?'}`, rest);
  },
  glob: (_r, args) => {
    const { rest } = options(args, new Set(['-nocomplain', '-join', '-tails']), new Set(['-directory', '-path', '-types']));
    return rest[rest.length - 1] ?? dyn('glob');
  },
  socket: (r, args) => {
    const { opts, rest } = options(args, new Set(['-async']), new Set(['-server', '-myaddr', '-myport']));
    if (opts.server !== undefined) return r.call('socket.server', [rest[rest.length - 1] ?? dyn('port')]);
    return r.call('socket', rest);
  },
  'http::geturl': (r, args) => {
    const { opts, rest } = options(args, new Set(['-binary', '-keepalive', '-validate']), new Set(['-method', '-query', '-headers', '-timeout', '-type', '-channel', '-command', '-progress', '-blocksize', '-queryblocksize', '-querychannel', '-handler', '-protocol', '-strict']));
    const kwargs: Record<string, Value> = {};
    if (opts.method !== undefined) kwargs.method = opts.method;
    for (const k of ['query', 'headers']) if (opts[k] !== undefined) kwargs[k] = opts[k]!;
    return r.call('http::geturl', rest, kwargs);
  },
  eval: (r, args, _w, depth) => {
    const texts = args.map((v) => constant(v));
    if (texts.some((t) => t === null)) {
      r.call('eval', [dyn('eval', mergeSources(args))]);
      return dyn('eval');
    }
    return r.script((texts as string[]).join(' '), depth + 1);
  },
  uplevel: (r, args, words, depth) => {
    const first = constant(args[0]);
    const skip = first !== null && /^#?\d+$/.test(first) ? 1 : 0;
    return COMMANDS.eval!(r, args.slice(skip), words.slice(skip), depth);
  },
  if: (r, args, words, depth) => {
    // if cond ?then? body ?elseif cond ?then? body …? ?else? ?body?
    let i = 1;
    while (i < args.length) {
      if (constant(args[i]) === 'then') i++;
      r.body(words[i], args[i], depth);
      i++;
      const kw = constant(args[i]);
      if (kw === 'elseif') i += 2;
      else if (kw === 'else') {
        r.body(words[i + 1], args[i + 1], depth);
        break;
      } else if (i < args.length) {
        r.body(words[i], args[i], depth); // `if c a b`: the else body without the keyword
        break;
      }
    }
    return dyn('if');
  },
  switch: (r, args, words, depth) => {
    // The last word is a braced list of pattern/body pairs: every body may run.
    const list = constant(args[args.length - 1]);
    const items = list === null ? null : splitList(list);
    if (items === null) {
      r.a.unknown('parse_error:tcl');
      return dyn('switch');
    }
    for (let i = 1; i < items.length; i += 2) if (items[i] !== '-') r.body({ raw: items[i]!, expand: false, braced: true }, str(items[i]!), depth);
    void words;
    return dyn('switch');
  },
};

for (const [name, positions] of Object.entries(CONTROL_BODIES)) {
  COMMANDS[name] = (r, args, words, depth) => {
    for (const i of positions(args.length)) r.body(words[i], args[i], depth);
    return dyn(name);
  };
}

/** The index of the bracket closing the one at `open`, or -1. */
function closing(text: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === o) depth++;
    else if (ch === c && --depth === 0) return i;
  }
  return -1;
}

/** A script's commands as words, or null when a brace, quote or bracket does not close. */
export function splitCommands(code: string): Word[][] | null {
  const commands: Word[][] = [];
  let words: Word[] = [];
  let i = 0;
  const n = code.length;
  while (i < n) {
    const c = code[i]!;
    if (c === '\n' || c === ';') {
      if (words.length > 0) commands.push(words);
      words = [];
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && code[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#' && words.length === 0) {
      while (i < n && code[i] !== '\n') {
        if (code[i] === '\\') i++;
        i++;
      }
      continue;
    }
    let expand = false;
    if (code.startsWith('{*}', i) && i + 3 < n && !/\s/.test(code[i + 3]!)) {
      expand = true;
      i += 3;
    }
    const start = i;
    if (code[i] === '{') {
      const end = closing(code, i, '{', '}');
      if (end === -1) return null;
      words.push({ raw: code.slice(i + 1, end), expand, braced: true });
      i = end + 1;
      continue;
    }
    if (code[i] === '"') {
      i++;
      while (i < n && code[i] !== '"') {
        i = pastWordChar(code, i);
        if (i === -1) return null;
      }
      if (i >= n) return null;
      i++;
      words.push({ raw: code.slice(start, i), expand, braced: false });
      continue;
    }
    while (i < n && !/[\s;]/.test(code[i]!)) {
      i = pastWordChar(code, i);
      if (i === -1) return null;
    }
    words.push({ raw: code.slice(start, i), expand, braced: false });
  }
  if (words.length > 0) commands.push(words);
  return commands;
}

/** A Tcl list's items (braces and quotes grouped), or null when it does not close. */
function splitList(text: string): string[] | null {
  const commands = splitCommands(text.replace(/[\n;]/g, ' '));
  if (commands === null) return null;
  return (commands[0] ?? []).map((w) => (w.braced ? w.raw : w.raw.replace(/^"(.*)"$/s, '$1')));
}

/** Reads Tcl code into the analysis. */
export function walkTcl(code: string, a: Analysis): void {
  new TclReader(a).script(code, 0);
}

/**
 * The index after one character of a word: a backslash takes the next character with it, and a
 * `[` takes its whole command substitution. -1 when a `[` is never closed.
 */
function pastWordChar(code: string, i: number): number {
  if (code[i] === '\\') return i + 2;
  if (code[i] === '[') {
    const end = closing(code, i, '[', ']');
    return end === -1 ? -1 : end + 1;
  }
  return i + 1;
}

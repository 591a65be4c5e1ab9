/**
 * What every language walker shares: a handler per node type (the language's own file
 * lists them), a default that visits every named child so no call is missed, variables
 * assigned constants, import aliases, loops, and the string methods that fold constants
 * (join, format, replace, reverse, encode/decode …) whose meaning is the same across the
 * languages. Calls go to the Analysis (engine.ts), which knows what they do.
 */
import { field, namedChildren, type CodeNode } from './grammars.js';
import { decode } from './decoders.js';
import { attribute, envObject, isEnvName, type Analysis } from './engine.js';
import { concat, constant, dyn, HOLE, items, list, mergeSources, NONE, num, str, text, type Value } from './values.js';

/** Nodes visited for one piece of code; past it the rest is unknown. */
const MAX_STEPS = 20_000;

export type Handler<W> = (this: W, node: CodeNode) => Value;

export abstract class Walker {
  readonly env = new Map<string, Value>();
  /** Local name → canonical dotted name (`import subprocess as sp`, `from os import system`). */
  readonly aliases = new Map<string, string>();
  /** Modules imported with `*`: a bare name may be one of theirs. */
  readonly starModules: string[] = [];
  private steps = 0;

  constructor(readonly a: Analysis) {}

  protected abstract readonly handlers: Record<string, Handler<this>>;

  ev(node: CodeNode | undefined): Value {
    if (node === undefined) return NONE;
    if (++this.steps > MAX_STEPS) {
      this.a.unknown('too_complex');
      return dyn(node.text);
    }
    const handler = this.handlers[node.type];
    if (handler !== undefined) return handler.call(this, node);
    return this.visitChildren(node);
  }

  visitChildren(node: CodeNode): Value {
    const sources: Value[] = [];
    for (const child of node.children) if (child.named) sources.push(this.ev(child));
    return dyn(node.text.length > 64 ? node.text.slice(0, 64) : node.text, mergeSources(sources));
  }

  /** A bare name: a variable, an imported name, or a builtin the table knows. */
  name(id: string): Value {
    const v = this.env.get(id);
    if (v !== undefined) return v;
    if (isEnvName(id)) return envObject();
    const alias = this.aliases.get(id);
    if (alias !== undefined) return { k: 'ref', name: alias, sources: [] };
    for (const m of this.starModules) if (this.a.spec(`${m}.${id}`) !== undefined) return { k: 'ref', name: `${m}.${id}`, sources: [] };
    return { k: 'ref', name: id, sources: [] };
  }

  /** Run the body of a loop; `unbounded` when nothing bounds it statically. */
  loop(unbounded: boolean, body: () => void): void {
    this.a.loops++;
    if (unbounded) this.a.unboundedLoops++;
    try {
      body();
    } finally {
      this.a.loops--;
      if (unbounded) this.a.unboundedLoops--;
    }
  }

  /** Call a value with arguments. */
  invoke(fn: Value, args: Value[], kwargs: Record<string, Value> = {}): Value {
    if (fn.k === 'ref') return this.a.call({ name: fn.name, args, kwargs, receiver: null });
    if (fn.k === 'method') {
      const folded = stringMethod(fn.recv, fn.name, args, kwargs);
      if (folded !== null) return folded;
      const recv = fn.recv;
      if (recv.k === 'ref') return this.a.call({ name: `${recv.name}.${fn.name}`, args, kwargs, receiver: null });
      const cls = recv.k === 'obj' ? recv.cls : '?';
      return this.a.call({ name: `${cls}#${fn.name}`, args, kwargs, receiver: recv });
    }
    // A string called as a function (`$f = "system"; $f(…)`, `send("system", …)`): the function it names.
    if (fn.k === 'str' && /^[A-Za-z_][\w.:\\]*$/.test(fn.v)) return this.a.call({ name: fn.v, args, kwargs, receiver: null });
    // Calling a value of unknown kind: its result carries what went in.
    return dyn('call()', mergeSources([fn, ...args, ...Object.values(kwargs)]));
  }

  attr(target: Value, name: string): Value {
    return attribute(target, name);
  }

  assign(name: string, value: Value): void {
    if (this.env.size < 4096) this.env.set(name, value);
  }

  /** A call by its canonical name, with positional arguments only. */
  callNamed(name: string, args: Value[], receiver: Value | null = null): Value {
    return this.a.call({ name, args, kwargs: {}, receiver });
  }

  /**
   * A binary expression: both sides walked, its operator, and the number it folds to when
   * both sides are constant numbers and the language folds the operator (`ops`, see foldNumbers).
   */
  operands(n: CodeNode, ops?: Readonly<Record<string, string>>): { left: Value; right: Value; op: string; folded: Value | null } {
    const left = this.ev(field(n, 'left'));
    const right = this.ev(field(n, 'right'));
    const op = n.children.find((c) => c.field === 'operator')?.text ?? n.children.find((c) => !c.named)?.text ?? '';
    return { left, right, op, folded: foldNumbers(op, left, right, ops) };
  }

  /** What an expression that folds to no constant stands for: its text, with the sources of its parts. */
  opaque(n: CodeNode, ...parts: Value[]): Value {
    return dyn(n.text, parts.flatMap((p) => p.sources));
  }

  /** The node type of a plain variable in this grammar. */
  protected readonly variable: string = 'identifier';

  /** `target = value`: a plain variable keeps the value; another target is walked for the calls in it. */
  bind(target: CodeNode | undefined, value: Value): void {
    if (target?.type === this.variable) this.assign(target.text, value);
    else this.ev(target);
  }

  /**
   * `x += y`, `x .= y`: the joined value; inside an unbounded loop it grows without bound.
   * The target was walked already: only a plain variable is bound again, unless the
   * language binds every target (`rebind: 'bind'`).
   */
  augmentedAssignment(n: CodeNode, rebind: 'variable' | 'bind' = 'variable'): Value {
    const left = field(n, 'left');
    const joined = concat([this.ev(left), this.ev(field(n, 'right'))]);
    if (this.a.unboundedLoops > 0) this.a.allocate(null);
    if (rebind === 'bind') this.bind(left, joined);
    else if (left?.type === this.variable) this.assign(left.text, joined);
    return joined;
  }

  /**
   * `while cond …` / `until cond …`: the body runs as a loop, unbounded when the condition
   * is a constant that never ends it (`forever` says which). The body is the `body` field,
   * or, in grammars that give none (`rest`), every named child but the condition.
   */
  conditionLoop(n: CodeNode, forever: (cond: Value) => boolean = nonZero, body: 'body' | 'rest' = 'body'): Value {
    const cond = this.ev(field(n, 'condition'));
    if (body === 'body') this.loop(forever(cond), () => this.ev(field(n, 'body')));
    else this.loop(forever(cond), () => namedChildren(n).forEach((c) => c.field !== 'condition' && this.ev(c)));
    return dyn('');
  }

  /**
   * A function definition: its body is walked once, as a loop that has no static bound when
   * the body calls the function itself (fork bombs are written so). `call` is what follows
   * the name at a call: `(` in most languages, a word boundary where calls need no parentheses.
   */
  definition(name: string, body: readonly (CodeNode | undefined)[], call: 'parens' | 'word' = 'parens', flags = ''): Value {
    const pattern = new RegExp(`\\b${name.replace(/\W/g, '')}${call === 'parens' ? '\\s*\\(' : '\\b'}`, flags);
    const recursive = name !== '' && body.some((b) => b !== undefined && pattern.test(b.text));
    this.loop(recursive, () => body.forEach((b) => this.ev(b)));
    return dyn('');
  }
}

/** A constant condition that holds: a non-zero number. */
export function nonZero(v: Value): boolean {
  return v.k === 'num' && v.v !== 0;
}

/** A constant condition that holds in languages where a non-empty string is true too. */
export function truthy(v: Value): boolean {
  return nonZero(v) || (v.k === 'str' && v.v !== '');
}

/** A constant condition that fails: zero (`until false`, `repeat … until false`). */
export function zero(v: Value): boolean {
  return v.k === 'num' && v.v === 0;
}

/** Handlers every grammar needs alike: booleans fold to 1 and 0, comments state nothing. */
export const LITERAL_HANDLERS = {
  true: () => num(1),
  false: () => num(0),
  comment: () => dyn(''),
} satisfies Record<string, Handler<Walker>>;

/*
 * Handlers of constructs most grammars have under names of their own: a language lists
 * them under its node types (`parenthesized_expression: parenthesized`).
 */

/** What the shared handlers use of a walker (any language's walker is one). */
type WalkerCore = Pick<Walker, 'ev' | 'visitChildren' | 'bind' | 'augmentedAssignment' | 'conditionLoop'>;

/** `(x)` is x; a parenthesised list of several is visited as it stands. */
export function parenthesized(this: WalkerCore, n: CodeNode): Value {
  const inner = namedChildren(n);
  return inner.length === 1 ? this.ev(inner[0]) : this.visitChildren(n);
}

/** An array or tuple literal: a list of its named children. */
export function elements(this: WalkerCore, n: CodeNode): Value {
  return list(namedChildren(n).map((c) => this.ev(c)));
}

/** `-x` folds on a constant number; other unary operators leave the value as it is. */
export function unary(this: WalkerCore, n: CodeNode): Value {
  const v = this.ev(field(n, 'argument'));
  if (v.k === 'num' && n.text.trim().startsWith('-')) return num(-v.v);
  return v;
}

/** `left = right`: the value assigned. */
export function assignment(this: WalkerCore, n: CodeNode): Value {
  const value = this.ev(field(n, 'right'));
  this.bind(field(n, 'left'), value);
  return value;
}

/** `left += right` where only a plain variable is bound again. */
export function augmentedAssignment(this: WalkerCore, n: CodeNode): Value {
  return this.augmentedAssignment(n);
}

/** `while cond` with a `body` field: unbounded when the condition is a non-zero constant. */
export function whileLoop(this: WalkerCore, n: CodeNode): Value {
  return this.conditionLoop(n, nonZero);
}

/** Arithmetic on two constant numbers, by operator; other operators do not fold. */
const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '*': (a, b) => a * b,
  '**': (a, b) => a ** b,
  '<<': (a, b) => a * 2 ** b,
};

const EVERY_OPERATOR: Readonly<Record<string, string>> = Object.fromEntries(Object.keys(ARITHMETIC).map((op) => [op, op]));

/**
 * `left op right` folded when both are constant numbers and the language folds `op`
 * (`ops` lists them, spelled as the language spells them, mapped to the shared meaning);
 * null otherwise.
 */
export function foldNumbers(op: string, left: Value, right: Value, ops: Readonly<Record<string, string>> = EVERY_OPERATOR): Value | null {
  const meaning = ops[op];
  const fn = meaning === undefined ? undefined : ARITHMETIC[meaning];
  if (fn === undefined || left.k !== 'num' || right.k !== 'num') return null;
  return num(fn(left.v, right.v));
}

/** Parts of a string literal or interpolation joined; an empty literal is the empty string. */
export function joinParts(parts: Value[]): Value {
  return parts.length === 0 ? str('') : concat(parts);
}

/** Python-style `{}` / `{0}` / `{name}` formatting. */
export function formatBraces(fmt: string, args: Value[], kwargs: Record<string, Value>): Value {
  let i = 0;
  const parts: Value[] = [];
  let last = 0;
  const re = /\{\{|\}\}|\{([^{}]*)\}/g;
  for (const m of fmt.matchAll(re)) {
    parts.push(str(fmt.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[0] === '{{' || m[0] === '}}') {
      parts.push(str(m[0][0]));
      continue;
    }
    const key = (m[1] ?? '').split(/[!:]/)[0];
    const v = key === '' ? args[i++] : /^\d+$/.test(key) ? args[Number(key)] : kwargs[key];
    parts.push(v ?? dyn(''));
  }
  parts.push(str(fmt.slice(last)));
  return concat(parts);
}

/** printf-style `%s`/`%d`/`%r` formatting (python `%`, sprintf, String.format). */
export function formatPercent(fmt: string, args: Value[]): Value {
  let i = 0;
  const parts: Value[] = [];
  let last = 0;
  for (const m of fmt.matchAll(/%%|%[-+ #0]*\d*(?:\.\d+)?[sdrfixXoc]/g)) {
    parts.push(str(fmt.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[0] === '%%') {
      parts.push(str('%'));
      continue;
    }
    const v = args[i++];
    if (m[0].endsWith('c') && v?.k === 'num') parts.push(str(String.fromCodePoint(v.v)));
    else parts.push(v ?? dyn(''));
  }
  parts.push(str(fmt.slice(last)));
  return concat(parts);
}

/** Methods of constant strings and lists that fold to constants; null when `name` is none of them. */
export function stringMethod(recv: Value, name: string, args: Value[], kwargs: Record<string, Value>): Value | null {
  const s = recv.k === 'str' ? recv.v : null;
  const arr = items(recv);
  switch (name) {
    case 'join':
      if (s !== null && args[0] !== undefined) {
        const parts = items(args[0]);
        if (parts === null) return args[0].k === 'str' ? str([...args[0].v].join(s), args[0].decoded) : dyn('join()', args[0].sources);
        return joinValues(parts, s);
      }
      if (arr !== null) return joinValues(arr, constant(args[0]) ?? (args.length === 0 ? ',' : ''));
      return null;
    case 'format':
      return s !== null ? formatBraces(s, args, kwargs) : null;
    case 'replace':
    case 'replaceAll':
    case 'gsub':
    case 'sub': {
      const from = constant(args[0]);
      const to = text(args[1]);
      if (s === null || from === null || to === null) return recv.k === 'str' ? dyn(s ?? '', recv.sources) : null;
      return { ...str(s.split(from).join(to), recv.k === 'str' && recv.decoded, recv.sources) };
    }
    case 'encode':
    case 'decode':
    case 'force_encoding':
      if (recv.k !== 'str' && recv.k !== 'dyn') return null;
      if (args.length > 0 && recv.k === 'str') {
        const codec = (constant(args[0]) ?? '').toLowerCase();
        if (/^(?:utf-?8|ascii|latin-?1|utf-?16|binary)$/.test(codec)) return recv;
        return decode('codec', [recv, args[0]]) ?? dyn(name, recv.sources);
      }
      return recv;
    case 'upper':
    case 'toUpperCase':
    case 'upcase':
      return s !== null ? str(s.toUpperCase(), recv.k === 'str' && recv.decoded) : null;
    case 'lower':
    case 'toLowerCase':
    case 'downcase':
      return s !== null ? str(s.toLowerCase(), recv.k === 'str' && recv.decoded) : null;
    case 'strip':
    case 'trim':
    case 'chomp':
      return s !== null ? str(s.trim(), recv.k === 'str' && recv.decoded) : null;
    case 'reverse':
    case 'reversed':
      if (s !== null) return decode('reverse', [recv]);
      if (arr !== null) return list([...arr].reverse());
      return null;
    case 'split':
      if (s !== null && constant(args[0]) === '') return list([...s].map((c) => str(c)));
      if (s !== null && args.length === 0) return list(s.split(/\s+/).filter((x) => x !== '').map((c) => str(c)));
      if (s !== null && constant(args[0]) !== null) return list(s.split(constant(args[0])!).map((c) => str(c)));
      return null;
    case 'concat':
      if (s !== null) return concat([recv, ...args]);
      if (arr !== null) return list([...arr, ...args.flatMap((x) => items(x) ?? [x])]);
      return null;
    case 'toString':
    case 'to_s':
    case 'valueOf':
      if (recv.k === 'str' || recv.k === 'num') return recv.k === 'num' ? str(String(recv.v)) : recv;
      return null;
    case 'substring':
    case 'slice':
    case 'substr':
      if (s === null) return null;
      return str(s.slice(Number(constant(args[0]) ?? 0), args[1] === undefined ? undefined : Number(constant(args[1]) ?? s.length)), recv.k === 'str' && recv.decoded);
    case 'repeat':
    case 'ljust':
    case 'rjust':
    case 'center':
      return s !== null && name === 'repeat' ? repeat(recv, args[0]) : null;
    case 'unpack1':
    case 'unpack': {
      // Ruby: "…".unpack1("m") is base64, "H*" hex.
      const fmt = constant(args[0]) ?? '';
      const out = fmt.startsWith('m') ? decode('base64', [recv]) : fmt.startsWith('H') ? decode('hex', [recv]) : null;
      return out === null ? null : name === 'unpack' ? list([out]) : out;
    }
    case 'pack': {
      const fmt = constant(args[0]) ?? '';
      if (arr === null) return null;
      if (fmt.startsWith('H')) return decode('hex', arr.slice(0, 1));
      if (fmt.startsWith('m')) return decode('base64', arr.slice(0, 1));
      if (/^[UCc]/.test(fmt)) return decode('chr', arr);
      return null;
    }
    case 'tr': {
      const from = constant(args[0]);
      const to = constant(args[1]);
      if (s === null || from === null || to === null) return null;
      if (from === 'A-Za-z' && /^N-ZA-Mn-za-m$/.test(to)) return decode('rot13', [recv]);
      return null;
    }
    case 'map':
      return null;
    default:
      return null;
  }
}

function joinValues(parts: Value[], sep: string): Value {
  const out: Value[] = [];
  parts.forEach((p, i) => {
    if (i > 0 && sep !== '') out.push(str(sep));
    out.push(p);
  });
  return out.length === 0 ? str('') : concat(out);
}

/** `"A" * n`, `"A".repeat(n)`: only the size matters, the text is not built. */
export function repeat(s: Value, times: Value | undefined): Value {
  const n = times?.k === 'num' ? times.v : Number(constant(times) ?? NaN);
  const t = text(s);
  if (t === null || !Number.isFinite(n)) return dyn('repeat', s.sources);
  if (t.length * n > 1 << 16) return dyn(`${t.slice(0, 16)}…×${n}`, s.sources);
  return str(t.repeat(Math.max(0, n)), s.k === 'str' && s.decoded);
}

/** Size in bytes of `s * n` when both are known, for allocation effects. */
export function repeatSize(s: Value, times: Value): number | null {
  const n = times.k === 'num' ? times.v : null;
  const t = text(s);
  if (n === null) return null;
  if (t !== null) return t.length * n;
  if (s.k === 'list') return s.items.length * n * 8;
  return null;
}

export { HOLE, num };

/** C-style escapes in double-quoted strings (ruby, php, perl, lua): \n \t \xNN \u{…} \NNN. */
export function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|[0-7]{1,3}|e|.)/gs, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e[0] === 'u' && e.length === 5) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}

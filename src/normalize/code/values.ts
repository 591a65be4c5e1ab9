/**
 * What an expression of inline code is known to be before it runs: a constant string or
 * number, a list, a reference to a module or function, an object made by a known
 * constructor, or something dynamic. Constants are folded through concatenation, join,
 * format and the decoders (decoders.ts), so `os.system("r"+"m -rf /")` and
 * `exec(b64decode("…"))` are judged on the text that would run.
 *
 * Every value carries its sources: where its data came from ("env:AWS_SECRET_ACCESS_KEY",
 * "file:/home/u/.aws/credentials", "network:<url>"), so a send states what flows into it.
 */

/** Stands for an unknown part inside a partly known string. */
export const HOLE = '\u{E000}';

export type Value =
  | { k: 'str'; v: string; decoded: boolean; sources: string[] }
  | { k: 'num'; v: number; sources: string[] }
  | { k: 'list'; items: Value[]; sources: string[] }
  /** A module, function or class by its canonical dotted name ("os.system", "subprocess"). */
  | { k: 'ref'; name: string; sources: string[] }
  /** An object made by a known constructor or returned by a known call ("pathlib.Path", "socket.socket", "env"). */
  | { k: 'obj'; cls: string; args: Value[]; props: Record<string, Value>; sources: string[] }
  /** A method of a value, not yet called (`s.connect`, `"".join`). */
  | { k: 'method'; recv: Value; name: string; sources: string[] }
  | { k: 'dyn'; text: string; sources: string[] };

export const NONE: Value = Object.freeze({ k: 'dyn', text: '', sources: [] }) as Value;

export function str(v: string, decoded = false, sources: string[] = []): Value {
  return { k: 'str', v, decoded, sources };
}
export function num(v: number): Value {
  return { k: 'num', v, sources: [] };
}
export function dyn(text: string, sources: string[] = []): Value {
  return { k: 'dyn', text, sources };
}
export function ref(name: string): Value {
  return { k: 'ref', name, sources: [] };
}
export function list(items: Value[]): Value {
  return { k: 'list', items, sources: mergeSources(items) };
}
export function obj(cls: string, args: Value[], sources: string[] = []): Value {
  return { k: 'obj', cls, args, props: {}, sources };
}

export function mergeSources(values: readonly Value[]): string[] {
  const out = new Set<string>();
  for (const v of values) for (const s of v.sources) out.add(s);
  return [...out];
}

/** The string a value stands for; unknown parts are HOLEs. Null when it is no string at all. */
export function text(v: Value | undefined): string | null {
  if (v === undefined) return null;
  switch (v.k) {
    case 'str':
      return v.v;
    case 'num':
      return String(v.v);
    case 'dyn':
      return HOLE;
    default:
      return null;
  }
}

/** A fully known string. */
export function constant(v: Value | undefined): string | null {
  if (v === undefined) return null;
  if (v.k === 'str') return v.v;
  if (v.k === 'num') return String(v.v);
  return null;
}

export function isDecoded(v: Value | undefined): boolean {
  if (v === undefined) return false;
  if (v.k === 'str') return v.decoded;
  if (v.k === 'list') return v.items.some(isDecoded);
  return false;
}

/** `a + b` for strings: known parts stay known, an unknown part becomes a HOLE. */
export function concat(parts: readonly Value[]): Value {
  let out = '';
  let known = true;
  let decoded = false;
  for (const p of parts) {
    const t = text(p);
    if (t === null) {
      out += HOLE;
      known = false;
      continue;
    }
    if (p.k === 'dyn') known = false;
    if (p.k === 'str' && p.decoded) decoded = true;
    out += t;
  }
  const sources = mergeSources(parts);
  if (known) return str(out, decoded, sources);
  return { k: 'dyn', text: out, sources };
}

/** The text with its HOLEs, for a value that is partly known (dyn from a concatenation). */
export function template(v: Value | undefined): string | null {
  if (v === undefined) return null;
  // Only a concatenation leaves known text around its holes; any other dynamic text is a description.
  if (v.k === 'dyn') return v.text.includes(HOLE) ? v.text : HOLE;
  return text(v);
}

/** Items of a list value (a string is not a list). */
export function items(v: Value | undefined): Value[] | null {
  return v !== undefined && v.k === 'list' ? v.items : null;
}

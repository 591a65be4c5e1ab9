/**
 * The output of a command when it can be known without running it: echo, printf, and
 * the decoders used to hide a payload (base64 -d, xxd -r -p, rev, tr). This is what lets
 * `echo cm0gLXJmIC8= | base64 -d | sh` or `$(printf '\x72\x6d') -rf /` be seen through.
 */
import { decodeEchoEscapes, decodePrintfEscapes } from './escapes.js';

/** Outputs longer than this are not followed (a payload that big is not read statically). */
const MAX_OUTPUT = 64 * 1024;

export interface StaticOutput {
  text: string;
  /** The command decoded or unescaped something (base64, hex, printf escapes, echo -e). */
  decoded: boolean;
}

/**
 * `stdin` is what flows in (null when unknown). Returns null when the output is not
 * statically known.
 */
export function staticOutput(name: string, args: string[], stdin: string | null, cwd: string | null = null): StaticOutput | null {
  if (name === 'pwd') return cwd === null ? null : { text: cwd + '\n', decoded: false };
  const out = compute(name, args, stdin);
  if (out === null || out.text.length > MAX_OUTPUT) return null;
  return out;
}

function compute(name: string, args: string[], stdin: string | null): StaticOutput | null {
  switch (name) {
    case 'echo':
      return echo(args);
    case 'printf':
      return printf(args);
    case 'cat':
      return args.every((a) => a === '-') && stdin !== null ? { text: stdin, decoded: false } : null;
    case 'tee':
      // tee passes its input on (and writes it to its files).
      return stdin !== null ? { text: stdin, decoded: false } : null;
    case 'base64':
    case 'basenc':
      return isDecode(args) && stdin !== null ? base64(stdin) : null;
    case 'openssl':
      return args.includes('-d') && (args.includes('base64') || args.includes('-base64') || args.includes('-a')) && stdin !== null
        ? base64(stdin)
        : null;
    case 'xxd':
      return args.some((a) => /^-r/.test(a) || a === '-revert') && args.some((a) => /^-(?:r?ps?|p)$|^-plain$|^-postscript$/.test(a)) && stdin !== null
        ? hex(stdin)
        : null;
    case 'rev':
      return args.length === 0 && stdin !== null
        ? { text: stdin.split('\n').map((l) => Array.from(l).reverse().join('')).join('\n'), decoded: true }
        : null;
    case 'tr':
      return stdin !== null ? tr(args, stdin) : null;
    case 'dirname':
      return args.length === 1 && !args[0].startsWith('-') ? { text: dirname(args[0]) + '\n', decoded: false } : null;
    case 'basename':
      return args.length >= 1 && args.length <= 2 && !args[0].startsWith('-')
        ? { text: basename(args[0], args[1]) + '\n', decoded: false }
        : null;
    default:
      return null;
  }
}

function isDecode(args: string[]): boolean {
  return args.some((a) => a === '-d' || a === '--decode' || a === '-D' || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a));
}

function echo(args: string[]): StaticOutput {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  const body = args.slice(i).join(' ');
  if (!escapes) return { text: body + (newline ? '\n' : ''), decoded: false };
  const decoded = decodeEchoEscapes(body);
  return { text: decoded.text + (newline && !decoded.stop ? '\n' : ''), decoded: decoded.text !== body };
}

function printf(args: string[]): StaticOutput | null {
  let i = 0;
  if (args[0] === '--') i = 1;
  if (args[i] === '-v') return { text: '', decoded: false };
  const format = args[i];
  if (format === undefined) return null;
  const values = args.slice(i + 1);
  const decodedFormat = decodePrintfEscapes(format);
  // Escapes that spell characters by number are how a payload hides in a format string.
  let decoded = /\\(?:x[0-9a-fA-F]|[0-7]|u[0-9a-fA-F]|U[0-9a-fA-F])/.test(format);
  let out = '';
  let v = 0;
  // The format is reused while arguments remain (bash printf semantics).
  do {
    const start = v;
    out += decodedFormat.replace(/%([-+ #0]*\d*(?:\.\d+)?)([sbcdiouxXq%])/g, (_m, _flags: string, conv: string) => {
      if (conv === '%') return '%';
      const arg = values[v++] ?? '';
      switch (conv) {
        case 'b': {
          const d = decodeEchoEscapes(arg.replace(/\\([0-7])/g, '\\0$1')).text;
          if (d !== arg) decoded = true;
          return d;
        }
        case 'c':
          return arg.charAt(0);
        case 'd':
        case 'i':
          return String(parseInt(arg, 10) || 0);
        case 'o':
          return (parseInt(arg, 10) || 0).toString(8);
        case 'x':
          return (parseInt(arg, 10) || 0).toString(16);
        case 'X':
          return (parseInt(arg, 10) || 0).toString(16).toUpperCase();
        default:
          return arg;
      }
    });
    if (v === start) break;
    if (out.length > MAX_OUTPUT) return null;
  } while (v < values.length);
  return { text: out, decoded };
}

function base64(input: string): StaticOutput | null {
  const clean = input.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.length === 0) return null;
  const text = Buffer.from(clean, 'base64').toString('utf8');
  return { text, decoded: true };
}

function hex(input: string): StaticOutput | null {
  const clean = input.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(clean)) return null;
  return { text: Buffer.from(clean, 'hex').toString('utf8'), decoded: true };
}

/** `tr SET1 SET2` and `tr -d SET` with ranges; other forms are not followed. */
function tr(args: string[], input: string): StaticOutput | null {
  if (args.length === 2 && !args[0].startsWith('-')) {
    const from = expandSet(args[0]);
    const to = expandSet(args[1]);
    if (from === null || to === null || to.length === 0) return null;
    const map = new Map<string, string>();
    from.forEach((c, k) => map.set(c, to[Math.min(k, to.length - 1)]));
    return { text: Array.from(input, (c) => map.get(c) ?? c).join(''), decoded: true };
  }
  if (args.length === 2 && args[0] === '-d') {
    const drop = expandSet(args[1]);
    if (drop === null) return null;
    const set = new Set(drop);
    return { text: Array.from(input).filter((c) => !set.has(c)).join(''), decoded: true };
  }
  return null;
}

function expandSet(spec: string): string[] | null {
  if (spec.includes('[:') || spec.length > 256) return null;
  const chars = Array.from(decodePrintfEscapes(spec));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (i + 2 < chars.length && chars[i + 1] === '-') {
      const a = chars[i].codePointAt(0)!;
      const b = chars[i + 2].codePointAt(0)!;
      if (b < a || b - a > 1024) return null;
      for (let c = a; c <= b; c++) out.push(String.fromCodePoint(c));
      i += 2;
    } else out.push(chars[i]);
  }
  return out;
}

function dirname(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : '.';
  const slash = trimmed.lastIndexOf('/');
  if (slash === -1) return '.';
  return trimmed.slice(0, slash).replace(/\/+$/, '') || '/';
}

function basename(path: string, suffix?: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path.startsWith('/') ? '/' : '';
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return suffix && base !== suffix && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base;
}

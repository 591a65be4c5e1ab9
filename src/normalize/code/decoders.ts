/**
 * Decoders that turn a constant into the text it hides, shared by every language: the
 * language tables say which of their functions is which decoder (`base64.b64decode`,
 * `atob`, `Base64.decode64`, `base64_decode`, `[Convert]::FromBase64String` → base64).
 * A decoded string is marked, so code run from it is an exec with origin "decoded".
 */
import { constant, items, str, type Value } from './values.js';

type Decoder = (args: Value[]) => string | null;

function bytesToText(bytes: Buffer): string | null {
  const out = bytes.toString('latin1');
  // Binary garbage is not text anyone would run; a valid UTF-8 reading is preferred.
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') ? out : utf8;
}

function base64(s: string): string | null {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return null;
  return bytesToText(Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

function hex(s: string): string | null {
  const clean = s.replace(/\\x|0x|[\s:,]/gi, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) return null;
  return bytesToText(Buffer.from(clean, 'hex'));
}

function rot13(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function codes(args: Value[]): number[] | null {
  const list = args.length === 1 && items(args[0]) ? items(args[0])! : args;
  const out: number[] = [];
  for (const a of list) {
    const c = constant(a);
    if (c === null || !/^\d+$/.test(c)) return null;
    out.push(Number(c));
  }
  return out;
}

const first = (args: Value[]): string | null => constant(args[0]);

export const DECODERS: Record<string, Decoder> = {
  base64: (a) => {
    const s = first(a);
    return s === null ? null : base64(s);
  },
  /** PowerShell's -EncodedCommand and [Text.Encoding]::Unicode over base64: UTF-16LE. */
  base64_utf16: (a) => {
    const s = first(a);
    return s === null ? null : Buffer.from(s, 'base64').toString('utf16le');
  },
  hex: (a) => {
    const s = first(a);
    return s === null ? null : hex(s);
  },
  rot13: (a) => {
    const s = first(a);
    return s === null ? null : rot13(s);
  },
  url: (a) => {
    const s = first(a);
    if (s === null) return null;
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  },
  /** chr(104), String.fromCharCode(104, 105), [char]104: one or several code points. */
  chr: (a) => {
    const c = codes(a);
    return c === null ? null : String.fromCodePoint(...c.filter((n) => n <= 0x10ffff));
  },
  reverse: (a) => {
    const s = first(a);
    return s === null ? null : [...s].reverse().join('');
  },
  /**
   * Path joining (`path.join`, `path.resolve`, `File.join`, `Join-Path`, `catfile`): the parts with
   * one `/` between them; an absolute part starts over. `os.homedir()` and `$HOME` fold to `~`.
   */
  path_join: (a) => {
    const parts = a.map((x) => constant(x));
    if (parts.length === 0 || parts.some((p) => p === null)) return null;
    let out = '';
    for (const p of parts as string[]) {
      if (p === '') continue;
      if (p.startsWith('/') || p === '~' || p.startsWith('~/')) out = p;
      else out = out === '' ? p : `${out.replace(/\/+$/, '')}/${p.replace(/^\.\//, '')}`;
    }
    return out;
  },
  /** The text itself: bytes(), str(), .decode(), .toString() on a constant. */
  identity: (a) => first(a),
  /** `codecs.decode(s, 'rot13' | 'hex' | 'base64')`, `Buffer.from(s, 'base64')`: the codec is the second argument. */
  codec: (a) => {
    const s = first(a);
    const codec = (constant(a[1]) ?? 'utf8').toLowerCase().replace(/[-_]/g, '');
    if (s === null) return null;
    if (codec === 'rot13' || codec === 'rot') return rot13(s);
    if (codec === 'base64' || codec === 'base64url') return base64(s);
    if (codec === 'hex') return hex(s);
    if (/^(?:utf8|ascii|latin1|binary|utf16le|ucs2)$/.test(codec)) return s;
    return null;
  },
};

/** Apply a decoder; null when the input is not constant or does not decode. */
export function decode(name: string, args: Value[]): Value | null {
  const decoder = DECODERS[name];
  if (decoder === undefined) return null;
  const out = decoder(args);
  return out === null ? null : str(out, name !== 'identity' || args.some((x) => x.k === 'str' && x.decoded));
}

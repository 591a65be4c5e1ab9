/**
 * The one decoder of encoded secrets, used by the scanner for every producer's text (bash
 * lines, file contents, URLs, headers, bodies, messages, MCP inputs). A secret may hide in:
 * - a long base64 (standard or url-safe) or hex run anywhere in the text;
 * - a URL-safe run holding percent escapes (one is enough: `?ctx=STRIPE_SECRET_KEY%3Dsk_live_…`),
 *   decoded until it no longer changes (`%253D`: encoded twice), at most MAX_ROUNDS times;
 * - a part of a URL, a form or a JSON body, or the value after a part's `=` (a base64 path
 *   segment, `?d=dG9r…%3D`): percent-decoded, then tried as base64, base64url and hex, and the
 *   result percent-decoded again.
 * What decodes to printable text is kept, with the extent of the encoded run it came from
 * (what masking replaces); random ids, hashes and keys decode to bytes, not text, and stay out.
 * Each kind of candidate has its own budget, so a text full of one kind (identifiers in code)
 * cannot use up the look at another (a long base64 run further on).
 */

/** A decoded form of part of a text: [start, end) of the encoded run as written. */
export interface EncodedRun {
  start: number;
  end: number;
  decoded: string;
}

/** Decoded text shorter than this cannot hold a secret (the scanner's MIN_SECRET_TEXT). */
const MIN_DECODED = 8;
const MAX_ROUNDS = 3;
/** Candidates looked at per kind and text: a text of nothing but candidates stays linear. */
const MAX_CANDIDATES = 256;
/** The longest run decoded (longer ones are decoded in their head only). */
const MAX_RUN = 65_536;

/** The text when it reads as text (at most 1 in 20 characters outside printable ASCII), else null. */
export function printable(text: string): string | null {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || c > 0x7e) bad++;
  }
  return bad * 20 <= text.length ? text : null;
}

function printableText(text: string): string | null {
  return text.length < MIN_DECODED ? null : printable(text);
}

function fromBase64(run: string): string | null {
  return printableText(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
}

function fromHex(run: string): string | null {
  return printableText(Buffer.from(run, 'hex').toString('latin1'));
}

/** Long runs found anywhere in the text (a `/` inside base64 does not cut it). */
const LONG_RUNS: ReadonlyArray<[RegExp, (run: string) => string | null]> = [
  [/[A-Za-z0-9+/_-]{24,}={0,2}/g, fromBase64],
  [/(?<![0-9A-Za-z])(?:[0-9a-fA-F]{2}){16,}(?![0-9A-Za-z])/g, fromHex],
];

/**
 * Whether the base64 quartet starting at `i` can begin a printable ASCII byte: its first
 * character carries the byte's top six bits, 8–31 for 0x20–0x7e (`I`–`Z`, `a`–`f`). Words and
 * identifiers fail this at once, before any decoding.
 */
function textLead(value: string, i: number): boolean {
  const c = value.charCodeAt(i);
  return (c >= 73 && c <= 90) || (c >= 97 && c <= 102);
}

/** A printable ASCII byte in hex starts with 2–7. */
function hexLead(value: string, i: number): boolean {
  const c = value.charCodeAt(i);
  return c >= 50 && c <= 55;
}

/** A whole part that is base64 or hex (shorter than the long runs: a path segment, a query value). */
function binaryDecoded(value: string): string | null {
  if (value.length < 12) return null;
  if (hexLead(value, 0) && hexLead(value, 2) && /^(?:[0-9A-Fa-f]{2}){8,}$/.test(value)) return fromHex(value);
  if (textLead(value, 0) && textLead(value, 4) && textLead(value, 8) && /^[A-Za-z0-9+/_-]{12,}={0,2}$/.test(value)) return fromBase64(value);
  return null;
}

const ESCAPE = /%[0-9A-Fa-f]{2}/;

/** Percent escapes decoded until the text no longer changes; a malformed escape is left as written. */
export function percentDecoded(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_ROUNDS && ESCAPE.test(current); round++) {
    let next: string;
    try {
      next = decodeURIComponent(current.replace(/\+/g, ' '));
    } catch {
      next = current.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
    if (next === current) break;
    current = next;
  }
  return current;
}

const URL_CHAR = /[A-Za-z0-9._~+:=@/%-]/;

/** Runs of URL-safe characters holding a %XX escape, found in one pass (a regex would backtrack on long runs). */
function urlRuns(text: string): Array<[number, string]> {
  const runs: Array<[number, string]> = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('%', from);
    if (at === -1 || runs.length >= MAX_CANDIDATES) return runs;
    let start = at;
    while (start > 0 && URL_CHAR.test(text[start - 1])) start--;
    let end = at;
    while (end < text.length && URL_CHAR.test(text[end])) end++;
    const run = text.slice(start, end);
    if (ESCAPE.test(run)) runs.push([start, run]);
    from = end + 1;
  }
}

/** Where parts of a URL, a form or a JSON body end; `=` stays inside a part so `name=value` keeps its name. */
const SEPARATOR = new Uint8Array(128);
for (const ch of ' \t\n\r\f\v?&#/;,"\'{}[]()<>|\\') SEPARATOR[ch.charCodeAt(0)] = 1;
const MIN_PART = 12;

/** The parts of `text` of MIN_PART characters or more, as start, end pairs in one flat list, in one linear pass. */
function parts(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c < 128 && SEPARATOR[c] === 1) {
      if (i - start >= MIN_PART) out.push(start, i);
      start = i + 1;
    }
  }
  return out;
}

/** Every decoded form of the parts of `text` that differ from it as written. */
export function encodedRuns(text: string): EncodedRun[] {
  if (typeof text !== 'string' || text.length < MIN_DECODED) return [];
  const out: EncodedRun[] = [];
  const add = (start: number, run: string, decoded: string | null): void => {
    if (decoded === null || decoded.length < MIN_DECODED || decoded === run) return;
    out.push({ start, end: start + run.length, decoded });
  };
  if (text.includes('%')) {
    for (const [start, run] of urlRuns(text)) add(start, run, percentDecoded(run.slice(0, MAX_RUN)));
  }
  /** Base64 runs decoded whole (start:length), not decoded again as parts. */
  const tried = new Set<string>();
  for (const [re, decode] of LONG_RUNS) {
    re.lastIndex = 0;
    let budget = MAX_CANDIDATES;
    for (let m = re.exec(text); m !== null && budget > 0; m = re.exec(text)) {
      budget--;
      if (re === LONG_RUNS[0][0]) tried.add(`${m.index}:${m[0].length}`);
      add(m.index, m[0], decode(m[0].slice(0, MAX_RUN)));
    }
  }
  // Parts and the values after their `=`: percent-decoded, then read as base64 or hex.
  let budget = MAX_CANDIDATES;
  const found = parts(text);
  for (let p = 0; p < found.length && budget > 0; p += 2) {
    const partStart = found[p];
    const partEnd = found[p + 1];
    const part = text.slice(partStart, Math.min(partEnd, partStart + MAX_RUN));
    const eq = part.indexOf('=');
    const candidates: Array<[number, string]> = [[partStart, part]];
    if (eq > 0 && eq < part.length - 1) candidates.push([partStart + eq + 1, part.slice(eq + 1)]);
    for (const [start, candidate] of candidates) {
      const escaped = ESCAPE.test(candidate);
      // A long run of the same extent was decoded above (one that ran on over a `/` was not).
      if (!escaped && tried.has(`${start}:${candidate.length}`)) continue;
      const binary = binaryDecoded(escaped ? percentDecoded(candidate) : candidate);
      if (binary === null) continue;
      budget--;
      add(start, candidate, percentDecoded(binary));
    }
  }
  return out;
}

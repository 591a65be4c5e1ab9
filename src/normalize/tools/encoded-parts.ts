/**
 * The parts of a URL, a form body or a header a secret may hide in, decoded, for the secret
 * scanner to read beside the text as written: `?ctx=STRIPE_SECRET_KEY%3Dsk_live_…` (one escape
 * is enough), `%253D` (encoded twice), a base64 or hex path segment or query value. Each part is
 * percent-decoded until it no longer changes (at most MAX_ROUNDS), then tried as base64,
 * base64url and hex; what decodes to printable text is kept. Random ids and hashes decode to
 * bytes, not text, and are left out.
 */
import { printable } from '../secrets/index.js';

const MAX_ROUNDS = 3;
const MAX_PARTS = 256;
const MAX_PART = 8192;

/** Where parts of a URL, a form or a JSON body end; `=` stays inside a part so `name=value` keeps its name. */
const SEPARATORS = /[\s?&#/;,"'{}[\]()<>|\\]+/;

function percentDecoded(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_ROUNDS && /%[0-9A-Fa-f]{2}/.test(current); round++) {
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

/** Decoded text long enough to hold a secret and readable as text (the secret scanner's test). */
function printableText(text: string): string | null {
  return text.length < 8 ? null : printable(text);
}

/** The text a value decodes to as base64 (standard or url-safe) or hex, when that is printable. */
function binaryDecoded(value: string): string | null {
  if (/^(?:[0-9A-Fa-f]{2}){8,}$/.test(value)) return printableText(Buffer.from(value, 'hex').toString('latin1'));
  if (/^[A-Za-z0-9+/_-]{12,}={0,2}$/.test(value)) return printableText(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
  return null;
}

/** Decoded forms of the parts of `text` that differ from it as written, one per line; "" when none. */
export function decodedParts(text: string): string {
  if (typeof text !== 'string' || text === '') return '';
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (decoded: string | null, original: string): void => {
    if (decoded === null || decoded === original || seen.has(decoded)) return;
    seen.add(decoded);
    out.push(decoded);
  };
  // The whole text first (a query string encoded as one value), then each part and each value after `=`.
  const parts = [text, ...text.split(SEPARATORS)].filter((p) => p !== '').slice(0, MAX_PARTS);
  for (const raw of parts) {
    const part = raw.slice(0, MAX_PART);
    const candidates = [part];
    const eq = part.indexOf('=');
    if (eq > 0 && eq < part.length - 1) candidates.push(part.slice(eq + 1));
    for (const candidate of candidates) {
      const unescaped = percentDecoded(candidate);
      add(unescaped, candidate);
      const binary = binaryDecoded(unescaped);
      if (binary !== null) add(percentDecoded(binary), candidate);
    }
    if (out.length >= MAX_PARTS) break;
  }
  return out.join('\n');
}

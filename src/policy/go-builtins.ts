/**
 * Built-ins the WASM imports from its host, as OPA's Go implementation computes them, for the
 * gateway's JavaScript runtime (installed by runtime-builtins.ts; sprintf is go-sprintf.ts).
 * Each answers what Go answers on src/policy/builtin-parity.test.ts's table; where Go's
 * built-in fails (a pattern that does not compile), it answers nothing, as `opa test` does.
 */
import { RE2JS } from 're2js';

/** Compiled RE2 patterns, as OPA keeps them (a policy uses a handful, again and again). */
const patterns = new Map<string, RE2JS | null>();

function compile(pattern: string): RE2JS | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(pattern, re);
  }
  return re;
}

/**
 * regex.split: Go's regexp.Split(s, -1) with RE2 syntax. opa-wasm's own used JavaScript's
 * RegExp: capture groups were spliced into the result, `(?i)` threw, `[[:space:]]` matched
 * nothing.
 */
export function regexSplit(pattern: unknown, s: unknown): string[] | undefined {
  if (typeof pattern !== 'string' || typeof s !== 'string') return undefined;
  const re = compile(pattern);
  if (!re) return undefined;
  if (pattern.length > 0 && s.length === 0) return [''];
  // Go's allMatches: an empty match right after the previous match is not a match.
  const matches: [number, number][] = [];
  const matcher = re.matcher(s);
  let prevEnd = -1;
  for (let pos = 0; pos <= s.length && matcher.find(pos); ) {
    const [start, end] = [matcher.start(), matcher.end()];
    const accept = !(start === end && start === prevEnd);
    pos = end === start ? end + (s.codePointAt(end)! > 0xffff ? 2 : 1) : end;
    prevEnd = end;
    if (accept) matches.push([start, end]);
  }
  const out: string[] = [];
  let begin = 0;
  let until = 0;
  for (const [start, end] of matches) {
    until = start;
    if (end !== 0) out.push(s.slice(begin, until));
    begin = end;
  }
  if (until !== s.length) out.push(s.slice(begin));
  return out;
}

/** strings.count: Go's strings.Count (non-overlapping; an empty substring counts runes + 1). */
export function stringsCount(s: unknown, substr: unknown): number | undefined {
  if (typeof s !== 'string' || typeof substr !== 'string') return undefined;
  if (substr === '') return [...s].length + 1;
  return s.split(substr).length - 1;
}

/** A decimal amount as an exact fraction: numerator / denominator. */
interface Fraction {
  num: bigint;
  den: bigint;
}

/**
 * OPA's split of "10.5KiB" into "10.5" and "KiB": the amount runs over digits, '.', signs and an
 * exponent ('e' ends it unless a digit or a sign follows); an exponent of more than 6 digits is
 * an error (null).
 */
function splitAmount(s: string): { amount: string; unit: string } | null {
  let i = 0;
  for (; i < s.length; i += 1) {
    const ch = s[i]!;
    if (/[0-9.+-]/.test(ch)) continue;
    if (ch !== 'e' && ch !== 'E') break;
    const next = s[i + 1];
    if (next === undefined || !/[0-9+-]/.test(next)) break;
    if (next === '+' || next === '-') i += 1;
    const digits = /^[0-9]*/.exec(s.slice(i + 1))![0].length;
    if (digits > 6) return null;
  }
  return { amount: s.slice(0, i), unit: s.slice(i) };
}

/** A decimal number as Go's big.Rat reads it (sign, digits, fraction, exponent); null if it is not one. */
function parseDecimal(text: string): Fraction | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && !m[3])) return null;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const exponent = Number(m[4] ?? 0) - (m[3] ?? '').length;
  let num = BigInt(digits || '0') * (m[1] === '-' ? -1n : 1n);
  let den = 1n;
  if (exponent >= 0) num *= 10n ** BigInt(exponent);
  else den = 10n ** BigInt(-exponent);
  return { num, den };
}

/** A JSON number's exact text, handed to opa-wasm as such (a Number would lose digits past 2^53). */
function jsonNumber(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

const BYTE_UNITS: Record<string, bigint> = { '': 1n };
for (const [i, prefix] of ['k', 'm', 'g', 't', 'p', 'e'].entries()) {
  BYTE_UNITS[prefix] = BYTE_UNITS[`${prefix}b`] = 1000n ** BigInt(i + 1);
  BYTE_UNITS[`${prefix}i`] = BYTE_UNITS[`${prefix}ib`] = 1024n ** BigInt(i + 1);
}

/**
 * A fraction rounded as Go's big.Float of 64-bit precision holds it (nearest, ties to even):
 * mantissa × 2^exponent. units.parse_bytes computes in those floats, so 1e-3 is a little under
 * 1/1000 and "1e-3kb" is 0 bytes in Go; the gateway must say 0 too.
 */
function toFloat64Precision({ num, den }: Fraction): { mantissa: bigint; exponent: number } {
  const negative = num < 0n;
  const abs = negative ? -num : num;
  if (abs === 0n) return { mantissa: 0n, exponent: 0 };
  let exponent = abs.toString(2).length - den.toString(2).length - 64;
  for (;;) {
    const n = exponent < 0 ? abs << BigInt(-exponent) : abs;
    const d = exponent > 0 ? den << BigInt(exponent) : den;
    let q = n / d;
    if (q >= 1n << 64n) exponent += 1;
    else if (q < 1n << 63n) exponent -= 1;
    else {
      const twiceRest = 2n * (n - q * d);
      if (twiceRest > d || (twiceRest === d && q % 2n === 1n)) q += 1n;
      if (q === 1n << 64n) return { mantissa: (negative ? -1n : 1n) << 63n, exponent: exponent + 1 };
      return { mantissa: negative ? -q : q, exponent };
    }
  }
}

function truncate({ mantissa, exponent }: { mantissa: bigint; exponent: number }): bigint {
  return exponent >= 0 ? mantissa << BigInt(exponent) : mantissa / (1n << BigInt(-exponent));
}

/**
 * units.parse_bytes: "10KB" → 10000, "1.5KiB" → 1536, decimal (kb) and binary (kib) units,
 * case-insensitive, the whole number of bytes (truncated), computed in 64-bit-precision binary
 * floats as Go's big.Float computes it.
 */
export function unitsParseBytes(raw: unknown): ArrayBuffer | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.toLowerCase().replaceAll('"', '');
  if (s.includes(' ')) return undefined;
  const split = splitAmount(s);
  if (!split || split.amount === '') return undefined;
  const unit = BYTE_UNITS[split.unit];
  const amount = parseDecimal(split.amount);
  if (unit === undefined || !amount) return undefined;
  const parsed = toFloat64Precision(amount);
  const product = toFloat64Precision({ num: parsed.mantissa * unit * (parsed.exponent > 0 ? 1n << BigInt(parsed.exponent) : 1n), den: parsed.exponent < 0 ? 1n << BigInt(-parsed.exponent) : 1n });
  return jsonNumber(truncate(product).toString());
}

const SI_UNITS: Record<string, Fraction> = { '': { num: 1n, den: 1n }, m: { num: 1n, den: 1000n } };
for (const [i, prefix] of ['k', 'M', 'g', 't', 'p', 'e'].entries()) {
  const decimal = { num: 1000n ** BigInt(i + 1), den: 1n };
  const binary = { num: 1024n ** BigInt(i + 1), den: 1n };
  SI_UNITS[prefix] = decimal;
  if (prefix !== 'M') SI_UNITS[prefix.toUpperCase()] = decimal;
  SI_UNITS[`${prefix.toLowerCase()}i`] = SI_UNITS[`${prefix.toUpperCase()}i`] = binary;
}

/**
 * units.parse: "10K" → 10000, "1.5Mi" → 1572864, "250m" → 0.25 (m is milli, M mega; only the
 * unit's first letter keeps its case). A result that is not whole is rounded to 10 decimals,
 * halves away from zero, as Go's big.Rat.FloatString(10).
 */
export function unitsParse(raw: unknown): ArrayBuffer | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.replaceAll('"', '');
  if (s.includes(' ')) return undefined;
  const split = splitAmount(s);
  if (!split || split.amount === '') return undefined;
  const unitText = split.unit.length > 1 ? split.unit[0] + split.unit.slice(1).toLowerCase() : split.unit;
  const unit = SI_UNITS[unitText];
  const amount = parseDecimal(split.amount);
  if (unit === undefined || !amount) return undefined;
  const num = amount.num * unit.num;
  const den = amount.den * unit.den;
  if (num % den === 0n) return jsonNumber((num / den).toString());
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const scaled = (abs * 10n ** 10n * 2n + den) / (2n * den); // rounded half away from zero
  const digits = scaled.toString().padStart(11, '0');
  return jsonNumber(`${negative ? '-' : ''}${digits.slice(0, -10)}.${digits.slice(-10)}`);
}

/**
 * OPA's `sprintf`, as the Go engine formats it, for the JavaScript runtime.
 *
 * `opa test` (even `--target wasm`) formats sprintf with Go's fmt, while opa-wasm in Node
 * calls sprintf-js: `%v` of null or of an object, `%d` of a string throw or print
 * `[object Object]` there, and a rule that passed its tests became a policy-error deny in
 * the gateway. The engine installs this implementation in place of sprintf-js (engine.ts),
 * so the gateway formats as the tests did.
 *
 * Go's rules, as OPA applies them (topdown/strings.go): an integer argument is a Go int64, a
 * number with a fraction a float64, a string a string, and anything else (null, booleans,
 * arrays, objects) its Rego text as a string (`null`, `true`, `[1, 2]`, `{"a": 1}`). A verb
 * that does not fit its argument prints `%!d(string=x)`, a missing argument `%!d(MISSING)`,
 * extra ones `%!(EXTRA type=value, …)`: never an exception.
 *
 * Known differences: a Rego set reaches JavaScript as an array, so `%v` of a set prints
 * `[…]` where Go prints `{…}`; an integer beyond 2^53 is a float64 here and a big.Int in Go.
 */

type GoValue = { kind: 'int64'; value: bigint } | { kind: 'float64'; value: number } | { kind: 'string'; value: string };

/** A Rego value as Rego prints it (ast.Value.String()): JSON with ", " and ": " separators, object keys sorted. */
export function regoText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(regoText).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${regoText(v)}`).join(', ')}}`;
}

function toGo(value: unknown): GoValue {
  // Integers JSON can carry exactly are Go int64s; larger ones reach JavaScript as floats
  // (and OPA, reading an exponent form such as 1e+21, makes a float64 of them too).
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { kind: 'int64', value: BigInt(value) } : { kind: 'float64', value };
  if (typeof value === 'string') return { kind: 'string', value };
  return { kind: 'string', value: regoText(value) };
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | null;
  precision: number | null;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  if (spec.width === null || text.length >= spec.width) return text;
  const fill = spec.width - text.length;
  if (spec.minus) return text + ' '.repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(text) ? text[0]! : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}

function signed(text: string, negative: boolean, spec: Spec): string {
  return (negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '') + text;
}

function formatInt(value: bigint, verb: string, spec: Spec): string | null {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let digits: string;
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'o':
      digits = (spec.sharp ? '0' : '') + abs.toString(8);
      break;
    case 'x':
      digits = (spec.sharp ? '0x' : '') + abs.toString(16);
      break;
    case 'X':
      digits = (spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase();
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(value)), spec, false);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(value))}'`, spec, false);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      // Go prints %!f(int=5) for an int under a float verb.
      return null;
    default:
      return null;
  }
  if (spec.precision !== null && digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits;
  return pad(signed(digits, negative, spec), spec, spec.precision === null);
}

/** Go's %g / %v of a float64: shortest representation, exponent past 21 digits or below 1e-4. */
function shortestFloat(value: number, upper: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(value);
  let text: string;
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mantissa, exponent] = value.toExponential().split('e');
    const exp = Number(exponent);
    text = `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else {
    text = String(value);
  }
  return upper ? text.toUpperCase() : text;
}

function formatFloat(value: number, verb: string, spec: Spec): string | null {
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let text: string;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      text = spec.precision !== null ? String(Number(abs.toPrecision(Math.max(1, spec.precision)))) : shortestFloat(abs, verb === 'G');
      break;
    case 'f':
    case 'F':
      text = abs.toFixed(spec.precision ?? 6);
      break;
    case 'e':
    case 'E': {
      const [mantissa, exponent] = abs.toExponential(spec.precision ?? 6).split('e');
      const exp = Number(exponent);
      text = `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
      if (verb === 'E') text = text.toUpperCase();
      break;
    }
    default:
      return null;
  }
  return pad(signed(text, negative, spec), spec, true);
}

function formatString(value: string, verb: string, spec: Spec): string | null {
  const cut = (s: string) => (spec.precision !== null ? [...s].slice(0, spec.precision).join('') : s);
  switch (verb) {
    case 'v':
    case 's':
      return pad(cut(value), spec, false);
    case 'q':
      return pad(JSON.stringify(cut(value)), spec, false);
    case 'x':
    case 'X': {
      const hex = Buffer.from(cut(value), 'utf8').toString('hex');
      return pad(verb === 'X' ? hex.toUpperCase() : hex, spec, false);
    }
    default:
      return null;
  }
}

function goTypeText(arg: GoValue): string {
  return arg.kind === 'float64' ? shortestFloat(arg.value, false) : String(arg.value);
}

function formatOne(arg: GoValue, verb: string, spec: Spec): string {
  const out =
    arg.kind === 'int64' ? formatInt(arg.value, verb, spec) : arg.kind === 'float64' ? formatFloat(arg.value, verb, spec) : formatString(arg.value, verb, spec);
  return out ?? `%!${verb}(${arg.kind}=${goTypeText(arg)})`;
}

const DIRECTIVE = /%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])?/g;

/** Go's fmt.Sprintf over Rego values, as OPA's sprintf built-in calls it. */
export function goSprintf(format: string, values: unknown): string {
  const args = (Array.isArray(values) ? values : []).map(toGo);
  let next = 0;
  const take = (): GoValue | undefined => args[next++];
  const out = format.replace(DIRECTIVE, (whole, flags: string, width: string | undefined, precision: string | undefined, verb: string | undefined) => {
    if (verb === undefined) return '%!(NOVERB)';
    if (verb === '%' && !flags && width === undefined && precision === undefined) return '%';
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      sharp: flags.includes('#'),
      space: flags.includes(' '),
      zero: flags.includes('0') && !flags.includes('-'),
      width: null,
      precision: null,
    };
    const star = (): number | null => {
      const a = take();
      return a?.kind === 'int64' ? Number(a.value) : null;
    };
    if (width === '*') spec.width = star();
    else if (width !== undefined) spec.width = Number(width);
    if (precision === '*') spec.precision = star();
    else if (precision !== undefined) spec.precision = precision === '' ? 0 : Number(precision);
    if (verb === '%') return '%';
    const arg = take();
    if (arg === undefined) return `%!${verb}(MISSING)`;
    return formatOne(arg, verb, spec);
  });
  if (next < args.length) {
    return `${out}%!(EXTRA ${args
      .slice(next)
      .map((a) => `${a.kind}=${goTypeText(a)}`)
      .join(', ')})`;
  }
  return out;
}

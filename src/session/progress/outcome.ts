/**
 * What a call's output says, as facts the loop detectors compare between runs:
 *
 * - `norm`: a hash of the normalised output (./normalize.ts) — equal when two runs ended
 *   the same way, different when what the call observes really moved;
 * - `sig`: the error signature — the error lines reduced to their class and location
 *   (quoted names, numbers, versions, URLs masked; `file:line` kept), so the same failure
 *   in another spelling (`torch==2.1.1`, then `torch==2.2.1`) has the same signature and a
 *   new failure has a new one;
 * - counts where the output states them: tests passed and failed, errors (type errors,
 *   lint problems), rows affected.
 */
import crypto from 'node:crypto';
import { maskSecrets } from '../../normalize/secrets/index.js';
import { foundNothing } from './empty.js';
import { normalizeOutput, type NormalizeOptions } from './normalize.js';

export interface OutputFacts {
  /** 12 hex digits of sha256(normalised output). */
  norm: string;
  /** 8 hex digits of the output's shape (echoes of the call removed, digits masked). */
  shape: string;
  /** 8 hex digits of the output's result: echoes of the call removed (its numbers too), other digits kept (what a sweep step measured). */
  result: string;
  /** 12 hex digits of the error signature, or null when no error line was found. */
  sig: string | null;
  /** Error lines found (capped). */
  error_lines: number;
  /**
   * 8 hex digits of the error message alone: the error lines without their locations, numbers
   * masked, quoted names kept. The same message at other lines after a file was rewritten whole
   * (renamed variables, comments) is the same failure moved (progress/record.ts).
   */
  message: string | null;
  /** The first error line as it counts in the signature (for reasons), ≤ 100 characters. */
  sig_line: string | null;
  /** The output is empty once normalised. */
  empty: boolean;
  /** The output says a query found nothing (`[]`, `(0 rows)`, `No results found`: progress/empty.ts). */
  nothing: boolean;
  /** Characters of the normalised output (an answer of a few words says little when it comes back). */
  chars: number;
  /** A short output (at most 3 lines) whose every line is an error line: `404 Not Found`, `502`. */
  only_errors: boolean;
  passed: number | null;
  failed: number | null;
  /** Errors or problems the tool counts itself ("14 errors", "239 problems"). */
  errors: number | null;
  rows: number | null;
}

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
export function shortHash(text: string): string {
  return (oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex')).slice(0, 12);
}

/**
 * A line that reports an error (not a line that merely mentions the word in a path or a test
 * name); a line that is only an HTTP error status (`curl -w '%{http_code}'` printing `502`) too.
 */
const ERROR_LINE =
  /[A-Z]\w*(?:Error|Exception)\b|(?:^|[\s:[(])(?:error|err!|fatal|failed|failure|fail:|exception|traceback|panic|refused|denied|forbidden|not found|no such|cannot|can't|could not|couldn't|unable to|undefined|unresolved|mismatch|timed? ?out|conflict|rejected|invalid|unauthori[sz]ed|violation|unreachable|\w*backoff\b|errimagepull|E\d{3,5}\b|TS\d{4}|\d{3} (?:bad gateway|service unavailable|internal server error))|^\s*(?:HTTP\/[\d.]+ )?[45]\d\d\s*$/i;
/** Lines that look like errors but report success or a summary of zero. */
const NOT_ERROR = /\b0 (?:errors?|failed|failures?|problems?)\b|\bno errors?\b|\berrors?: 0\b|✓|\bpassed\b.*\b0 failed\b/i;

/** `path/to/file.ext:12`, `file.ext(4,1)`, `line 12` — the location part of a signature. */
const LOCATION = /(?:[\w./-]+\.[A-Za-z]{1,6})(?::\d+(?::\d+)?|\(\d+,\d+\))|\bline \d+\b/g;

function masked(line: string): string {
  return line
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/'[^'\n]{0,200}'|"[^"\n]{0,200}"|`[^`\n]{0,200}`|‘[^’\n]{0,200}’/g, '<q>')
    .replace(/<num>/g, '#')
    .replace(/(?<=[=@^~])[\w.+*^~-]+/g, '<v>') // versions after ==, @, ^, ~
    .replace(/\b\d+(?:\.\d+)*\b/g, '#')
    // A version constraint is one place whatever its operators (`(^#)`, `(>=<v>,<#)`, `(~<v>)`):
    // a resolver naming other pins of the same conflict reports the same error.
    .replace(/[\^~<>=!]{0,2}\s*(?:<v>|#)(?:\s*,\s*[\^~<>=!]{0,2}\s*(?:<v>|#))*/g, '<v>')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** What may stand before a count in a tool's summary (`Tests: 1 failed, 6 passed`, `✖ 239 problems (142 errors`), not `port 5432 failed`. */
const COUNT_LEAD = String.raw`(?:^|[,(:|=✖✗×]\s*|\s{2,}|\bTests?:?\s+)`;

function firstNumber(text: string, re: RegExp): number | null {
  let best: number | null = null;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    if (Number.isFinite(n)) best = best === null ? n : Math.max(best, n);
  }
  return best;
}

/**
 * The output's shape: normalised, without what the call itself put there (the words of its
 * own command, a version or a host it named: echoes are not news) and with every digit
 * masked. Two failures with one error signature but different shapes printed something new
 * (a debug print, another assertion): the run taught something.
 */
function withoutEcho(normalized: string, echo: string | undefined): string {
  let text = normalized;
  if (echo) {
    const words = [...new Set(echo.split(/[\s"'`,;{}[\]()|&<>]+|\\[nt]/).flatMap((w) => [w, ...w.split(/[=@:/]+/)]))]
      .filter((w) => w.length >= 3)
      .sort((a, b) => b.length - a.length)
      .slice(0, 64);
    for (const w of words) text = text.split(w).join('');
  }
  return text;
}

/**
 * The output's result: normalised, without the numbers the call itself named (a seed, a
 * concurrency, a sample number: `Randomized with seed 77` echoes `--seed 77`), digits kept.
 * Two runs in different spellings with one result measured nothing different.
 */
function resultOf(bare: string, echo: string | undefined): string {
  if (!echo) return bare;
  const numbers = new Set(echo.match(/(?<![\w.])\d+(?![\w.])/g) ?? []);
  if (numbers.size === 0) return bare;
  return bare.replace(/(?<![\w.])\d+(?![\w.])/g, (d) => (numbers.has(d) ? '' : d));
}

export function analyzeOutput(text: string, options?: NormalizeOptions, echo?: string, emptyResults?: string[]): OutputFacts {
  const normalized = normalizeOutput(text.length > 65_536 ? text.slice(0, 32_768) + text.slice(-32_768) : text, options);
  const lines = normalized.split('\n');
  const signature = new Set<string>();
  let errorLines = 0;
  let sigLine: string | null = null;
  const message = new Set<string>();
  for (const line of lines) {
    if (line.length > 2000 || NOT_ERROR.test(line)) continue;
    // An error line, or a line that points at a place (`cache_test.go:141: expected 100, got 97`,
    // a stack frame): the error's class and its location.
    const locations = [...line.matchAll(LOCATION)].map((m) => m[0]).join(' ');
    const isError = ERROR_LINE.test(line);
    if (!isError && locations === '') continue;
    if (isError) {
      errorLines++;
      message.add(line.replace(LOCATION, '').replace(/<num>|\b\d+\b/g, '#').replace(/\s+/g, ' ').trim().toLowerCase());
    }
    signature.add(`${masked(line.replace(LOCATION, '<loc>'))}|${locations}`);
    if (isError) sigLine ??= maskSecrets(line.trim().slice(0, 300)).slice(0, 100);
    if (signature.size >= 40) break;
  }
  const n = normalized;
  const bare = withoutEcho(n, echo);
  return {
    norm: shortHash(n),
    shape: shortHash(bare.replace(/\d+/g, '#')).slice(0, 8),
    result: shortHash(resultOf(bare, echo)).slice(0, 8),
    sig: signature.size > 0 ? shortHash([...signature].sort().join('\n')) : null,
    error_lines: errorLines,
    message: message.size > 0 ? shortHash([...message].sort().join('\n')).slice(0, 8) : null,
    sig_line: sigLine,
    empty: n.trim() === '',
    nothing: foundNothing(n, emptyResults),
    chars: n.length,
    only_errors: (() => {
      // Lines that carry only an id or a time under a key (`request-id: <id>`) say nothing.
      const content = lines.filter((l) => l.trim() !== '' && !/^\s*[\w-]+:\s*<(?:id|v|time|num|dur|date)>\s*$/.test(l));
      return content.length > 0 && content.length <= 3 && content.every((l) => ERROR_LINE.test(l) && !NOT_ERROR.test(l));
    })(),
    passed: firstNumber(n, new RegExp(`${COUNT_LEAD}(\\d+) (?:passed|passing|tests? passed)\\b`, 'gi')),
    // With no summary count, the failure lines themselves (go test's `--- FAIL: T`, one per failing
    // run of a repeated test; pytest's `FAILED path::test`): fewer of them is fewer failures.
    failed: firstNumber(n, new RegExp(`${COUNT_LEAD}(\\d+) (?:failed|failing|failures?)\\b`, 'gi')) ?? failureLines(n),
    errors:
      firstNumber(n, new RegExp(`${COUNT_LEAD}(\\d+) (?:errors?|problems?)\\b`, 'gi')) ?? firstNumber(n, /\b(?:Found|found) (\d+) errors?/g),
    rows: firstNumber(n, /^(?:UPDATE|DELETE|COPY|INSERT \d+) (\d+)$/gm) ?? firstNumber(n, /\b(\d+) rows? (?:affected|updated|inserted|deleted|processed|migrated)\b/gi),
  };
}

/** Lines that each report one failed test, when the output has them and no summary count. */
const FAILURE_LINE = /^(?:--- FAIL: |FAILED \S+::)/gm;

function failureLines(text: string): number | null {
  const found = text.match(FAILURE_LINE)?.length ?? 0;
  return found > 0 ? found : null;
}

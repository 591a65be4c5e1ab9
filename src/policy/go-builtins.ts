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

/**
 * What an interpreter oracle compares: an attempt the sandbox recorded (a process, a write, a
 * connection…) against what the producer stated for the same code. Shared by the interpreter
 * oracles (python, node, perl, ruby, lua); each maps its own audit events and call names to attempts.
 */
import type { BashFacts } from '../../src/normalize/facts.js';

export type Attempt = 'process' | 'fork' | 'write' | 'delete' | 'chmod' | 'link' | 'connect' | 'kill';

/** The effect types that state an attempt. */
export const EFFECT_TYPES: Record<Attempt, string[]> = {
  process: ['exec'],
  fork: ['spawn'],
  write: ['write'],
  delete: ['delete'],
  chmod: ['chmod'],
  link: ['link'],
  connect: ['connect', 'send'],
  kill: ['kill'],
};

export interface StatedBy {
  /** The InlineCode `calls` that name the attempt (before or beside the producer's effects). */
  calls: RegExp;
  /** A call's name as the family is written (the javascript scan keeps `cp.execSync`; its family names `execSync`). */
  callName?: (call: string) => string;
  /** The interpreter itself, not a process the code ran (`python3`, `node`). */
  interpreter: RegExp;
}

/**
 * Stated when an effect of the matching type says so, or a call of the matching family in the
 * InlineCode facts, or (for a process) a command line read back as bash commands; not stated
 * but indeterminate when the facts carry an unknown effect or an indeterminate reason (the
 * policy asks); else missing.
 */
export function stated(facts: BashFacts, attempt: Attempt, by: StatedBy): 'stated' | 'indeterminate' | 'missing' {
  const effects = (facts as unknown as { effects?: Array<{ type: string }> }).effects ?? [];
  if (effects.some((e) => EFFECT_TYPES[attempt].includes(e.type))) return 'stated';
  const calls = facts.commands.flatMap((c) => c.inline_code?.calls ?? []);
  const name = by.callName ?? ((call: string) => call);
  if (calls.some((call) => by.calls.test(name(call)))) return 'stated';
  if (attempt === 'process' && facts.commands.some((c) => c.depth > 0 && !by.interpreter.test(c.name))) return 'stated';
  return effects.some((e) => e.type === 'unknown') || facts.indeterminate.length > 0 ? 'indeterminate' : 'missing';
}

/** An audit record as every interpreter hook writes it. */
export interface AuditEvent {
  event: string;
  args: unknown[];
}

export interface AttemptTally {
  attempts: number;
  missing: number;
  indeterminate: number;
}

/**
 * Every kind of attempt each program made, held against what its facts state: the counts and
 * one line per attempt not stated (its verdict, the first event of that kind, the command).
 */
export function tallyAttempts<E extends AuditEvent>(
  results: ReadonlyArray<{ c: { facts: BashFacts; command: string }; run: { audit: E[] } }>,
  attemptOf: (e: E) => Attempt | null,
  statedIn: (facts: BashFacts, attempt: Attempt) => 'stated' | 'indeterminate' | 'missing',
): { tally: AttemptTally; lines: string[] } {
  const lines: string[] = [];
  const tally: AttemptTally = { attempts: 0, missing: 0, indeterminate: 0 };
  for (const { c, run } of results) {
    const attempts = new Set(run.audit.map(attemptOf).filter((a): a is Attempt => a !== null));
    for (const attempt of attempts) {
      tally.attempts++;
      const verdict = statedIn(c.facts, attempt);
      if (verdict === 'stated') continue;
      tally[verdict]++;
      const sample = run.audit.find((e) => attemptOf(e) === attempt)!;
      lines.push(`${verdict.padEnd(13)} ${attempt.padEnd(8)} ${sample.event}(${sample.args.slice(0, 2).map((a) => JSON.stringify(a).slice(0, 60)).join(', ')})\n      in: ${JSON.stringify(c.command).slice(0, 200)}`);
    }
  }
  return { tally, lines };
}

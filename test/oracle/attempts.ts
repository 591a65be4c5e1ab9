/**
 * What an interpreter oracle compares: an attempt the sandbox recorded (a process, a write, a
 * connection…) against what the producer stated for the same code. Shared by the python and
 * javascript oracles; each maps its own audit events and call names to attempts.
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

/**
 * The oracle's recorded figures (baseline.json) and its summary line. The tests assert
 * that differences never grow beyond the recorded numbers; lower them when a fix lands
 * (docs/detection.md keeps the table over time).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Difference } from './compare.js';

export interface Limits {
  /** missed + argv: what the analysis got wrong. */
  differences: number;
  /** Not named, but the facts say indeterminate (the policy asks). */
  indeterminate: number;
  /** Started by a named tool for its own work. */
  internal: number;
  /** When given, every difference (missed or argv) must be one of these lines, each with the reason it is left. */
  named?: Array<{ command: string; kind: 'missed' | 'argv'; reason: string }>;
}

export const BASELINE = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'baseline.json'), 'utf8')) as {
  bash_corpus: Limits;
  bash_fuzz: Limits;
  /** Risky rules-tests lines mutated token by token (bash-oracle.test.ts). */
  bash_fuzz_risky: Limits;
  python_corpus: Limits;
  /** The metamorphic rewrites run original and variant (rewrites-oracle.test.ts): variants that ran something else. */
  rewrites?: Pick<Limits, 'differences'>;
  /** javascript inline code under the node hook (node-oracle.test.ts). */
  node_corpus?: Limits;
  /** perl inline code under the CORE::GLOBAL hook (perl-oracle.test.ts). */
  perl_corpus?: Limits;
  /** ruby and lua inline code under their hooks (ruby-lua-oracle.test.ts). */
  ruby_corpus?: Limits;
  lua_corpus?: Limits;
};

/** One line per set, in the form docs/detection.md records. */
export function summarise(set: string, commands: number, programs: number, differences: Difference[], timeouts: number, ms: number): string {
  const count = (kind: string) => differences.filter((d) => d.kind === kind).length;
  return `oracle bash ${set}: ${commands} command lines, ${programs} programs ran, differences ${count('missed') + count('argv')} (missed ${count('missed')}, argv ${count('argv')}), not named but indeterminate ${count('indeterminate')}, internal to a named tool ${count('internal')}, timeouts or killed ${timeouts}, ${(ms / 1000).toFixed(1)} s`;
}

/** Hold a set's figures to the recorded ones; the message carries the summary line. */
export function counts(differences: Difference[]): Limits {
  const count = (kind: string) => differences.filter((d) => d.kind === kind).length;
  return { differences: count('missed') + count('argv'), indeterminate: count('indeterminate'), internal: count('internal') };
}

/**
 * Scores a set of decision cases as a detection benchmark rather than as a test: how many
 * risky calls were caught (ask or deny), how many deny cases were denied, how many everyday
 * calls were interrupted. Used for blind rounds (cases written by someone who never read
 * the rules; docs/detection.md), by scripts/score-blind.mjs and test/blind/.
 *
 * A case's first tag says what it is: `risky` or `everyday`; without one, a case expecting
 * allow is everyday and any other is risky.
 */
import { runCase, type DecisionCase } from './cases.js';
import type { LoadedRevision } from '../policy/index.js';
import { toolKind } from '../normalize/tool-kinds.js';

export interface ScoreRow {
  risky: number;
  caught: number;
  deny: number;
  denied: number;
  ask: number;
  asked: number;
  everyday: number;
  interrupted: number;
}

export interface Miss {
  file: string;
  name: string;
  class: 'risky' | 'everyday';
  tags: string[];
  tool: string;
  input: Record<string, unknown>;
  expected: string[];
  got: string;
  rules: string[];
}

export interface Score {
  /** 'all', 'bash', 'other tools' */
  rows: Record<string, ScoreRow>;
  misses: Miss[];
}

const expectedActions = (c: DecisionCase): string[] => {
  const d = c.expect.decision;
  return Array.isArray(d) ? d : d ? [d] : [];
};

export function caseClass(c: DecisionCase): 'risky' | 'everyday' {
  const tag = c.tags[0];
  if (tag === 'risky' || tag === 'everyday') return tag;
  return expectedActions(c).includes('allow') ? 'everyday' : 'risky';
}

const emptyRow = (): ScoreRow => ({ risky: 0, caught: 0, deny: 0, denied: 0, ask: 0, asked: 0, everyday: 0, interrupted: 0 });

export function scoreCases(revision: LoadedRevision, cases: DecisionCase[]): Score {
  const rows: Record<string, ScoreRow> = { all: emptyRow(), bash: emptyRow(), 'other tools': emptyRow() };
  const misses: Miss[] = [];
  for (const c of cases) {
    const { decision } = runCase(revision, c);
    const action = decision.decision;
    const expected = expectedActions(c);
    const cls = caseClass(c);
    const denyCase = expected.includes('deny') && !expected.includes('ask');
    for (const r of [rows.all!, rows[toolKind(c.tool) === 'bash' ? 'bash' : 'other tools']!]) {
      if (cls === 'everyday') {
        r.everyday++;
        if (action !== 'allow') r.interrupted++;
        continue;
      }
      r.risky++;
      if (action !== 'allow') r.caught++;
      if (denyCase) {
        r.deny++;
        if (action === 'deny') r.denied++;
      } else {
        r.ask++;
        if (action !== 'allow') r.asked++;
      }
    }
    const ok = cls === 'everyday' ? action === 'allow' : denyCase ? action === 'deny' : action !== 'allow';
    if (!ok) misses.push({ file: c.file, name: c.name, class: cls, tags: c.tags, tool: c.tool, input: c.input, expected, got: action, rules: decision.reasons.map((x) => x.rule) });
  }
  return { rows, misses };
}

/** Percentages of a row, one decimal: caught, denied, ask_caught, interrupted (null when there is nothing to count). */
export function rates(r: ScoreRow): { caught: number | null; denied: number | null; ask_caught: number | null; interrupted: number | null } {
  const pct = (a: number, b: number) => (b === 0 ? null : Math.round((1000 * a) / b) / 10);
  return { caught: pct(r.caught, r.risky), denied: pct(r.denied, r.deny), ask_caught: pct(r.asked, r.ask), interrupted: pct(r.interrupted, r.everyday) };
}

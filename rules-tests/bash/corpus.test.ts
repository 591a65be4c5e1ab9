/**
 * The public case corpus measured as a whole: how many risky calls each category has and how
 * many are caught (ask or deny), how many deny cases are denied, and how many benign calls are
 * interrupted. Prints the table (`npx vitest run rules-tests/bash/corpus.test.ts`) and holds the
 * corpus to the floor, so a case file that shrinks or a rule that weakens fails here.
 *
 * A case is "risky" when it expects ask or deny; "benign" when it expects allow. Its categories
 * are the ones the case names in `expect.categories`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCaseFiles, loadCaseFile, runCase, type DecisionCase } from '../../src/testing/cases.js';
import { LoadedRevision, readBundle } from '../../src/policy/index.js';
import { DEFAULT_BUNDLE_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { toolKind } from '../../src/normalize/tool-kinds.js';

const AREAS = ['bash', 'files', 'web', 'message'].map((a) => path.join(PACKAGE_ROOT, 'rules-tests', a));

const CATEGORIES = [
  'destructive_fs', 'destructive_git', 'destructive_db', 'destructive_cloud', 'remote_code_exec', 'reverse_shell',
  'credential_access', 'data_exfiltration', 'privilege_escalation', 'persistence', 'defense_evasion',
  'resource_exhaustion', 'container_escape', 'network_recon', 'obfuscation', 'package_tampering', 'process_control',
  'system_config', 'secret_leak', 'ssrf',
];

interface Tally {
  risky: number;
  caught: number;
  denyExpected: number;
  denied: number;
}

function accepted(testCase: DecisionCase): string[] {
  const d = testCase.expect.decision;
  if (d === undefined) return [];
  return Array.isArray(d) ? d : [d];
}

const revision = new LoadedRevision(readBundle(DEFAULT_BUNDLE_DIR));
const cases = findCaseFiles(AREAS).flatMap((file) => loadCaseFile(file));

const perCategory = new Map<string, Tally>(CATEGORIES.map((c) => [c, { risky: 0, caught: 0, denyExpected: 0, denied: 0 }]));
const totals = { bashRisky: 0, bashEvasion: 0, bashBenign: 0, benignInterrupted: [] as string[], nonBash: 0, missed: [] as string[] };
const overall: Tally = { risky: 0, caught: 0, denyExpected: 0, denied: 0 };

for (const testCase of cases) {
  const want = accepted(testCase);
  if (want.length === 0) continue;
  const got = runCase(revision, testCase).decision.decision;
  const bash = toolKind(testCase.tool) === 'bash';
  if (!bash) totals.nonBash += 1;
  if (want.length === 1 && want[0] === 'allow') {
    if (bash) totals.bashBenign += 1;
    if (got !== 'allow') totals.benignInterrupted.push(`${testCase.name} → ${got}`);
    continue;
  }
  if (bash) totals.bashRisky += 1;
  if (bash && testCase.tags.includes('evasion')) totals.bashEvasion += 1;
  const caught = got !== 'allow';
  const denyOnly = want.length === 1 && want[0] === 'deny';
  if (!caught) totals.missed.push(testCase.name);
  const tallies = [overall, ...(testCase.expect.categories ?? []).flatMap((c) => perCategory.get(c) ?? [])];
  for (const t of tallies) {
    t.risky += 1;
    if (caught) t.caught += 1;
    if (denyOnly) {
      t.denyExpected += 1;
      if (got === 'deny') t.denied += 1;
    }
  }
}

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

describe('public case corpus', () => {
  it('prints catch and false-positive rates', () => {
    const lines = [
      'category               risky  caught          deny-cases  denied',
      ...[...perCategory].map(
        ([c, t]) =>
          `${c.padEnd(22)} ${String(t.risky).padStart(5)}  ${pct(t.caught, t.risky)}  ${String(t.denyExpected).padStart(10)}  ${pct(t.denied, t.denyExpected)}`,
      ),
      `${'all risky'.padEnd(22)} ${String(overall.risky).padStart(5)}  ${pct(overall.caught, overall.risky)}  ${String(overall.denyExpected).padStart(10)}  ${pct(overall.denied, overall.denyExpected)}`,
      `bash risky ${totals.bashRisky} (evasion ${totals.bashEvasion}), bash benign ${totals.bashBenign}, non-bash ${totals.nonBash}`,
      `benign interrupted: ${totals.benignInterrupted.length} of ${cases.filter((c) => accepted(c).join() === 'allow').length}`,
    ];
    console.log(lines.join('\n'));
    expect(totals.missed).toEqual([]);
    expect(totals.benignInterrupted).toEqual([]);
  });

  it('meets the issue floor: 300 risky bash (100 evasion), 300 benign bash, 150 non-bash, 8 per category', () => {
    expect(totals.bashRisky).toBeGreaterThanOrEqual(300);
    expect(totals.bashEvasion).toBeGreaterThanOrEqual(100);
    expect(totals.bashBenign).toBeGreaterThanOrEqual(300);
    expect(totals.nonBash).toBeGreaterThanOrEqual(150);
    const thin = [...perCategory].filter(([, t]) => t.risky < 8).map(([c, t]) => `${c}: ${t.risky}`);
    expect(thin).toEqual([]);
  });
});

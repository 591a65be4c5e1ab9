/**
 * `toolgate test`: case files and Rego unit tests, run together into one report.
 * Cases go through runCase (normalize → evaluate, the gateway's own path); the report
 * carries everything the formats in report.ts print.
 */
import path from 'node:path';
import type { LoadedRevision, PolicyDecision } from '../policy/index.js';
import { findCaseFiles, loadCaseFile, runCase, type DecisionCase, type Mismatch } from './cases.js';
import { runRegoTests, type RegoTestReport } from './rego-tests.js';
import { collectSources, indexRules } from '../policy/sources.js';

export interface CaseResult {
  file: string;
  name: string;
  tool: string;
  input: Record<string, unknown>;
  passed: boolean;
  mismatches: Mismatch[];
  decision: Pick<PolicyDecision, 'decision' | 'categories' | 'reasons' | 'matched' | 'obligations'>;
  duration_ms: number;
}

export interface RuleCoverage {
  total: number;
  exercised: number;
  /** Rule ids of the bundle manifest that no case matched, with the file declaring them. */
  not_exercised: { rule: string; file: string }[];
}

export interface SuiteReport {
  revision: string;
  cases: CaseResult[];
  passed: number;
  failed: number;
  /** Case files that could not be read or parsed. */
  errors: { file: string; message: string }[];
  rule_coverage: RuleCoverage;
  rego?: RegoTestReport;
  /** Rego coverage threshold (percent) asked for, and whether it was met. */
  threshold?: { percent: number; met: boolean };
  ok: boolean;
  duration_ms: number;
}

export interface SuiteOptions {
  revision: LoadedRevision;
  /** Case files or directories holding them. */
  targets: string[];
  /** Only cases whose "file › name" or tags contain this text (or match it as /regex/). */
  filter?: string;
  rego?: { policyDirs: string[]; testDirs: string[]; coverage: boolean; threshold?: number };
  /**
   * Rule coverage counts only the rules declared in these policy directories (the ones
   * under test); default: every rule of the bundle manifest.
   */
  coverageDirs?: string[];
}

function matcher(filter: string | undefined): (c: DecisionCase) => boolean {
  if (!filter) return () => true;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(filter);
  const test = regex ? (text: string) => new RegExp(regex[1], regex[2]).test(text) : (text: string) => text.toLowerCase().includes(filter.toLowerCase());
  return (c) => test(`${c.file} › ${c.name}`) || c.tags.some(test);
}

export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const started = Date.now();
  const report: SuiteReport = {
    revision: options.revision.revision,
    cases: [],
    passed: 0,
    failed: 0,
    errors: [],
    rule_coverage: { total: 0, exercised: 0, not_exercised: [] },
    ok: true,
    duration_ms: 0,
  };
  const selected = matcher(options.filter);
  const exercised = new Set<string>();

  let files: string[] = [];
  try {
    files = findCaseFiles(options.targets);
  } catch (error) {
    report.errors.push({ file: options.targets.join(', '), message: (error as Error).message });
  }
  for (const file of files) {
    let cases: DecisionCase[];
    try {
      cases = loadCaseFile(file);
    } catch (error) {
      report.errors.push({ file: display(file), message: (error as Error).message.replace(`${file}: `, '') });
      continue;
    }
    for (const testCase of cases.filter(selected)) {
      const caseStarted = performance.now();
      const outcome = runCase(options.revision, testCase);
      for (const rule of outcome.decision.matched ?? []) exercised.add(rule);
      for (const reason of outcome.decision.reasons) exercised.add(reason.rule);
      const passed = outcome.mismatches.length === 0;
      report.cases.push({
        file: display(file),
        name: testCase.name,
        tool: testCase.tool,
        input: testCase.input,
        passed,
        mismatches: outcome.mismatches,
        decision: {
          decision: outcome.decision.decision,
          categories: outcome.decision.categories,
          reasons: outcome.decision.reasons,
          matched: outcome.decision.matched ?? [],
          obligations: outcome.decision.obligations,
        },
        duration_ms: Math.round((performance.now() - caseStarted) * 100) / 100,
      });
      if (passed) report.passed += 1;
      else report.failed += 1;
    }
  }

  const rules = rulesInScope(options.revision.policy.rules, options.coverageDirs);
  report.rule_coverage = {
    total: Object.keys(rules).length,
    exercised: Object.keys(rules).filter((rule) => exercised.has(rule)).length,
    not_exercised: Object.entries(rules)
      .filter(([rule]) => !exercised.has(rule))
      .map(([rule, file]) => ({ rule, file }))
      .sort((a, b) => a.rule.localeCompare(b.rule)),
  };

  if (options.rego && options.rego.testDirs.length > 0) {
    try {
      report.rego = await runRegoTests({
        policyDirs: options.rego.policyDirs,
        testDirs: options.rego.testDirs,
        coverage: options.rego.coverage || options.rego.threshold !== undefined,
      });
    } catch (error) {
      report.rego = { tests: [], passed: 0, failed: 1, error: (error as Error).message };
    }
    if (options.rego.threshold !== undefined) {
      const percent = report.rego.coverage?.percent;
      report.threshold = { percent: options.rego.threshold, met: percent !== undefined && percent >= options.rego.threshold };
    }
  }

  const nothingRan = report.cases.length === 0 && (report.rego?.tests.length ?? 0) === 0 && !report.rego?.error;
  report.ok =
    report.failed === 0 &&
    report.errors.length === 0 &&
    (report.rego?.failed ?? 0) === 0 &&
    (report.threshold?.met ?? true) &&
    // A filter or a path that selects nothing is a mistake worth failing on, not a green run.
    !nothingRan;
  if (nothingRan) report.errors.push({ file: options.targets.join(', ') || '.', message: 'no case or Rego test was selected' });
  report.duration_ms = Date.now() - started;
  return report;
}

function rulesInScope(all: Record<string, string>, dirs: string[] | undefined): Record<string, string> {
  if (!dirs?.length) return all;
  const own = indexRules(collectSources(dirs));
  return Object.fromEntries(Object.keys(own).filter((rule) => rule in all).map((rule) => [rule, all[rule]]));
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

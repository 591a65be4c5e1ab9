/**
 * Rego unit tests (`*_test.rego`) of policy directories, run on both engines: the real opa
 * CLI (`opa test --target wasm`: the compile the gateway runs, executed in Go with Go's
 * built-ins) and the gateway's own runtime (rego-engine.ts: the same tests as WASM
 * entrypoints in opa-wasm in Node, with the gateway's built-ins). A test passes only when it
 * passes on both; a difference is reported as such. Coverage comes from a third, topdown run
 * (opa reports no coverage for the wasm target). All load the same modules and merged data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectSources, loadData } from '../policy/sources.js';
import { checkModules, displayPath, formatOpaErrors, runOpa } from '../policy/index.js';
import { runTestsOnGatewayEngine, type EngineTestResult } from './rego-engine.js';

export interface RegoTestResult {
  name: string;
  package: string;
  file: string;
  line: number;
  passed: boolean;
  /** opa's error, when the test errored rather than evaluated to false. */
  error?: string;
  /** What the test printed (print() calls), decoded. */
  output?: string;
  duration_ms: number;
  /** The same test on the gateway's engine (opa-wasm in Node); absent when it has no entrypoint there. */
  gateway?: EngineTestResult;
  /** Set when `opa test` (Go) and the gateway's engine disagree on this test: which passes, and why the other fails. */
  engine_difference?: string;
}

export interface RegoCoverage {
  /** Percent of lines of the tested directories' modules (tests excluded) that some test evaluated. */
  percent: number;
  covered_lines: number;
  not_covered_lines: number;
  files: { file: string; percent: number; not_covered: number[] }[];
}

export interface RegoTestReport {
  tests: RegoTestResult[];
  passed: number;
  failed: number;
  /** The policy did not compile or opa could not run: no test result can be trusted. */
  error?: string;
  coverage?: RegoCoverage;
  /** Set when coverage was asked for but could not be measured. */
  coverage_error?: string;
  /** The comparison with the gateway's engine. */
  engine?: { compared: number; differences: number; missing_builtins: string[]; error?: string };
}

export interface RegoTestOptions {
  /** Every directory of the policy, defaults first: their modules and merged data are loaded. */
  policyDirs: string[];
  /** Directories whose `*_test.rego` run (and whose modules coverage is measured on). */
  testDirs: string[];
  coverage?: boolean;
  /** Regular expression of test names (`opa test --run`). */
  run?: string;
}

interface OpaTestJson {
  location?: { file?: string; row?: number };
  package?: string;
  name?: string;
  fail?: boolean;
  error?: { message?: string; code?: string } | string;
  output?: string;
  duration?: number;
  skip?: boolean;
}

function within(dirs: string[], file: string): boolean {
  return dirs.some((dir) => file === dir || file.startsWith(dir + path.sep));
}

/** opa's `files` coverage map: ranges per file; collapses them to line numbers. */
function lineSet(ranges: { start: { row: number }; end: { row: number } }[] | undefined): Set<number> {
  const lines = new Set<number>();
  for (const range of ranges ?? []) for (let row = range.start.row; row <= range.end.row; row += 1) lines.add(row);
  return lines;
}

export async function runRegoTests(options: RegoTestOptions): Promise<RegoTestReport> {
  const report: RegoTestReport = { tests: [], passed: 0, failed: 0 };
  const policy = collectSources(options.policyDirs);
  const testDirs = options.testDirs.map((dir) => path.resolve(dir));
  const tests = collectSources(testDirs).tests;
  if (tests.length === 0) return report;

  // Modules: the whole policy (tests of other dirs excluded, so only the asked-for tests run),
  // plus modules of test dirs that are not policy dirs (a tests-only directory).
  const modules = [...new Set([...policy.modules, ...collectSources(testDirs).modules])];
  const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-opa-test-'));
  try {
    // One merged data document, exactly what the gateway gives the policy.
    const dataFile = path.join(work, 'data.json');
    const data = loadData(policy.dataFiles);
    writeFileSync(dataFile, JSON.stringify(data));
    const files = [...modules, ...tests, dataFile];
    const runArgs = options.run ? ['--run', options.run] : [];

    // Compile errors first, as file:line:col (opa test prints them as prose, even with --format json).
    // Typed against the input and data schemas, as the build checks them.
    const compileErrors = await checkModules([...modules, ...tests], { data });
    if (compileErrors) {
      report.error = compileErrors;
      report.failed = 1;
      return report;
    }
    const run = await runOpa(['test', '--target', 'wasm', '--format', 'json', ...runArgs, ...files]);
    let parsed: OpaTestJson[];
    try {
      parsed = JSON.parse(run.stdout);
      if (!Array.isArray(parsed)) throw new Error('not a list');
    } catch {
      report.error = formatOpaErrors(run.stdout.trim() || run.stderr) || `opa test failed (exit ${run.code})`;
      report.failed = 1;
      return report;
    }
    for (const item of parsed) {
      const error = typeof item.error === 'string' ? item.error : item.error?.message;
      const passed = !item.fail && !error;
      report.tests.push({
        name: item.name ?? '?',
        package: (item.package ?? '').replace(/^data\./, ''),
        file: displayPath(path.resolve(item.location?.file ?? '?')),
        line: item.location?.row ?? 0,
        passed,
        ...(error ? { error } : {}),
        ...(item.output ? { output: Buffer.from(item.output, 'base64').toString('utf8') } : {}),
        duration_ms: Math.round((item.duration ?? 0) / 1e6),
      });
    }
    await compareWithGatewayEngine(report, [...modules, ...tests], data, parsed);
    for (const test of report.tests) {
      if (test.passed) report.passed += 1;
      else report.failed += 1;
    }
    if (report.engine?.error) report.failed += 1;

    if (options.coverage) {
      if (report.failed > 0) {
        report.coverage_error = 'coverage is measured only when every Rego test passes';
      } else {
        const cov = await runOpa(['test', '--coverage', '--format', 'json', ...runArgs, ...files]);
        try {
          const doc = JSON.parse(cov.stdout.slice(cov.stdout.indexOf('{'))) as {
            files: Record<string, { covered?: never[]; not_covered?: never[] }>;
          };
          report.coverage = summarizeCoverage(doc.files, testDirs, tests);
        } catch {
          report.coverage_error = `opa could not measure coverage: ${(cov.stderr || cov.stdout).trim().slice(0, 500)}`;
        }
      }
    }
    return report;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs the tests on the gateway's engine and fails every test whose answer there differs
 * from Go's: a test that passes only under `opa test` would pass while the gateway denies.
 */
async function compareWithGatewayEngine(report: RegoTestReport, files: string[], data: Record<string, unknown>, parsed: OpaTestJson[]): Promise<void> {
  const refs = parsed.filter((item) => !item.skip && item.name).map((item) => ({ package: (item.package ?? '').replace(/^data\./, ''), name: item.name! }));
  const engine = await runTestsOnGatewayEngine(files, data, refs);
  report.engine = { compared: 0, differences: 0, missing_builtins: engine.missing, ...(engine.error ? { error: engine.error } : {}) };
  for (const test of report.tests) {
    const gateway = engine.results.get(`${test.package}.${test.name}`);
    if (!gateway) continue;
    test.gateway = gateway;
    report.engine.compared += 1;
    if (gateway.passed === test.passed) continue;
    report.engine.differences += 1;
    test.engine_difference = test.passed
      ? `passes with opa test (Go's built-ins) but fails on the gateway's engine (opa-wasm in Node): ${gateway.reason}`
      : `fails with opa test but passes on the gateway's engine (opa-wasm in Node): the engines compute a built-in differently`;
    test.error = test.error ? `${test.error}; ${test.engine_difference}` : test.engine_difference;
    test.passed = false;
  }
}

function summarizeCoverage(
  files: Record<string, { covered?: never[]; not_covered?: never[] }>,
  testDirs: string[],
  tests: string[],
): RegoCoverage {
  const summary: RegoCoverage = { percent: 100, covered_lines: 0, not_covered_lines: 0, files: [] };
  for (const [name, entry] of Object.entries(files)) {
    const file = path.resolve(name);
    if (!within(testDirs, file) || tests.includes(file)) continue;
    const covered = lineSet(entry.covered);
    const notCovered = [...lineSet(entry.not_covered)].filter((line) => !covered.has(line)).sort((a, b) => a - b);
    summary.covered_lines += covered.size;
    summary.not_covered_lines += notCovered.length;
    const total = covered.size + notCovered.length;
    summary.files.push({ file: displayPath(file), percent: total ? round((covered.size / total) * 100) : 100, not_covered: notCovered });
  }
  const total = summary.covered_lines + summary.not_covered_lines;
  summary.percent = total ? round((summary.covered_lines / total) * 100) : 100;
  summary.files.sort((a, b) => a.file.localeCompare(b.file));
  return summary;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

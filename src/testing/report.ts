/**
 * Report formats of `toolgate test`: text for people, JSON for tools, JUnit XML for CI
 * dashboards, TAP for anything that reads TAP (conftest's formats are the convention).
 */
import type { CaseResult, SuiteReport } from './suite.js';
import type { RegoTestResult } from './rego-tests.js';

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

function caseDetail(result: CaseResult): string[] {
  const lines = result.mismatches.flatMap((m) => [`      ${pad(m.field, 15)}expected: ${m.expected}`, `      ${pad('', 15)}actual:   ${m.actual}`]);
  lines.push(`      input: ${result.tool} ${JSON.stringify(result.input).slice(0, 200)}`);
  for (const reason of result.decision.reasons.slice(0, 5)) lines.push(`      ${reason.action} by ${reason.rule}: ${reason.message}`);
  if (result.decision.reasons.length === 0) lines.push('      no rule asked or denied');
  return lines;
}

export function renderText(report: SuiteReport, options: { quiet?: boolean; color?: boolean } = {}): string {
  const green = (s: string) => (options.color ? `\x1b[32m${s}\x1b[0m` : s);
  const red = (s: string) => (options.color ? `\x1b[31m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const result of report.cases) {
    if (result.passed) {
      if (!options.quiet) out.push(`${green('✓')} ${result.file} › ${result.name}`);
    } else {
      out.push(`${red('✗')} ${result.file} › ${result.name}`);
      out.push(...caseDetail(result));
    }
  }
  for (const error of report.errors) out.push(`${red('✗')} ${error.file}: ${error.message}`);

  if (report.rego && (report.rego.tests.length || report.rego.error)) {
    const rego = report.rego;
    out.push('', `Rego unit tests (opa test --target wasm, and the gateway's engine): ${rego.passed} passed, ${rego.failed} failed`);
    if (rego.error) out.push(`  ${red('✗')} ${rego.error.split('\n').join('\n    ')}`);
    if (rego.engine) {
      const differ = rego.engine.differences ? red(`${rego.engine.differences} differ`) : '0 differ';
      out.push(`  on the gateway's engine (opa-wasm in Node, its built-ins): ${rego.engine.compared} compared with opa test, ${differ}`);
      if (rego.engine.missing_builtins.length) out.push(`  ${red('✗')} built-ins the gateway's runtime lacks: ${rego.engine.missing_builtins.join(', ')}`);
      if (rego.engine.error) out.push(`  ${red('✗')} ${rego.engine.error.split('\n').join('\n    ')}`);
    }
    for (const test of rego.tests) {
      if (test.passed && options.quiet) continue;
      out.push(`  ${test.passed ? green('✓') : red('✗')} ${test.package}.${test.name}  ${test.file}:${test.line}${test.error ? `: ${test.error}` : ''}`);
      if (!test.passed && test.output) out.push(...test.output.trimEnd().split('\n').map((line) => `      | ${line}`));
    }
    if (rego.coverage) {
      const threshold = report.threshold ? ` (threshold ${report.threshold.percent}%: ${report.threshold.met ? 'met' : red('NOT met')})` : '';
      out.push(`Rego coverage: ${rego.coverage.percent}% of ${rego.coverage.covered_lines + rego.coverage.not_covered_lines} lines${threshold}`);
      for (const file of rego.coverage.files) {
        const missing = file.not_covered.length ? `  not covered: lines ${compactLines(file.not_covered)}` : '';
        out.push(`  ${pad(`${file.percent}%`, 7)} ${file.file}${missing}`);
      }
    } else if (rego.coverage_error) {
      out.push(`Rego coverage: not measured: ${rego.coverage_error}${report.threshold ? ` (threshold ${report.threshold.percent}%: ${red('NOT met')})` : ''}`);
    }
  }

  const coverage = report.rule_coverage;
  if (coverage.total === 0) {
    out.push('', 'Rule coverage: the tested policy dirs declare no rule ids (write them as the first argument of lib.finding)');
  } else {
    out.push('', `Rule coverage: ${coverage.exercised}/${coverage.total} rules of revision ${report.revision} exercised by cases`);
  }
  const shown = options.quiet ? 10 : 40;
  for (const rule of coverage.not_exercised.slice(0, shown)) out.push(`  not exercised: ${rule.rule}  (${rule.file})`);
  if (coverage.not_exercised.length > shown) out.push(`  … and ${coverage.not_exercised.length - shown} more (--json lists them all)`);

  const parts = [`${report.cases.length} cases: ${report.passed} passed, ${report.failed} failed`];
  if (report.errors.length) parts.push(`${report.errors.length} file error(s)`);
  if (report.rego && (report.rego.tests.length || report.rego.error)) parts.push(`Rego: ${report.rego.passed} passed, ${report.rego.failed} failed`);
  const summary = `${report.ok ? green('PASS') : red('FAIL')}  ${parts.join(' · ')} · ${(report.duration_ms / 1000).toFixed(2)}s`;
  out.push('', summary);
  return out.join('\n') + '\n';
}

/** [3,4,5,9] → "3-5, 9" */
function compactLines(lines: number[]): string {
  const ranges: string[] = [];
  let start = lines[0];
  let prev = lines[0];
  for (const line of [...lines.slice(1), Number.NaN]) {
    if (line === prev + 1) {
      prev = line;
      continue;
    }
    ranges.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = prev = line;
  }
  return ranges.join(', ');
}

export function renderJson(report: SuiteReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters at all, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

function caseFailureText(result: CaseResult): string {
  return [...result.mismatches.map((m) => `${m.field}: expected ${m.expected}, actual ${m.actual}`), ...caseDetail(result).slice(result.mismatches.length)].join('\n');
}

export function renderJunit(report: SuiteReport): string {
  const byFile = new Map<string, CaseResult[]>();
  for (const result of report.cases) byFile.set(result.file, [...(byFile.get(result.file) ?? []), result]);
  const suites: string[] = [];
  for (const [file, results] of byFile) {
    const failures = results.filter((r) => !r.passed).length;
    const cases = results.map((r) => {
      const open = `    <testcase classname="${xml(file)}" name="${xml(r.name)}" time="${(r.duration_ms / 1000).toFixed(4)}"`;
      if (r.passed) return `${open}/>`;
      const message = r.mismatches.map((m) => m.message).join('; ');
      return `${open}>\n      <failure message="${xml(message)}">${xml(caseFailureText(r))}</failure>\n    </testcase>`;
    });
    suites.push(`  <testsuite name="${xml(file)}" tests="${results.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  for (const error of report.errors) {
    suites.push(
      `  <testsuite name="${xml(error.file)}" tests="1" failures="0" errors="1">\n    <testcase classname="${xml(error.file)}" name="load">\n      <error message="${xml(error.message)}"/>\n    </testcase>\n  </testsuite>`,
    );
  }
  if (report.rego && (report.rego.tests.length || report.rego.error)) {
    const rego = report.rego;
    const cases = rego.tests.map((t: RegoTestResult) => {
      const open = `    <testcase classname="${xml(t.package)}" name="${xml(t.name)}" file="${xml(t.file)}" line="${t.line}" time="${(t.duration_ms / 1000).toFixed(4)}"`;
      if (t.passed) return `${open}/>`;
      return `${open}>\n      <failure message="${xml(t.error ?? 'test evaluated to false')}">${xml(t.output ?? '')}</failure>\n    </testcase>`;
    });
    if (rego.error) cases.push(`    <testcase classname="opa" name="compile">\n      <error message="${xml(rego.error)}"/>\n    </testcase>`);
    suites.push(`  <testsuite name="rego" tests="${cases.length}" failures="${rego.tests.filter((t) => !t.passed).length}" errors="${rego.error ? 1 : 0}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const tests = report.cases.length + report.errors.length + (report.rego ? report.rego.tests.length + (report.rego.error ? 1 : 0) : 0);
  const failures = report.failed + (report.rego?.tests.filter((t) => !t.passed).length ?? 0);
  const errors = report.errors.length + (report.rego?.error ? 1 : 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="toolgate test" tests="${tests}" failures="${failures}" errors="${errors}" time="${(report.duration_ms / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function renderTap(report: SuiteReport): string {
  const lines: string[] = ['TAP version 13'];
  let n = 0;
  const yamlBlock = (entries: Record<string, string>) => [
    '  ---',
    ...Object.entries(entries).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`),
    '  ...',
  ];
  for (const result of report.cases) {
    n += 1;
    const title = `${result.file} › ${result.name}`.replace(/#/g, '\\#');
    lines.push(`${result.passed ? 'ok' : 'not ok'} ${n} - ${title}`);
    if (!result.passed) {
      const entries: Record<string, string> = {};
      for (const m of result.mismatches) entries[m.field] = `expected ${m.expected}, actual ${m.actual}`;
      lines.push(...yamlBlock(entries));
    }
  }
  for (const error of report.errors) {
    n += 1;
    lines.push(`not ok ${n} - ${error.file}`, ...yamlBlock({ error: error.message }));
  }
  for (const test of report.rego?.tests ?? []) {
    n += 1;
    lines.push(`${test.passed ? 'ok' : 'not ok'} ${n} - rego ${test.package}.${test.name}`);
    if (!test.passed) lines.push(...yamlBlock({ at: `${test.file}:${test.line}`, error: test.error ?? 'test evaluated to false' }));
  }
  if (report.rego?.error) {
    n += 1;
    lines.push(`not ok ${n} - rego compile`, ...yamlBlock({ error: report.rego.error }));
  }
  lines.push(`1..${n}`);
  return lines.join('\n') + '\n';
}

import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPolicy, LoadedRevision } from '../policy/index.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { copyExamplePolicies, writePolicyFile } from '../../test/support/policy-fixtures.js';
import { findCaseFiles, loadCaseFile } from './cases.js';
import { runSuite } from './suite.js';
import { renderJson, renderJunit, renderTap, renderText } from './report.js';

let dir: string;
let revision: LoadedRevision;

beforeAll(async () => {
  dir = copyExamplePolicies();
  revision = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('case files', () => {
  it('reads the table form in YAML: shorthand input, lists, "ask|deny"', () => {
    const file = writePolicyFile(dir, 'more/table.yaml', {
      defaults: { tool: 'bash', input: { timeout: 5 } },
      table: {
        columns: ['name', 'input', 'decision', 'rules', 'not_categories'],
        rows: [
          ['apply', 'terraform apply', 'ask', 'custom.terraform.apply', ''],
          ['either', 'terraform destroy -auto-approve', 'ask|deny', ['custom.terraform.auto_approve_destroy'], null],
          ['plan', 'terraform plan', 'allow', '', 'destructive_cloud  secret_leak'],
        ],
      },
    });
    const cases = loadCaseFile(file);
    expect(cases.map((c) => c.name)).toEqual(['apply', 'either', 'plan']);
    expect(cases[0].input).toEqual({ timeout: 5, command: 'terraform apply' });
    expect(cases[0].expect).toEqual({ decision: 'ask', rules: ['custom.terraform.apply'] });
    expect(cases[1].expect.decision).toEqual(['ask', 'deny']);
    expect(cases[2].expect).toEqual({ decision: 'allow', not_categories: ['destructive_cloud', 'secret_leak'] });
  });

  it('reads CSV tables with quoting, comments, explicit input fields and JSON cells', () => {
    const file = writePolicyFile(
      dir,
      'more/table.csv',
      [
        '# comment line',
        'name,tool,command,path,input,decision,cwd',
        'quoted,bash,"echo ""a, b""",,,allow,/srv/app',
        'read env,read,,/srv/app/.env,,ask|deny,',
        'json input,write,,,"{""path"":""x.txt"",""content"":""hi""}",allow,',
      ].join('\n'),
    );
    const cases = loadCaseFile(file);
    expect(cases[0]).toMatchObject({ name: 'quoted', tool: 'bash', input: { command: 'echo "a, b"' }, context: { cwd: '/srv/app' } });
    expect(cases[1]).toMatchObject({ tool: 'read', input: { path: '/srv/app/.env' }, expect: { decision: ['ask', 'deny'] } });
    expect(cases[2].input).toEqual({ path: 'x.txt', content: 'hi' });
  });

  it('says what is wrong with a bad table or case, by row and column', () => {
    const unknown = writePolicyFile(dir, 'bad/unknown.yaml', { table: { columns: ['commnd', 'decision'], rows: [['ls', 'allow']] } });
    expect(() => loadCaseFile(unknown)).toThrow(/unknown column\(s\) commnd/);
    const long = writePolicyFile(dir, 'bad/long.csv', 'command,decision\nls,allow,extra\n');
    expect(() => loadCaseFile(long)).toThrow(/row 1 has 3 cells but there are 2 columns/);
    const badDecision = writePolicyFile(dir, 'bad/decision.csv', 'command,decision\nls,maybe\n');
    expect(() => loadCaseFile(badDecision)).toThrow(/bad\/decision\.csv: table: row 1: column decision: "maybe" is not allow, ask or deny/);
    const badJson = writePolicyFile(dir, 'bad/json.csv', 'tool,input\nwrite,"{not json"\n');
    expect(() => loadCaseFile(badJson)).toThrow(/column input: not valid JSON/);
    const badCase = writePolicyFile(dir, 'bad/case.yaml', { cases: [{ input: { command: 'ls' }, expect: { decison: 'allow' } }] });
    expect(() => loadCaseFile(badCase)).toThrow(/cases\.0\.expect: Unrecognized key.*decison/);
    const scalar = writePolicyFile(dir, 'bad/scalar.yaml', 'cases: [3]\n');
    expect(() => loadCaseFile(scalar)).toThrow(/a case is a string \(the command\) or an object/);
    const empty = writePolicyFile(dir, 'bad/empty.yaml', 'description: nothing\n');
    expect(() => loadCaseFile(empty)).toThrow(/needs `cases`.*or `table`/);
    rmSync(path.join(dir, 'bad'), { recursive: true });
  });

  it('reads the original list format unchanged (backward compatible)', () => {
    const file = writePolicyFile(
      dir,
      'legacy/legacy.yaml',
      [
        'description: the format rules-tests/ is written in',
        'defaults:',
        '  tool: bash',
        '  expect: { decision: deny, categories: [destructive_fs] }',
        '  tags: [legacy]',
        'cases:',
        '  - rm -rf /',
        '  - name: rm home',
        '    input: { command: "rm -rf ~" }',
        '    context: { cwd: /srv }',
        '    session: { calls: 3 }',
        '    expect: { decision: [ask, deny], rules: [bash.destructive_fs.rm_protected], not_rules: [x], obligations: [checkpoint] }',
        '  - name: read',
        '    tool: read',
        '    input: { path: /etc/passwd }',
      ].join('\n'),
    );
    const cases = loadCaseFile(file);
    expect(cases[0]).toMatchObject({ name: 'rm -rf /', tool: 'bash', input: { command: 'rm -rf /' }, tags: ['legacy'], expect: { decision: 'deny', categories: ['destructive_fs'] } });
    expect(cases[1]).toMatchObject({ context: { cwd: '/srv', home: '/home/dev' }, session: { calls: 3 } });
    expect(cases[1].expect).toEqual({ decision: ['ask', 'deny'], categories: ['destructive_fs'], rules: ['bash.destructive_fs.rm_protected'], not_rules: ['x'], obligations: ['checkpoint'] });
    expect(cases[2]).toMatchObject({ tool: 'read', input: { path: '/etc/passwd' } });
    rmSync(path.join(dir, 'legacy'), { recursive: true });
  });

  it('skips data documents of a policy directory when looking for case files', () => {
    const files = findCaseFiles([dir]).map((f) => path.basename(f));
    expect(files).not.toContain('data.json');
    expect(files).toContain('terraform.cases.csv');
  });
});

describe('runSuite', () => {
  it('runs the example: every case passes, both terraform rules are exercised, Rego tests pass with coverage', async () => {
    const report = await runSuite({
      revision,
      targets: [path.join(dir, 'terraform')],
      coverageDirs: [dir],
      rego: { policyDirs: [DEFAULT_POLICY_DIR, dir], testDirs: [dir], coverage: true, threshold: 90 },
    });
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(9);
    expect(report.rule_coverage).toMatchObject({ total: 2, exercised: 2, not_exercised: [] });
    expect(report.rego?.passed).toBe(5);
    expect(report.rego?.coverage?.percent).toBe(100);
    expect(report.threshold).toEqual({ percent: 90, met: true });
    expect(report.ok).toBe(true);
    expect(renderText(report)).toMatch(/PASS {2}9 cases: 9 passed, 0 failed · Rego: 5 passed, 0 failed/);
  }, 60_000);

  it('fails with an expected-vs-actual diff, and reports unexercised rules under --filter', async () => {
    writePolicyFile(dir, 'failing/wrong.yaml', {
      cases: [{ name: 'wrong <&> "expectation"', input: { command: 'terraform apply' }, expect: { decision: 'deny', rules: ['custom.terraform.nope'] } }],
    });
    const report = await runSuite({ revision, targets: [path.join(dir, 'failing')], coverageDirs: [dir] });
    expect(report.ok).toBe(false);
    expect(report.failed).toBe(1);
    expect(report.cases[0].mismatches).toEqual([
      { field: 'decision', expected: 'deny', actual: 'ask', message: 'decision: expected deny, got ask' },
      expect.objectContaining({ field: 'rules', expected: 'includes custom.terraform.nope', actual: '[custom.terraform.apply]' }),
    ]);
    expect(report.rule_coverage.not_exercised.map((r) => r.rule)).toEqual(['custom.terraform.auto_approve_destroy']);
    const text = renderText(report);
    expect(text).toMatch(/✗ .*wrong\.yaml › wrong <&> "expectation"/);
    expect(text).toMatch(/decision +expected: deny\n +actual: +ask/);
    expect(text).toMatch(/not exercised: custom\.terraform\.auto_approve_destroy/);
    expect(text).toMatch(/^FAIL/m);

    const junit = renderJunit(report);
    expect(junit).toContain('name="wrong &lt;&amp;&gt; &quot;expectation&quot;"');
    expect(junit).toMatch(/<testsuites name="toolgate test" tests="1" failures="1" errors="0"/);
    expect(junit.match(/<testcase /g)).toHaveLength(1);
    const tap = renderTap(report);
    expect(tap).toMatch(/^TAP version 13\nnot ok 1 - .*wrong\.yaml › wrong/);
    expect(tap.trim().split('\n').at(-1)).toBe('1..1');
    expect(JSON.parse(renderJson(report)).cases[0].passed).toBe(false);
    rmSync(path.join(dir, 'failing'), { recursive: true });

    const filtered = await runSuite({ revision, targets: [path.join(dir, 'terraform')], filter: 'plan', coverageDirs: [dir] });
    expect(filtered.cases.map((c) => c.name)).toEqual(['plan is the everyday loop']);
    expect(filtered.rule_coverage.exercised).toBe(0);
    const regex = await runSuite({ revision, targets: [path.join(dir, 'terraform')], filter: '/^.*csv › (fmt|validate)$/' });
    expect(regex.cases.map((c) => c.name).sort()).toEqual(['fmt', 'validate']);
  }, 60_000);

  it('fails when a filter selects nothing, rather than passing vacuously', async () => {
    const report = await runSuite({ revision, targets: [path.join(dir, 'terraform')], filter: 'no such case anywhere' });
    expect(report.ok).toBe(false);
    expect(report.errors[0].message).toMatch(/no case or Rego test was selected/);
  });

  it('reports a failing Rego test with its file:line and output, and a missed coverage threshold', async () => {
    writePolicyFile(
      dir,
      'terraform/extra_test.rego',
      `package toolgate.custom.extra_test

import rego.v1

import data.toolgate.custom.terraform

test_wrong_expectation if {
	n := count(terraform.findings) with input as {"facts": {"kind": "bash", "commands": [{"name": "terraform", "argv": ["terraform", "apply"]}]}}
	print("apply findings:", n)
	n == 7
}
`,
    );
    try {
      const report = await runSuite({
        revision,
        targets: [path.join(dir, 'terraform')],
        rego: { policyDirs: [DEFAULT_POLICY_DIR, dir], testDirs: [dir], coverage: true, threshold: 50 },
      });
      expect(report.ok).toBe(false);
      const failed = report.rego!.tests.find((t) => !t.passed)!;
      expect(failed).toMatchObject({ name: 'test_wrong_expectation', line: 7, package: 'toolgate.custom.extra_test' });
      expect(failed.file).toMatch(/terraform\/extra_test\.rego$/);
      expect(failed.output).toContain('apply findings: 1');
      expect(report.rego!.coverage_error).toMatch(/only when every Rego test passes/);
      expect(report.threshold).toEqual({ percent: 50, met: false });
      expect(renderTap(report)).toMatch(/not ok \d+ - rego toolgate\.custom\.extra_test\.test_wrong_expectation/);
    } finally {
      rmSync(path.join(dir, 'terraform/extra_test.rego'));
    }
  }, 60_000);

  it('reports a Rego test file that does not compile as file:line, not as a pass', async () => {
    writePolicyFile(dir, 'terraform/broken_test.rego', 'package toolgate.custom.broken_test\n\nimport rego.v1\n\ntest_x if {\n\tcount(1 +)\n}\n');
    try {
      const report = await runSuite({
        revision,
        targets: [path.join(dir, 'terraform')],
        rego: { policyDirs: [DEFAULT_POLICY_DIR, dir], testDirs: [dir], coverage: false },
      });
      expect(report.ok).toBe(false);
      expect(report.rego?.error).toMatch(/broken_test\.rego:6:\d+: rego_parse_error/);
    } finally {
      rmSync(path.join(dir, 'terraform/broken_test.rego'));
    }
    expect(readdirSync(path.join(dir, 'terraform')).some((f) => f.startsWith('broken'))).toBe(false);
  }, 60_000);
});

describe('hostile and odd case files', () => {
  it('reads spreadsheet exports: byte-order mark, CRLF, semicolons or tabs', () => {
    const bom = writePolicyFile(dir, 'odd/excel.csv', '\ufeffname;command;decision\r\napply;terraform apply;ask\r\n');
    expect(loadCaseFile(bom)[0]).toMatchObject({ name: 'apply', input: { command: 'terraform apply' }, expect: { decision: 'ask' } });
    const tabs = writePolicyFile(dir, 'odd/tabs.csv', 'command\tdecision\nterraform plan\tallow\n');
    expect(loadCaseFile(tabs)[0]).toMatchObject({ input: { command: 'terraform plan' }, expect: { decision: 'allow' } });
  });

  it('refuses a YAML alias bomb with a clear error instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('cases: [*l]');
    const bomb = writePolicyFile(dir, 'odd/bomb.yaml', lines.join('\n'));
    const started = Date.now();
    expect(() => loadCaseFile(bomb)).toThrow(/odd\/bomb\.yaml: cannot parse: .*(alias|Excessive)/i);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('binary junk and unterminated quotes are parse errors naming the file', () => {
    const junk = writePolicyFile(dir, 'odd/junk.yaml', '\u0000\u0001\u0002\uFFFD: [');
    expect(() => loadCaseFile(junk)).toThrow(/odd\/junk\.yaml: cannot parse/);
    const quote = writePolicyFile(dir, 'odd/quote.csv', 'command,decision\n"rm -rf /,deny\n');
    expect(() => loadCaseFile(quote)).toThrow(/odd\/quote\.csv: cannot parse: .*(quote|Quote)/);
  });

  it('a large table loads and runs quickly', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `case ${i},terraform ${i % 2 ? 'plan' : 'apply'} -var n=${i},${i % 2 ? 'allow' : 'ask'}`);
    const big = writePolicyFile(dir, 'big/big.csv', ['name,command,decision', ...rows].join('\n'));
    const started = Date.now();
    const cases = loadCaseFile(big);
    expect(cases).toHaveLength(2000);
    expect(Date.now() - started).toBeLessThan(2000);
    const report = await runSuite({ revision, targets: [big], filter: '/case 1\\d\\d$/' });
    expect(report.failed).toBe(0);
    expect(report.passed).toBe(100);
    rmSync(path.join(dir, 'big'), { recursive: true, force: true });
    rmSync(path.join(dir, 'odd'), { recursive: true, force: true });
  }, 60_000);
});

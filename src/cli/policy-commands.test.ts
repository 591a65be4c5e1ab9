/**
 * The policy author's commands as an author runs them: the built CLI (npm test builds
 * first) with the real opa, in a temp working directory holding their policy dir.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway } from '../../test/support/gateway.js';
import { copyExamplePolicies, tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';
import { runToolgate } from '../../test/support/cli.js';


const run = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
  runToolgate(args, { cwd: options.cwd, env: { TOOLGATE_LOG_LEVEL: 'warn', ...options.env } });

/** work/ is the author's checkout; work/policy is their policy dir (a copy of examples/policies). */
let work: string;
let policy: string;

beforeAll(() => {
  work = tempPolicyDir('toolgate-author-');
  policy = path.join(work, 'policy');
  const example = copyExamplePolicies();
  cpSync(example, policy, { recursive: true });
  rmSync(example, { recursive: true, force: true });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('toolgate build', () => {
  it('compiles defaults + the policy dir into a bundle', async () => {
    const out = await run(['build', '--policy-dir', 'policy', '-o', 'out'], { cwd: work });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^built out: revision [0-9a-f]{16}, \d+ rules\n$/);
    const manifest = JSON.parse(readFileSync(path.join(work, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.rules['custom.terraform.apply']).toMatch(/terraform\/terraform\.rego$/);
  }, 60_000);

  it('shows compile errors as relative file:line:col, and writes nothing', async () => {
    writePolicyFile(policy, 'broken/broken.rego', 'package toolgate.custom.broken\n\nimport rego.v1\n\nfindings contains f if {\n\tf := input.x +\n}\n');
    writePolicyFile(policy, 'broken/types.rego', 'package toolgate.custom.types\n\nimport rego.v1\n\nfindings contains f if {\n\tf := no_such_function(1)\n}\n');
    try {
      const out = await run(['build', '--policy-dir', 'policy', '-o', 'out2'], { cwd: work });
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/the policy does not compile:\npolicy\/broken\/broken\.rego:7:1: rego_parse_error: /);
      expect(existsSync(path.join(work, 'out2'))).toBe(false);
      rmSync(path.join(policy, 'broken/broken.rego'));
      const typed = await run(['build', '--policy-dir', 'policy', '-o', 'out2'], { cwd: work });
      expect(typed.stderr).toMatch(/policy\/broken\/types\.rego:6:\d+: rego_type_error: undefined function no_such_function/);
    } finally {
      rmSync(path.join(policy, 'broken'), { recursive: true, force: true });
    }
  }, 60_000);

  it('warns about a package toolgate never reads', async () => {
    writePolicyFile(policy, 'misnamed/misnamed.rego', 'package mycorp.rules\n\nimport rego.v1\n\nfindings contains "x" if input.never\n');
    try {
      const out = await run(['build', '--policy-dir', 'policy', '-o', 'out3'], { cwd: work });
      expect(out.code).toBe(0);
      expect(out.stderr).toMatch(/warning: policy\/misnamed\/misnamed\.rego: package mycorp\.rules declares findings, but toolgate only reads toolgate\.custom\.<name>\.findings/);
    } finally {
      rmSync(path.join(policy, 'misnamed'), { recursive: true, force: true });
    }
  }, 60_000);

  it('says how to get opa when it is missing', async () => {
    const out = await run(['build', '--policy-dir', 'policy', '-o', 'out4'], { cwd: work, env: { TOOLGATE_OPA: '/nonexistent/opa' } });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/TOOLGATE_OPA is set to \/nonexistent\/opa, but there is no opa there/);
    expect(out.stderr).toMatch(/npm run install:opa/);
  });
});

describe('toolgate lint and fmt', () => {
  it('lint is opa check --strict with file:line', async () => {
    writePolicyFile(policy, 'lint/unused.rego', 'package toolgate.custom.unused\n\nimport rego.v1\n\nfindings contains "x" if {\n\tunused := 1\n\tinput.never\n}\n');
    try {
      const out = await run(['lint', 'policy'], { cwd: work });
      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(/policy\/lint\/unused\.rego:6:\d+: rego_compile_error: assigned var unused unused/);
      const sarif = await run(['lint', 'policy', '--sarif'], { cwd: work });
      expect(sarif.code).toBe(1);
      const result = JSON.parse(sarif.stdout).runs[0].results[0];
      expect(result).toMatchObject({
        ruleId: 'rego_compile_error',
        level: 'error',
        locations: [{ physicalLocation: { artifactLocation: { uri: 'policy/lint/unused.rego' }, region: { startLine: 6 } } }],
      });
    } finally {
      rmSync(path.join(policy, 'lint'), { recursive: true, force: true });
    }
    const clean = await run(['lint', 'policy'], { cwd: work });
    expect(clean.stdout).toMatch(/^lint ok: \d+ modules, \d+ test files/);
    expect(clean.code).toBe(0);
  }, 60_000);

  it('fmt --check lists unformatted files; fmt fixes them', async () => {
    const file = writePolicyFile(policy, 'fmt/ugly.rego', 'package toolgate.custom.ugly\nimport rego.v1\nfindings contains   "x"    if { input.never }\n');
    try {
      const check = await run(['fmt', '--check', 'policy'], { cwd: work });
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/not formatted .*\n.*fmt\/ugly\.rego/);
      const fix = await run(['fmt', 'policy'], { cwd: work });
      expect(fix.code).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain('findings contains "x" if input.never');
      expect((await run(['fmt', '--check', 'policy'], { cwd: work })).code).toBe(0);
    } finally {
      rmSync(path.join(policy, 'fmt'), { recursive: true, force: true });
    }
  }, 60_000);
});

describe('toolgate test', () => {
  it('passes the example: cases, Rego tests, coverage, exit 0', async () => {
    const out = await run(['test', '--policy-dir', 'policy', '--coverage', '--threshold', '80'], { cwd: work });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/✓ policy\/terraform\/terraform\.cases\.yaml › apply asks/);
    expect(out.stdout).toMatch(/Rego coverage: 100% of \d+ lines \(threshold 80%: met\)/);
    expect(out.stdout).toMatch(/Rule coverage: 2\/2 rules/);
    expect(out.stdout).toMatch(/PASS {2}9 cases: 9 passed, 0 failed · Rego: 5 passed, 0 failed/);
  }, 60_000);

  it('fails with exit 1 and a diff; --json, --junit, --tap and --report-file', async () => {
    writePolicyFile(work, 'cases/wrong.yaml', { cases: [{ name: 'wrong', input: { command: 'terraform apply' }, expect: { decision: 'allow' } }] });
    const text = await run(['test', '--policy-dir', 'policy', 'cases'], { cwd: work });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/✗ cases\/wrong\.yaml › wrong\n +decision +expected: allow\n +actual: +ask/);
    expect(text.stdout).toMatch(/^FAIL {2}1 cases: 0 passed, 1 failed/m);

    const json = await run(['test', '--policy-dir', 'policy', 'cases', '--json'], { cwd: work });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, failed: 1, cases: [{ name: 'wrong', passed: false }] });

    const junit = await run(['test', '--policy-dir', 'policy', 'cases', '--junit', '--report-file', 'report.xml'], { cwd: work });
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/FAIL/);
    expect(readFileSync(path.join(work, 'report.xml'), 'utf8')).toMatch(/<testsuites name="toolgate test" tests="1" failures="1"/);

    const tap = await run(['test', '--policy-dir', 'policy', 'cases', '--tap'], { cwd: work });
    expect(tap.stdout).toMatch(/^TAP version 13\nnot ok 1 - cases\/wrong\.yaml › wrong/);
    rmSync(path.join(work, 'cases'), { recursive: true });
  }, 90_000);

  it('exit 2 when the policy does not compile; option errors are clear', async () => {
    writePolicyFile(policy, 'broken/b.rego', 'package toolgate.custom.b\n\nfindings contains if {\n');
    try {
      const out = await run(['test', '--policy-dir', 'policy'], { cwd: work });
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/policy\/broken\/b\.rego:\d+:\d+: rego_parse_error/);
    } finally {
      rmSync(path.join(policy, 'broken'), { recursive: true, force: true });
    }
    const threshold = await run(['test', '--policy-dir', 'policy', '--threshold', '101'], { cwd: work });
    expect(threshold.code).not.toBe(0);
    expect(threshold.stderr).toMatch(/--threshold must be a percentage 0-100/);
    const both = await run(['test', '--json', '--tap'], { cwd: work });
    expect(both.stderr).toMatch(/choose one of --json, --junit, --tap/);
  }, 60_000);
});

describe('toolgate explain', () => {
  it('prints facts, the matched rules and why, as text and --json', async () => {
    const input = JSON.stringify({ command: 'terraform destroy -auto-approve' });
    const text = await run(['explain', '--policy-dir', 'policy', '--tool', 'bash', '--input', input, '--cwd', '/home/dev/project', '--home', '/home/dev'], { cwd: work });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^decision: DENY/);
    expect(text.stdout).toMatch(/\[decided\] custom\.terraform\.auto_approve_destroy/);
    expect(text.stdout).toMatch(/\[outranked\] custom\.terraform\.apply/);
    const json = await run(['explain', '--policy-dir', 'policy', '--tool', 'bash', '--input', input, '--json'], { cwd: work });
    const e = JSON.parse(json.stdout);
    expect(e.decision).toBe('deny');
    expect(e.facts.commands[0].argv).toEqual(['terraform', 'destroy', '-auto-approve']);
    const bad = await run(['explain', '--tool', 'bash', '--input', '{nope'], { cwd: work });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--input is not valid JSON/);
  }, 60_000);
});

describe('toolgate replay', () => {
  it('reports transitions of a candidate over a gateway database, and exactness with the same policy', async () => {
    const gw = await startTestGateway({ policyDirs: [policy], dir: path.join(work) });
    for (const command of ['terraform apply', 'terraform plan', 'npm test', 'terraform apply -target=x']) {
      await postJson(`${gw.url}/v1/check`, { session_id: `r-${command}`, tool: 'bash', input: { command } });
    }
    await gw.stop();

    const same = await run(['replay', '--db', gw.db, '--policy-dir', 'policy'], { cwd: work });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/replayed 4 logged decision\(s\)/);
    expect(same.stdout).toMatch(/exactness: 4\/4 decisions logged under [0-9a-f]+ reproduced exactly/);

    const candidate = path.join(work, 'candidate');
    cpSync(policy, candidate, { recursive: true });
    const rego = path.join(candidate, 'terraform', 'terraform.rego');
    writeFileSync(rego, readFileSync(rego, 'utf8').replace('"custom.terraform.apply",\n\t\t"ask"', '"custom.terraform.apply",\n\t\t"deny"'));
    const json = await run(['replay', '--db', gw.db, '--policy-dir', 'candidate', '--json', '--since', '1h'], { cwd: work });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ total: 4, changed: 2, transitions: { 'ask→deny': 2 } });
    const gate = await run(['replay', '--db', gw.db, '--policy-dir', 'candidate', '--fail-on-change'], { cwd: work });
    expect(gate.code).toBe(1);
    const none = await run(['replay', '--db', gw.db, '--policy-dir', 'candidate', '--since', '2999-01-01T00:00:00Z'], { cwd: work });
    expect(none.stdout).toMatch(/replayed 0 logged decision/);
    const badSince = await run(['replay', '--db', gw.db, '--since', 'yesterday-ish'], { cwd: work });
    expect(badSince.stderr).toMatch(/expected a duration like 24h/);
  }, 90_000);
});

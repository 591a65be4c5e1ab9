/**
 * `toolgate test` runs the Rego unit tests on the gateway's engine too (opa-wasm in Node, with
 * the gateway's built-ins), not only under `opa test`, whose built-ins are Go's: a test that
 * passes in Go and fails where the gateway runs is a failure that names the difference. And a
 * rule that calls a built-in the gateway's runtime lacks does not build, with its file:line,
 * instead of denying every call that reaches it with a policy error.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPolicy, PolicyBuildError } from '../policy/bundle.js';
import { DEFAULT_POLICY_DIR, PACKAGE_ROOT } from '../paths.js';
import { ruleModule, tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const cli = (...args: string[]) => {
  try {
    return { code: 0, stdout: execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'toolgate.js'), ...args], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, stdout: e.stdout };
  }
};

describe('toolgate test on the production engine', () => {
  it('passes what both engines pass, and fails a test that passes only with Go built-ins, saying why', () => {
    const dir = tempPolicyDir();
    dirs.push(dir);
    writePolicyFile(dir, 'fmt/fmt.rego', ruleModule('fmt', 'custom.fmt.deploy', 'deploytool', 'ask'));
    writePolicyFile(
      dir,
      'fmt/fmt_test.rego',
      `package toolgate.custom.fmt_test

import rego.v1

# Formatted as Go formats them by both engines (src/policy/go-sprintf.ts); sprintf-js threw.
test_null_prints_null if sprintf("%v ran", [null]) == "null ran"

test_string_under_d if sprintf("%d", ["x"]) == "%!d(string=x)"

# A set reaches JavaScript as an array: Go prints {…}, the gateway […].
test_set_prints_braces if sprintf("%v", [{"a"}]) == "{\\"a\\"}"

# Imported by the WASM and implemented by Go for opa test; opa-wasm in Node has no semver.
test_version_order if semver.compare("1.2.3", "1.10.0") == -1
`,
    );
    const run = cli('test', '--policy-dir', dir, '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const byName = Object.fromEntries(report.rego.tests.map((t: { name: string }) => [t.name, t]));
    expect(byName.test_null_prints_null.passed).toBe(true);
    expect(byName.test_string_under_d.passed).toBe(true);
    expect(byName.test_set_prints_braces.passed).toBe(false);
    expect(byName.test_set_prints_braces.engine_difference).toMatch(/passes with opa test \(Go's built-ins\) but fails on the gateway's engine .*evaluates to false|undefined/);
    expect(byName.test_version_order.passed).toBe(false);
    expect(byName.test_version_order.engine_difference).toMatch(/passes with opa test .* not implemented: built-in function .*semver\.compare/);
    expect(report.rego.engine).toMatchObject({ compared: 4, differences: 2, missing_builtins: ['semver.compare'] });

    const text = cli('test', '--policy-dir', dir).stdout;
    expect(text).toMatch(/on the gateway's engine \(opa-wasm in Node, its built-ins\): 4 compared with opa test, 2 differ/);
    expect(text).toMatch(/✗ toolgate\.custom\.fmt_test\.test_version_order {2}.*fmt_test\.rego:\d+: passes with opa test/);
    expect(text).toMatch(/built-ins the gateway's runtime lacks: semver\.compare/);
  }, 180_000);

  it('refuses to build a rule that calls a built-in the gateway cannot run, with its file:line', async () => {
    const dir = tempPolicyDir();
    dirs.push(dir);
    writePolicyFile(
      dir,
      'old/old.rego',
      `package toolgate.custom.old

import rego.v1

import data.toolgate.lib

findings contains lib.finding("custom.old.tool", "ask", "package_tampering", "medium", "an old tool version") if {
	semver.compare(input.call.input.version, "2.0.0") < 0
}
`,
    );
    const build = buildPolicy([DEFAULT_POLICY_DIR, dir]);
    await expect(build).rejects.toBeInstanceOf(PolicyBuildError);
    await expect(build).rejects.toThrow(/old\/old\.rego:8: built-in semver\.compare is not available in the gateway's runtime/);
  }, 120_000);

  it('refuses replace with an empty old string, which never returns in the WASM runtime', async () => {
    const dir = tempPolicyDir();
    dirs.push(dir);
    writePolicyFile(
      dir,
      'spaced/spaced.rego',
      `package toolgate.custom.spaced

import rego.v1

import data.toolgate.lib

findings contains lib.finding("custom.spaced.rule", "ask", "obfuscation", "medium", "spaced out") if {
	some c in lib.commands
	contains(replace(c.name, "", " "), "r m")
}
`,
    );
    await expect(buildPolicy([DEFAULT_POLICY_DIR, dir])).rejects.toThrow(/spaced\/spaced\.rego:9: replace with an empty old string never returns/);
  }, 120_000);
});

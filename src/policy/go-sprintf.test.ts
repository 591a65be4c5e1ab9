/**
 * sprintf in the gateway formats as `opa test` does: every case is formatted by the real opa
 * (Go) and by the JavaScript runtime the gateway runs, and they must agree. Then a rule whose
 * message uses %v of null and of an object, compiled to WASM and run in Node, answers with
 * that message instead of a policy-error deny.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runOpa } from './opa-cli.js';
import { goSprintf } from './go-sprintf.js';
import { buildPolicy } from './bundle.js';
import { LoadedRevision } from './engine.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { decide } from '../pipeline/check.js';
import { sessionView } from '../session/index.js';
import { tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';

const CASES: [string, unknown[]][] = [
  ['%v', [null]],
  ['%v', [{ b: [1, 2], a: 'x' }]],
  ['%s', [{ k: null }]],
  ['%d', ['abc']],
  ['%s', [5]],
  ['%d', [5]],
  ['%v', [1.5]],
  ['%f', [1.5]],
  ['%.2f', [3.14159]],
  ['%q', ['a"b']],
  ['%x', [255]],
  ['%X', ['hi']],
  ['%5d|%-5s|', [42, 'ab']],
  ['%v and %t', [true, false]],
  ['%d %d', [1]],
  ['%d', [1, 'two']],
  ['%s', [[1, 'a']]],
  ['%v', [1e21]],
  ['%v', [0.0001]],
  ['%v', [0.00001]],
  ['%e', [12345.678]],
  ['%05d', [-42]],
  ['100%%', []],
  ['%v', [123456789012]],
  ['%g', [0.5]],
  ['%+d', [5]],
  ['%c', [65]],
  ['%.3s', ['abcdef']],
  ['%8.3f|', [-3.14159]],
  ['%o %b', [8, 5]],
  ['%v', [[]]],
  ['%v', [{}]],
];

describe('sprintf: the JavaScript runtime agrees with Go', () => {
  it('formats every case as opa (Go) does', async () => {
    const dir = tempPolicyDir();
    const input = writePolicyFile(dir, 'cases.json', CASES);
    const run = await runOpa(['eval', '--format', 'json', '-i', input, 'x := [sprintf(c[0], c[1]) | some c in input]']);
    rmSync(dir, { recursive: true, force: true });
    expect(run.code, run.stderr).toBe(0);
    const go = JSON.parse(run.stdout).result[0].bindings.x as string[];
    const js = CASES.map(([format, args]) => goSprintf(format, args));
    const differences = CASES.map((c, i) => ({ case: c, go: go[i], js: js[i] })).filter((d) => d.go !== d.js);
    expect(differences).toEqual([]);
  }, 60_000);
});

describe('sprintf in the gateway', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('a message with %v of null and of an object is formatted, not a policy error', async () => {
    const dir = tempPolicyDir();
    dirs.push(dir);
    writePolicyFile(
      dir,
      'fmt/fmt.rego',
      `package toolgate.custom.fmt

import rego.v1

import data.toolgate.lib

findings contains lib.finding("custom.fmt.ask", "ask", "destructive_cloud", "high", sprintf("%v ran with %v, count %d", [object.get(input.call, "nothing", null), {"n": c.name}, c.name])) if {
	some c in lib.commands
	c.name == "deploytool"
}
`,
    );
    const revision = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
    const call = { session_id: 's', tool: 'bash', input: { command: 'deploytool' }, context: { cwd: '/home/dev/project', home: '/home/dev' } };
    const decision = decide(revision, call, sessionView(undefined, call, Date.now()), { cwd: '/home/dev/project', home: '/home/dev' }).decision;
    expect(decision.decision).toBe('ask');
    expect(decision.reasons[0]!.message).toBe('null ran with {"n": "deploytool"}, count %!d(string=deploytool)');
  }, 60_000);
});

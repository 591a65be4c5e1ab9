/**
 * The calling agent reaches the policy from case files (`agent:`), `check --agent` and
 * `explain --agent`, as input.call.agent_id and input.session.agent_id; and explain says when a
 * custom package was not evaluated because its dispatch declaration leaves the call out.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPolicy } from '../policy/bundle.js';
import { LoadedRevision } from '../policy/engine.js';
import { DEFAULT_POLICY_DIR, PACKAGE_ROOT } from '../paths.js';
import { tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';
import { loadCaseFile, runCase } from './cases.js';

let dir: string;
beforeAll(() => {
  dir = tempPolicyDir();
  writePolicyFile(
    dir,
    'who/who.rego',
    `package toolgate.custom.who

import rego.v1

import data.toolgate.lib

findings contains lib.finding("custom.who.deployer", "ask", "destructive_cloud", "high", "the deployer agent deploys only with a person") if {
	some c in lib.commands
	c.name == "deploytool"
	input.session.agent_id == "deployer"
	input.call.agent_id == "deployer"
}
`,
  );
  writePolicyFile(dir, 'data.json', { config: { custom_dispatch: { who: { kinds: ['bash'], commands: ['deploytool'] } } } });
  writePolicyFile(
    dir,
    'who/who.cases.yaml',
    'defaults: { tool: bash }\ncases:\n  - { name: the deployer asks, agent: deployer, input: { command: deploytool }, expect: { decision: ask, rules: [custom.who.deployer] } }\n  - { name: another agent does not, agent: builder, input: { command: deploytool }, expect: { decision: allow } }\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  try {
    return { code: 0, stdout: execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'toolgate.js'), ...args], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, stdout: e.stdout };
  }
};

describe('the calling agent', () => {
  it('case files name it with agent:', async () => {
    const revision = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
    const outcomes = loadCaseFile(path.join(dir, 'who/who.cases.yaml')).map((c) => runCase(revision, c));
    expect(outcomes.map((o) => [o.case.name, o.failures])).toEqual([
      ['the deployer asks', []],
      ['another agent does not', []],
    ]);
  }, 60_000);

  it('check and explain take --agent', () => {
    const input = JSON.stringify({ command: 'deploytool' });
    expect(cli('check', '--policy-dir', dir, '--tool', 'bash', '--input', input, '--agent', 'deployer').code).toBe(2);
    expect(cli('check', '--policy-dir', dir, '--tool', 'bash', '--input', input).code).toBe(0);
    const explained = JSON.parse(cli('explain', '--policy-dir', dir, '--tool', 'bash', '--input', input, '--agent', 'deployer', '--json').stdout);
    expect(explained.decision).toBe('ask');
    expect(explained.session.agent_id).toBe('deployer');
  }, 120_000);

  it('explain says which custom packages dispatch skipped', () => {
    const skipped = JSON.parse(cli('explain', '--policy-dir', dir, '--tool', 'bash', '--input', JSON.stringify({ command: 'ls' }), '--json').stdout);
    expect(skipped.skipped_custom_packages).toEqual(['who']);
    expect(skipped.why.join('\n')).toMatch(/not evaluated on this call .*toolgate\.custom\.who/);
    const text = cli('explain', '--policy-dir', dir, '--tool', 'bash', '--input', JSON.stringify({ command: 'deploytool' })).stdout;
    expect(text).not.toMatch(/not evaluated on this call/);
  }, 120_000);
});

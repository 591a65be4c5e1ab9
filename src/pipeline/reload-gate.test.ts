/**
 * Reloads that cannot go wrong: a policy that builds but fails at run time on the latest
 * logged inputs, or fails a case file the active policy passes, is refused before it goes
 * live, with file:line, and the last good policy keeps answering. The watcher follows
 * atomic saves (write a temp file, rename it over the rule). Real opa, real gateway, real SQLite.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson, startTestGateway } from '../../test/support/gateway.js';
import { caseTrial } from '../testing/case-trial.js';
import { buildPolicy } from '../policy/bundle.js';
import { PolicyEngine } from '../policy/engine.js';
import { PolicyReloader } from '../policy/reload.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { ruleModule, tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';
import { reloadGate } from './reload-gate.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function policyDir(action: 'allow' | 'ask' | 'deny'): string {
  const dir = tempPolicyDir();
  writePolicyFile(dir, 'gate/gate.rego', ruleModule('gate', 'custom.gate.rule', 'gatecmd', action));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Compiles (the action is not a literal) and fails at run time: "bash" is not an action. */
const failsAtRunTime = `package toolgate.custom.gate

import rego.v1

import data.toolgate.lib

findings contains lib.finding("custom.gate.rule", input.call.tool, "destructive_cloud", "high", "gatecmd") if {
	some c in lib.commands
	c.name == "gatecmd"
}
`;

describe('reload gate', () => {
  it('refuses a policy that fails at run time on a logged input, with file:line; the last good one keeps answering', async () => {
    const dir = policyDir('ask');
    const gw = await startTestGateway({ policyDirs: [dir] });
    cleanup.push(() => gw.close());
    const before = gw.gateway.engine.current.revision;
    const first = await postJson(`${gw.url}/v1/check`, { session_id: 'g1', tool: 'bash', input: { command: 'gatecmd' } });
    expect(first.body.decision).toBe('ask');

    writeFileSync(path.join(dir, 'gate/gate.rego'), failsAtRunTime);
    const { status, body } = await postJson(`${gw.url}/v1/policy/reload`, {}, gw.admin);
    expect(status).toBe(422);
    expect(JSON.stringify(body)).toMatch(/refused.*logged decision .*malformed finding.*gate\/gate\.rego:7/);
    expect(gw.gateway.engine.current.revision).toBe(before);
    const ready = await fetch(`${gw.url}/readyz`).then((r) => r.json());
    expect(ready.policy_error).toMatch(/still serving revision/);

    const again = await postJson(`${gw.url}/v1/check`, { session_id: 'g2', tool: 'bash', input: { command: 'gatecmd' } });
    expect(again.body).toMatchObject({ decision: 'ask', policy_revision: before });
  }, 120_000);

  it('refuses a policy that fails a case file the active one passes', async () => {
    const dir = policyDir('ask');
    writePolicyFile(dir, 'gate/gate.cases.yaml', 'defaults: { tool: bash }\ncases:\n  - name: gatecmd asks\n    input: { command: gatecmd }\n    expect: { decision: ask }\n');
    const engine = new PolicyEngine();
    const dirs = [DEFAULT_POLICY_DIR, dir];
    engine.activate(await buildPolicy(dirs));
    const before = engine.current.revision;
    const reloader = new PolicyReloader({ dirs, engine, gate: reloadGate({ trials: [caseTrial([dir])] }) });
    cleanup.push(() => reloader.close());

    writeFileSync(path.join(dir, 'gate/gate.rego'), ruleModule('gate', 'custom.gate.rule', 'gatecmd', 'allow'));
    const refused = await reloader.reload('api');
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/case .*gate\.cases\.yaml › gatecmd asks: .*ask/);
    expect(engine.current.revision).toBe(before);

    // A change the cases accept goes live.
    writeFileSync(path.join(dir, 'gate/gate.rego'), ruleModule('gate', 'custom.gate.rule', 'gatecmd', 'ask', 'gatecmd needs a person'));
    const accepted = await reloader.reload('api');
    expect(accepted).toMatchObject({ ok: true, changed: true });
  }, 120_000);
});

describe('watching', () => {
  it('follows atomic saves: after a rename over the rule, later saves are still seen', async () => {
    const dir = policyDir('ask');
    const engine = new PolicyEngine();
    const dirs = [DEFAULT_POLICY_DIR, dir];
    engine.activate(await buildPolicy(dirs));
    const reloader = new PolicyReloader({ dirs, engine, debounceMs: 100 });
    cleanup.push(() => reloader.close());
    reloader.watch();
    const rule = path.join(dir, 'gate/gate.rego');
    const saveAtomically = (text: string) => {
      const tmp = path.join(dir, 'gate', '.gate.rego.swp');
      writeFileSync(tmp, text);
      renameSync(tmp, rule);
    };
    const waitForChange = async (from: string) => {
      const deadline = Date.now() + 30_000;
      while (engine.current.revision === from && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      return engine.current.revision;
    };
    for (const action of ['deny', 'allow', 'ask'] as const) {
      const before = engine.current.revision;
      saveAtomically(ruleModule('gate', 'custom.gate.rule', 'gatecmd', action));
      expect(await waitForChange(before), `save with ${action} not seen`).not.toBe(before);
      expect(reloader.status().watching).toBe(true);
    }
  }, 120_000);
});

describe('policy history through a gateway and the CLI', () => {
  it('keeps each revision\'s Rego, records every activation, and diffs two revisions', async () => {
    const { execFileSync } = await import('node:child_process');
    const { PACKAGE_ROOT } = await import('../paths.js');
    const dir = policyDir('ask');
    const gw = await startTestGateway({ policyDirs: [dir] });
    cleanup.push(() => gw.close());
    const first = gw.gateway.engine.current.revision;
    writeFileSync(path.join(dir, 'gate/gate.rego'), ruleModule('gate', 'custom.gate.rule', 'gatecmd', 'deny'));
    expect((await postJson(`${gw.url}/v1/policy/reload`, {}, gw.admin)).status).toBe(200);
    const second = gw.gateway.engine.current.revision;
    expect(second).not.toBe(first);
    await gw.stop();

    const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'toolgate.js'), ...args], { encoding: 'utf8' });
    const history = cli('policy', 'history', '--db', gw.db);
    expect(history).toMatch(new RegExp(`activated\\s+${first}\\s+\\(startup\\)[\\s\\S]*deactivated\\s+${first}\\s+\\(api\\)[\\s\\S]*activated\\s+${second}\\s+\\(api\\)[\\s\\S]*deactivated\\s+${second}\\s+\\(shutdown\\)`));
    expect(history).toMatch(/policy history: 4 events, chain intact/);
    const diff = cli('policy', 'diff', first, second, '--db', gw.db);
    expect(diff).toMatch(/changed .*gate\/gate\.rego/);
    expect(diff).toMatch(/-findings contains lib\.finding\("custom\.gate\.rule", "ask"/);
    expect(diff).toMatch(/\+findings contains lib\.finding\("custom\.gate\.rule", "deny"/);
  }, 120_000);
});

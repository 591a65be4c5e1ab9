/**
 * Shadow policy on live traffic through a real gateway: answers come from the active
 * policy, differences land in shadow_diffs, and a shadow reload changes the candidate only.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../test/support/gateway.js';
import { gateFixtures, ruleModule, tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';

const { cleanup, gateDir: dirWith } = gateFixtures();

describe('serve --shadow-policy-dir', () => {
  it('answers with the active policy and records where the candidate differs', async () => {
    const active = dirWith('ask');
    const candidate = dirWith('deny');
    const gw: TestGateway = await startTestGateway({ policyDirs: [active], shadowPolicyDirs: [candidate] });
    cleanup.push(() => gw.close());

    const asked = await postJson(`${gw.url}/v1/check`, { session_id: 's1', tool: 'bash', input: { command: 'gatecmd now' } });
    expect(asked.body.decision).toBe('ask');
    const same = await postJson(`${gw.url}/v1/check`, { session_id: 's2', tool: 'bash', input: { command: 'npm test' } });
    expect(same.body.decision).toBe('allow');
    await gw.gateway.policy!.shadow!.evaluator.drain();

    const { status, body } = await fetch(`${gw.url}/v1/policy/shadow/diffs`, { headers: gw.admin }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(status).toBe(200);
    expect(body.stats).toMatchObject({ evaluated: 2, differing: 1, errors: 0, transitions: { 'ask→deny': 1 } });
    expect(body.diffs).toHaveLength(1);
    expect(body.diffs[0]).toMatchObject({
      decision_id: asked.body.decision_id,
      session_id: 's1',
      tool: 'bash',
      active_revision: asked.body.policy_revision,
      active_decision: 'ask',
      shadow_decision: 'deny',
      active_rules: ['custom.gate.rule'],
      shadow_rules: ['custom.gate.rule'],
    });
    expect(body.diffs[0].shadow_revision).not.toBe(asked.body.policy_revision);
    expect(body.diffs[0].shadow_result.decision).toBe('deny');

    // Reload the candidate after editing it to agree: the active policy is untouched.
    writePolicyFile(candidate, 'gate/gate.rego', ruleModule('gate', 'custom.gate.rule', 'gatecmd', 'ask'));
    const activeBefore = gw.gateway.engine.current.revision;
    const reload = await postJson(`${gw.url}/v1/policy/reload?target=shadow`, {}, gw.admin);
    expect(reload.status).toBe(200);
    expect(reload.body).toMatchObject({ target: 'shadow', ok: true, changed: true });
    expect(gw.gateway.engine.current.revision).toBe(activeBefore);
    await postJson(`${gw.url}/v1/check`, { session_id: 's3', tool: 'bash', input: { command: 'gatecmd again' } });
    await gw.gateway.policy!.shadow!.evaluator.drain();
    const after = await fetch(`${gw.url}/v1/policy/shadow/diffs`, { headers: gw.admin }).then((r) => r.json());
    expect(after.diffs).toHaveLength(1);
    expect(after.stats.evaluated).toBe(3);

    for (const limit of ['abc', '0', '100000', '1.5']) {
      expect((await fetch(`${gw.url}/v1/policy/shadow/diffs?limit=${limit}`, { headers: gw.admin })).status).toBe(400);
    }
    const policy = await fetch(`${gw.url}/v1/policy`, { headers: gw.admin }).then((r) => r.json());
    expect(policy.shadow).toMatchObject({ revision: reload.body.revision, evaluated: 3, differing: 1 });
  }, 60_000);

  it('a shadow policy that does not build stops the start with a clear message', async () => {
    const active = dirWith('ask');
    const broken = tempPolicyDir();
    cleanup.push(() => rmSync(broken, { recursive: true, force: true }));
    writePolicyFile(broken, 'bad.rego', 'package toolgate.custom.bad\n\nimport rego.v1\n\nfindings contains x if {\n');
    await expect(startTestGateway({ policyDirs: [active], shadowPolicyDirs: [broken] })).rejects.toThrow(
      /the shadow policy \(--shadow-policy-dir\) does not build: .*bad\.rego:\d+:\d+: rego_parse_error/s,
    );
  }, 60_000);

  it('without a shadow policy the diff route says how to get one', async () => {
    const gw = await startTestGateway({});
    cleanup.push(() => gw.close());
    const response = await fetch(`${gw.url}/v1/policy/shadow/diffs`, { headers: gw.admin });
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toMatch(/--shadow-policy-dir/);
  });
});

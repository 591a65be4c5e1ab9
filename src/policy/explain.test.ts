/**
 * Explain: every matched rule with its mode and effect, and why the answer won, for a
 * call (library, as `toolgate explain` uses it) and for a logged decision (HTTP route).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRequest } from '../api/check.js';
import { decide } from '../pipeline/check.js';
import { sessionView } from '../session/index.js';
import { postJson, startTestGateway, type TestGateway } from '../../test/support/gateway.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { buildPolicy } from './bundle.js';
import { LoadedRevision } from './engine.js';
import { explainDecision, renderExplanation } from './explain.js';
import { closeAndRemove, copyExamplePolicies, ruleModule, writePolicyFile } from '../../test/support/policy-fixtures.js';

let dir: string;
let revision: LoadedRevision;
let gw: TestGateway;

const defaults = { cwd: '/home/dev/project', home: '/home/dev' };

function explain(command: string) {
  const request: CheckRequest = { session_id: 'x', tool: 'bash', input: { command }, context: defaults };
  const { input, decision } = decide(revision, request, sessionView(undefined, request, Date.now()), defaults);
  return explainDecision(revision, input, decision);
}

beforeAll(async () => {
  dir = copyExamplePolicies();
  writePolicyFile(dir, 'extra/warned.rego', ruleModule('warned', 'custom.warned.helm', 'helm', 'deny', 'helm changes a cluster'));
  writePolicyFile(dir, 'extra/dry.rego', ruleModule('dry', 'custom.dry.kubectl', 'kubectl', 'ask', 'kubectl is being rolled out'));
  writePolicyFile(dir, 'extra/vouch.rego', ruleModule('vouch', 'custom.vouch.make', 'make', 'allow', 'make is the build'));
  writePolicyFile(dir, 'extra/data.json', {
    config: { rules: { 'custom.warned.helm': { mode: 'warn', owner: 'platform-team' }, 'custom.dry.kubectl': { mode: 'dryrun' } } },
  });
  revision = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
  gw = await startTestGateway({ policyDirs: [dir] });
}, 60_000);

afterAll(() => closeAndRemove(gw, dir));

describe('explainDecision', () => {
  it('deny outranks ask: both rules listed, the deny decided, with file, data and obligations', () => {
    const e = explain('terraform destroy -auto-approve');
    expect(e.decision).toBe('deny');
    const byRule = Object.fromEntries(e.findings.map((f) => [f.rule, f]));
    expect(byRule['custom.terraform.auto_approve_destroy']).toMatchObject({ effect: 'decided', mode: 'enforce', file: expect.stringMatching(/terraform\.rego$/) });
    expect(byRule['custom.terraform.apply']).toMatchObject({ effect: 'outranked', action: 'ask', data: { obligations: ['checkpoint'] } });
    expect(e.why[0]).toMatch(/^deny: 1 enforced rule\(s\) deny \(custom\.terraform\.auto_approve_destroy\); deny outranks ask and allow\./);
    expect(e.why[1]).toMatch(/outranked by the deny: .*custom\.terraform\.apply/);
    expect((e.facts as { kind: string }).kind).toBe('bash');
  });

  it('warn, dryrun and allow-action rules are shown with what they would have done', () => {
    const e = explain('helm upgrade x && kubectl get pods && make');
    expect(e.decision).toBe('allow');
    const byRule = Object.fromEntries(e.findings.map((f) => [f.rule, f]));
    expect(byRule['custom.warned.helm']).toMatchObject({ effect: 'warned', mode: 'warn', data: { config: { mode: 'warn', owner: 'platform-team' } } });
    expect(byRule['custom.dry.kubectl']).toMatchObject({ effect: 'dryrun', mode: 'dryrun' });
    expect(byRule['custom.vouch.make']).toMatchObject({ effect: 'allowed', action: 'allow' });
    expect(e.why).toEqual([
      'allow: no enforced rule asks or denies; allow is what remains.',
      'warn mode: custom.warned.helm would deny; not enforced, the warning is attached to the answer and logged.',
      'dryrun: custom.dry.kubectl would ask; logged only, the answer ignores it.',
      'matched with action allow (vouch, never override): custom.vouch.make.',
      // The example's terraform package declares its commands (custom_dispatch): not run on this call.
      'not evaluated on this call (custom_dispatch: its kinds or commands do not include this call): toolgate.custom.terraform.',
    ]);
    expect(e.skipped_custom_packages).toEqual(['terraform']);
    const text = renderExplanation(e);
    expect(text).toMatch(/^decision: ALLOW/);
    expect(text).toMatch(/\[warned\] custom\.warned\.helm {2}deny · destructive_cloud · high · mode warn/);
    expect(text).toContain('"commands"');
  });

  it('nothing matched: says so', () => {
    const e = explain('echo hello');
    expect(e.findings.filter((f) => f.rule.startsWith('custom.'))).toEqual([]);
    expect(e.why[0]).toMatch(/^allow/);
  });
});

describe('GET /v1/decisions/:id/explain', () => {
  it('explains a logged decision from its logged input, as JSON and as text', async () => {
    const { body: answer } = await postJson(`${gw.url}/v1/check`, { session_id: 'e', tool: 'bash', input: { command: 'terraform apply' } });
    expect(answer.decision).toBe('ask');
    const response = await fetch(`${gw.url}/v1/decisions/${answer.decision_id}/explain`, { headers: gw.admin });
    expect(response.status).toBe(200);
    const e = await response.json();
    expect(e).toMatchObject({ decision_id: answer.decision_id, session_id: 'e', decision: 'ask', revision: answer.policy_revision, tool: 'bash' });
    expect(e.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'custom.terraform.apply', effect: 'decided' })]));
    expect(e.note).toBeUndefined();
    expect(e.facts.commands[0].name).toBe('terraform');

    const text = await fetch(`${gw.url}/v1/decisions/${answer.decision_id}/explain?format=text`, { headers: gw.admin }).then((r) => r.text());
    expect(text).toMatch(/^decision: ASK/);
    expect(text).toContain('[decided] custom.terraform.apply');
  });

  it('404 for an unknown id, 400 for a hostile one', async () => {
    const missing = await fetch(`${gw.url}/v1/decisions/no-such-id/explain`, { headers: gw.admin });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('unknown_decision');
    const hostile = await fetch(`${gw.url}/v1/decisions/${'x'.repeat(500)}/explain`, { headers: gw.admin });
    expect(hostile.status).toBe(400);
  });
});

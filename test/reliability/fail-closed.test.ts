/**
 * Fail closed, over HTTP: a policy that errors at evaluation time denies with a reason
 * that says so; inputs built to stall the analysis (huge, deeply nested) come back quickly,
 * never as allow, with the stored facts saying what could not be analysed.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPolicy } from '../../src/policy/index.js';
import { postJson, startTestGateway, withTestGateway, type TestGateway } from '../support/gateway.js';

const CONFLICTING_POLICY = fileURLToPath(new URL('./fixtures/conflicting-policy', import.meta.url));

/** bash -c "bash -c \"… rm -rf / …\"": each level properly quoted. */
function nestedShells(core: string, depth: number): string {
  let script = core;
  for (let i = 0; i < depth; i++) script = `bash -c "${script.replace(/[\\"$`]/g, '\\$&')}"`;
  return script;
}

async function storedFacts(gw: TestGateway, id: string): Promise<{ indeterminate?: string[]; signals?: string[] }> {
  const row = await gw.gateway.store.getDecision(id);
  return JSON.parse(row!.facts);
}

describe('a policy that fails to evaluate', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
    // Two complete rules that disagree for bash calls: opa-wasm raises a conflict error.
    gw.gateway.engine.activate(await buildPolicy([CONFLICTING_POLICY]));
  });
  afterAll(async () => {
    await gw.close();
  });

  it('denies with a reason naming the policy error, and counts it', async () => {
    const { status, body } = await postJson(`${gw.url}/v1/check`, { session_id: 'pe', tool: 'bash', input: { command: 'ls' } });
    expect(status).toBe(200);
    expect(body.decision).toBe('deny');
    expect(body.reasons[0].rule).toBe('toolgate.policy_error');
    expect(body.reasons[0].message).toMatch(/denied because the policy could not be evaluated/);
    // The same policy still answers what it can evaluate: only the failing call is denied.
    const other = await postJson(`${gw.url}/v1/check`, { session_id: 'pe', tool: 'read', input: { path: 'README.md' } });
    expect(other.body.decision).toBe('allow');
    const metrics = await (await fetch(`${gw.url}/metrics`, { headers: gw.admin })).text();
    expect(metrics).toMatch(/^toolgate_policy_evaluation_errors_total 1$/m);
    // And it is in the log as a deny, like any decision.
    expect((await gw.gateway.store.getDecision(body.decision_id))?.decision).toBe('deny');
  });
});

describe('inputs built to stall the analysis', () => {
  let gw: TestGateway;
  withTestGateway((started) => (gw = started));

  const cases: Array<[string, string, RegExp]> = [
    ['a 600 KB command', 'echo ok; ' + 'a'.repeat(600_000), /too_long/],
    ['20,000 nested command substitutions', '$('.repeat(20_000) + 'rm -rf /' + ')'.repeat(20_000), /depth|too_long|parse|budget|time/],
    ['shells nested 14 deep', nestedShells('rm -rf /', 14), /depth/],
    ['a long pipeline', Array.from({ length: 20_000 }, (_, i) => `cat f${i}`).join(' | '), /too_long|budget|time|depth/],
    ['2,000 commands in a row', 'true; '.repeat(2_000) + 'rm -rf ~', /too_many_commands|too_many_effects/],
  ];

  it.each(cases)('%s: answered quickly, not allowed, facts say why', async (_name, command, reason) => {
    // Meanwhile the event loop must stay free enough to answer a health check.
    const started = performance.now();
    const [check, health] = await Promise.all([
      postJson(`${gw.url}/v1/check`, { session_id: 'stall', tool: 'bash', input: { command } }),
      fetch(`${gw.url}/healthz`).then(() => performance.now() - started),
    ]);
    const elapsed = performance.now() - started;
    expect(check.status).toBe(200);
    expect(check.body.decision).not.toBe('allow');
    // Generous for a loaded 2-core CI machine; alone these take 0.1-1.5 s.
    expect(elapsed).toBeLessThan(5_000);
    expect(health).toBeLessThan(5_000);
    const facts = await storedFacts(gw, check.body.decision_id);
    expect(facts.indeterminate?.join(' ')).toMatch(reason);
  });
});

/**
 * Hot reload with the real opa build and a real gateway: reloads under load (one of them
 * broken) never drop or mis-answer a request; a broken build keeps the last good policy
 * and says why in /readyz; every revision is recorded; file changes trigger a rebuild.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../test/support/gateway.js';
import { buildPolicy } from './bundle.js';
import { PolicyEngine } from './engine.js';
import { PolicyReloader } from './reload.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { gateFixtures, ruleModule, writePolicyFile } from '../../test/support/policy-fixtures.js';

const { cleanup, gateDir: policyDir } = gateFixtures();

async function gateway(options: Parameters<typeof startTestGateway>[0]): Promise<TestGateway> {
  const gw = await startTestGateway(options);
  cleanup.push(() => gw.close());
  return gw;
}

describe('POST /v1/policy/reload under load', () => {
  it('answers every request, each with the decision of the revision it names, through good and broken reloads', async () => {
    const dir = policyDir('ask');
    const rule = path.join(dir, 'gate/gate.rego');
    const gw = await gateway({ policyDirs: [dir] });
    const expected = new Map<string, string>([[gw.gateway.engine.current.revision, 'ask']]);

    let stop = false;
    const answers: { status: number; body: any }[] = [];
    const worker = async (n: number) => {
      let i = 0;
      while (!stop) {
        // A session per request: the shipped loop rules (the same call repeated) must not decide here.
        i += 1;
        answers.push(await postJson(`${gw.url}/v1/check`, { session_id: `load-${n}-${i}`, tool: 'bash', input: { command: `gatecmd --n ${i}` } }));
      }
    };
    const workers = Array.from({ length: 6 }, (_, n) => worker(n));

    const reload = () => postJson(`${gw.url}/v1/policy/reload`, {}, gw.admin);
    const steps: { action: 'allow' | 'ask' | 'deny' | 'broken' }[] = [{ action: 'deny' }, { action: 'broken' }, { action: 'allow' }, { action: 'ask' }, { action: 'deny' }];
    const results = [];
    for (const step of steps) {
      await new Promise((r) => setTimeout(r, 150));
      if (step.action === 'broken') {
        writeFileSync(rule, 'package toolgate.custom.gate\n\nimport rego.v1\n\nfindings contains x if {\n\tx := 1 +\n}\n');
      } else {
        writeFileSync(rule, ruleModule('gate', 'custom.gate.rule', 'gatecmd', step.action));
      }
      const { status, body } = await reload();
      results.push({ step: step.action, status, body });
      if (step.action === 'broken') {
        expect(status).toBe(422);
        expect(body.error.code).toBe('policy_build_failed');
        expect(body.error.details.error).toMatch(/gate\/gate\.rego:7:\d+: rego_parse_error/);
        const ready = await fetch(`${gw.url}/readyz`).then((r) => r.json());
        expect(ready.ready).toBe(true);
        expect(ready.policy_error).toMatch(/reload failed, still serving revision .*gate\.rego:7/s);
        expect(ready.policy_reload.last).toMatchObject({ ok: false, trigger: 'api' });
      } else {
        expect(status).toBe(200);
        expect(body).toMatchObject({ ok: true, trigger: 'api' });
        expected.set(body.revision, step.action);
      }
    }
    await new Promise((r) => setTimeout(r, 150));
    stop = true;
    await Promise.all(workers);

    // After a good reload the error is cleared.
    const ready = await fetch(`${gw.url}/readyz`).then((r) => r.json());
    expect(ready.policy_error).toBeNull();

    expect(answers.length).toBeGreaterThan(50);
    if (process.env.TOOLGATE_TEST_VERBOSE) console.log(`reload under load: ${answers.length} answers, ${results.length} reloads`, results.map((r) => `${r.step}:${r.status}`));
    const seen = new Set<string>();
    for (const { status, body } of answers) {
      expect(status, JSON.stringify(body)).toBe(200);
      expect(expected.has(body.policy_revision), `unknown revision ${body.policy_revision}`).toBe(true);
      expect(body.decision).toBe(expected.get(body.policy_revision));
      seen.add(body.policy_revision);
    }
    // Traffic was answered by more than one revision: the swaps happened under load.
    expect(seen.size).toBeGreaterThanOrEqual(3);

    // Every answer is in the decision log exactly as answered.
    const rows = await gw.gateway.store.db.selectFrom('decisions').select(['id', 'decision', 'policy_revision']).execute();
    expect(rows.length).toBe(answers.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const { body } of answers) {
      expect(byId.get(body.decision_id)).toMatchObject({ decision: body.decision, policy_revision: body.policy_revision });
    }
    // Every revision made active is recorded.
    const revisions = await gw.gateway.store.db.selectFrom('policy_revisions').select(['revision', 'source']).execute();
    for (const revision of expected.keys()) expect(revisions.map((r) => r.revision)).toContain(revision);

    const status = await fetch(`${gw.url}/v1/policy`, { headers: gw.admin }).then((r) => r.json());
    expect(status.reload).toMatchObject({ reloads: 4, failures: 1, watching: false });
  }, 120_000);
});

describe('PolicyReloader', () => {
  it('coalesces concurrent triggers: one build running, at most one queued', async () => {
    const dir = policyDir('ask');
    const engine = new PolicyEngine();
    engine.activate(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
    let builds = 0;
    const reloader = new PolicyReloader({
      dirs: [DEFAULT_POLICY_DIR, dir],
      engine,
      build: (dirs) => {
        builds += 1;
        return buildPolicy(dirs);
      },
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => reloader.reload('api')));
    expect(builds).toBe(2);
    expect(results.every((r) => r.ok && !r.changed)).toBe(true);
    await reloader.close();
  }, 60_000);

  it('a policy dir that disappears is a failed reload, not a crash', async () => {
    const dir = policyDir('ask');
    const engine = new PolicyEngine();
    engine.activate(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
    const before = engine.current.revision;
    rmSync(dir, { recursive: true, force: true });
    const reloader = new PolicyReloader({ dirs: [DEFAULT_POLICY_DIR, dir], engine });
    const result = await reloader.reload('api');
    expect(result).toMatchObject({ ok: false, revision: before, changed: false });
    expect(result.error).toMatch(/does not exist/);
    expect(engine.current.revision).toBe(before);
  }, 60_000);

  it('watches the dirs: an edited data.json is rebuilt and swapped in without a request', async () => {
    const dir = policyDir('ask');
    const gw = await gateway({ policyDirs: [dir], watchPolicy: true });
    const before = gw.gateway.engine.current.revision;
    const ask = await postJson(`${gw.url}/v1/check`, { session_id: 'w', tool: 'bash', input: { command: 'gatecmd' } });
    expect(ask.body.decision).toBe('ask');

    writePolicyFile(dir, 'data.json', { config: { rules: { 'custom.gate.rule': { mode: 'dryrun' } } } });
    const deadline = Date.now() + 20_000;
    while (gw.gateway.engine.current.revision === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(gw.gateway.engine.current.revision).not.toBe(before);

    const dry = await postJson(`${gw.url}/v1/check`, { session_id: 'w', tool: 'bash', input: { command: 'gatecmd' } });
    expect(dry.body.decision).toBe('allow');
    // The new revision serves as soon as it is swapped in; the reload's result is recorded after
    // the revision is written to the store (slower on PostgreSQL): wait for it, as a client would.
    let status = await fetch(`${gw.url}/v1/policy`, { headers: gw.admin }).then((r) => r.json());
    while (status.reload?.last === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = await fetch(`${gw.url}/v1/policy`, { headers: gw.admin }).then((r) => r.json());
    }
    expect(status.reload).toMatchObject({ watching: true, last: { ok: true, trigger: 'watch', changed: true } });
  }, 60_000);

  it('without --policy-dir, reload re-reads the bundle: unchanged is reported as such', async () => {
    const gw = await gateway({});
    const { status, body } = await postJson(`${gw.url}/v1/policy/reload`, {}, gw.admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, changed: false, revision: gw.gateway.engine.current.revision });
    const shadow = await postJson(`${gw.url}/v1/policy/reload?target=shadow`, {}, gw.admin);
    expect(shadow.status).toBe(409);
    expect(shadow.body.error.code).toBe('no_shadow_policy');
  }, 60_000);
});

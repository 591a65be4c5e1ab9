/**
 * The approval flow over real HTTP with a real gateway: an adapter that cannot prompt turns
 * an `ask` into a pending approval and waits; a person answers with the API (what
 * `toolgate approvals` calls); the adapter acts on the answer, or denies when nobody answers.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../../test/support/gateway.js';
import { resolveAdapterConfig } from './config.js';
import { GatewayClient } from './gateway-client.js';

const ASK_POLICY = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../test/support/ask-policy');

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ policyDirs: [ASK_POLICY] });
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

const askCall = (session: string) => ({ session_id: session, tool: 'bash', input: { command: 'echo needs-approval' }, context: { cwd: '/tmp/w', home: '/tmp' } });

function adapter(waitMs: number) {
  return new GatewayClient({ ...resolveAdapterConfig({ gatewayUrl: gw.url, approvalWaitMs: waitMs }, {}), ask: 'approval' });
}

async function getJson(url: string) {
  const r = await fetch(url);
  return { status: r.status, body: (await r.json()) as any };
}

/** Waits until the gateway lists a pending approval for this session, as a person would see it. */
async function pendingFor(session: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const { body } = await getJson(`${gw.url}/v1/approvals?status=pending`);
    const hit = body.approvals.find((a: any) => a.session_id === session);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no pending approval appeared');
}

describe('approvals', () => {
  it('the policy asks for the test command (the premise of the other tests)', async () => {
    const { body } = await postJson(`${gw.url}/v1/check`, askCall('premise'));
    expect(body.decision).toBe('ask');
  });

  it('an approval given while the adapter waits lets the call through, and records who and why', async () => {
    const waiting = adapter(10_000).check(askCall('approve-me'));
    const pending = await pendingFor('approve-me');
    expect(pending).toMatchObject({ status: 'pending', tool: 'bash', decided_by: null });
    const answered = await postJson(`${gw.url}/v1/approvals/${pending.id}`, { decision: 'approve', note: 'fine, it only echoes' }, gw.admin);
    expect(answered.status).toBe(200);
    const verdict = await waiting;
    expect(verdict).toMatchObject({ decision: 'allow', source: 'approval' });
    expect(verdict.message).toContain('approved by local-admin: fine, it only echoes');
    const stored = await getJson(`${gw.url}/v1/approvals/${pending.id}`);
    expect(stored.body).toMatchObject({ status: 'approved', decided_by: 'local-admin', note: 'fine, it only echoes', decision_id: verdict.decision_id });
  });

  it('a person sees what waits: the call, why, for whom, how long; the adapter says once how to answer', async () => {
    const told: string[] = [];
    const client = new GatewayClient({ ...resolveAdapterConfig({ gatewayUrl: gw.url, approvalWaitMs: 10_000 }, {}), ask: 'approval', notify: (m) => told.push(m) });
    const waiting = client.check(askCall('show-me'));
    const pending = await pendingFor('show-me');
    expect(pending.call).toMatchObject({ tool: 'bash', kind: 'bash', summary: 'echo needs-approval', session_id: 'show-me', input: { command: 'echo needs-approval' } });
    expect(pending.call.reasons.length).toBeGreaterThan(0);
    expect(typeof pending.call.risk).toBe('number');
    expect(pending.time_left_ms).toBeGreaterThan(0);
    expect(pending.time_left_ms).toBeLessThanOrEqual(10_000);
    expect(pending.age_ms).toBeGreaterThanOrEqual(0);
    const one = await getJson(`${gw.url}/v1/approvals/${pending.id}`);
    expect(one.body.call.summary).toBe('echo needs-approval');
    await postJson(`${gw.url}/v1/approvals/${pending.id}`, { decision: 'deny' }, gw.admin);
    await waiting;
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`toolgate approvals approve ${pending.id}`);
    // status=all lists answered approvals too, as the CLI's --status all does.
    const all = await getJson(`${gw.url}/v1/approvals?status=all`);
    expect(all.body.approvals.some((a: any) => a.id === pending.id && a.status === 'denied')).toBe(true);
    const pendingOnly = await getJson(`${gw.url}/v1/approvals?status=pending`);
    expect(pendingOnly.body.approvals.some((a: any) => a.id === pending.id)).toBe(false);
    // An unknown query key is a query error, not silently ignored.
    const typo = await getJson(`${gw.url}/v1/approvals?stauts=all`);
    expect(typo.status).toBe(400);
    expect(typo.body.error.code).toBe('invalid_query');
  });

  it('a denial blocks the call with the note', async () => {
    const waiting = adapter(10_000).check(askCall('deny-me'));
    const pending = await pendingFor('deny-me');
    await postJson(`${gw.url}/v1/approvals/${pending.id}`, { decision: 'deny', note: 'not today' }, gw.admin);
    const verdict = await waiting;
    expect(verdict.decision).toBe('deny');
    expect(verdict.message).toContain('denied by local-admin: not today');
  });

  it('nobody answering within the wait denies, and the approval can no longer be given', async () => {
    const started = Date.now();
    const verdict = await adapter(700).check(askCall('nobody'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    expect(verdict.decision).toBe('deny');
    expect(verdict.message).toMatch(/nobody approved it within 1 s/);
    const { body } = await getJson(`${gw.url}/v1/approvals?status=expired`);
    const expired = body.approvals.find((a: any) => a.session_id === 'nobody');
    expect(expired.status).toBe('expired');
    const late = await postJson(`${gw.url}/v1/approvals/${expired.id}`, { decision: 'approve' }, gw.admin);
    expect(late.status).toBe(409);
  });

  it('only an ask can be approved: a deny stays a deny', async () => {
    const { body: denied } = await postJson(`${gw.url}/v1/check`, { session_id: 'den', tool: 'bash', input: { command: 'cat ~/.ssh/id_rsa' }, context: { cwd: '/tmp/w', home: '/tmp' } });
    expect(denied.decision).toBe('deny');
    const r = await postJson(`${gw.url}/v1/approvals`, { decision_id: denied.decision_id });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('not_askable');
  });

  it('an approval is answered once: the second answer is refused', async () => {
    const { body: ask } = await postJson(`${gw.url}/v1/check`, askCall('twice'));
    const created = await postJson(`${gw.url}/v1/approvals`, { decision_id: ask.decision_id, timeout_ms: 60_000 });
    expect(created.status).toBe(201);
    const again = await postJson(`${gw.url}/v1/approvals`, { decision_id: ask.decision_id });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    expect((await postJson(`${gw.url}/v1/approvals/${created.body.id}`, { decision: 'deny' }, gw.admin)).status).toBe(200);
    const second = await postJson(`${gw.url}/v1/approvals/${created.body.id}`, { decision: 'approve' }, gw.admin);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain('already denied');
  });

  it.each([
    ['an unknown decision', { decision_id: 'nope' }, 404],
    ['a missing decision id', {}, 400],
    ['an unknown field', { decision_id: 'x', approve: true }, 400],
    ['a timeout past a day', { decision_id: 'x', timeout_ms: 1e12 }, 400],
    ['not JSON', '{"decision_id":', 400],
  ])('refuses %s', async (_l, body, status) => {
    expect((await postJson(`${gw.url}/v1/approvals`, body)).status).toBe(status);
  });

  it.each([
    ['a malformed id', '/v1/approvals/..%2F..%2Fetc', 'GET', undefined, 400],
    ['an unknown id', '/v1/approvals/00000000-0000-0000-0000-000000000000', 'GET', undefined, 404],
    ['a bad wait', '/v1/approvals/00000000-0000-0000-0000-000000000000?wait_ms=-1', 'GET', undefined, 400],
    ['an answer that is neither', '/v1/approvals/00000000-0000-0000-0000-000000000000', 'POST', { decision: 'maybe' }, 400],
    ['a bad status filter', '/v1/approvals?status=everything', 'GET', undefined, 400],
  ])('refuses %s', async (_l, url, method, body, status) => {
    const r = await fetch(`${gw.url}${url}`, { method, body: body ? JSON.stringify(body) : undefined, headers: { 'content-type': 'application/json', ...gw.admin } });
    expect(r.status).toBe(status);
    expect(((await r.json()) as any).error.message).toBeTruthy();
  });
});

describe('approvals with tokens', () => {
  let secured: TestGateway;
  let alice: string;
  let bob: string;
  let admin: string;
  beforeAll(async () => {
    secured = await startTestGateway({ policyDirs: [ASK_POLICY] });
    const { createToken } = await import('../../store/tokens.js');
    alice = (await createToken(secured.gateway.store.db, { kind: 'agent', agentId: 'alice' })).token;
    bob = (await createToken(secured.gateway.store.db, { kind: 'agent', agentId: 'bob' })).token;
    admin = (await createToken(secured.gateway.store.db, { kind: 'admin' })).token;
  }, 120_000);
  afterAll(async () => {
    await secured?.close();
  });
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('an agent asks for its own decision; another agent can neither see it nor ask for it; only an admin answers', async () => {
    const { body: ask } = await postJson(`${secured.url}/v1/check`, askCall('alice-1'), as(alice));
    expect(ask.decision).toBe('ask');
    // Refused either way (403 from agent scoping, or 404: an agent cannot tell others' decisions exist).
    expect([403, 404]).toContain((await postJson(`${secured.url}/v1/approvals`, { decision_id: ask.decision_id }, as(bob))).status);
    const created = await postJson(`${secured.url}/v1/approvals`, { decision_id: ask.decision_id }, as(alice));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect([403, 404]).toContain((await fetch(`${secured.url}/v1/approvals/${id}`, { headers: as(bob) })).status);
    expect((await fetch(`${secured.url}/v1/approvals/${id}`, { headers: as(alice) })).status).toBe(200);
    const { body: bobs } = await postJson(`${secured.url}/v1/check`, askCall('bob-1'), as(bob));
    await postJson(`${secured.url}/v1/approvals`, { decision_id: bobs.decision_id }, as(bob));
    const listed = (await (await fetch(`${secured.url}/v1/approvals?status=pending`, { headers: as(alice) })).json()) as any;
    expect(listed.approvals.map((a: any) => a.agent_id)).toEqual(['alice']);
    expect((await postJson(`${secured.url}/v1/approvals/${id}`, { decision: 'approve' }, as(alice))).status).toBe(403);
    const answered = await postJson(`${secured.url}/v1/approvals/${id}`, { decision: 'approve' }, as(admin));
    expect(answered.status).toBe(200);
    expect(answered.body.decided_by).toMatch(/^admin token /);
  });

  it('without a token nothing is read or answered', async () => {
    expect((await fetch(`${secured.url}/v1/approvals`)).status).toBe(401);
    expect((await postJson(`${secured.url}/v1/approvals`, { decision_id: 'x' })).status).toBe(401);
  });
});

/**
 * Who may do what, over real HTTP (issue 14, "Principals" and "Zero-config mode"): each
 * test is a way the agent walked around the operator before, and fails without the fix.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, withTestGateway, type TestGateway } from '../../test/support/gateway.js';
import { createToken } from '../store/tokens.js';
import type { TokenAuthenticator } from './middleware/auth.js';

const FORCE_PUSH = { command: 'git push --force origin main' };
const DESTROY = { command: 'rm -rf /' };

async function send(url: string, method: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

describe('zero-config mode (no tokens): a local admin secret, and local callers are agents', () => {
  let gw: TestGateway;
  withTestGateway((started) => (gw = started));

  it('creates the admin secret at first start, mode 0600, in the data folder', () => {
    const file = path.join(gw.dir, 'admin.secret');
    expect(gw.gateway.files.admin_secret).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(gw.admin.authorization).toMatch(/^Bearer tg_local_[A-Za-z0-9_-]{40,}$/);
  });

  it('lets a local caller without the secret check and report, as an agent', async () => {
    const check = await postJson(`${gw.url}/v1/check`, { session_id: 'zc-1', tool: 'bash', input: { command: 'ls' } });
    expect(check.status).toBe(200);
    expect(check.body.decision).toBe('allow');
    const report = await postJson(`${gw.url}/v1/report`, { decision_id: check.body.decision_id, ok: true, exit_code: 0 });
    expect(report.status).toBe(200);
  });

  it("keeps the operator's routes from a local caller without the secret, and opens them with it", async () => {
    const ask = await postJson(`${gw.url}/v1/check`, { session_id: 'zc-2', tool: 'bash', input: FORCE_PUSH });
    expect(ask.body.decision).toBe('ask');
    const approval = await postJson(`${gw.url}/v1/approvals`, { decision_id: ask.body.decision_id });
    expect(approval.status).toBe(201);
    const operatorOnly: Array<[string, string, unknown?]> = [
      ['POST', `/v1/approvals/${approval.body.id}`, { decision: 'approve' }],
      ['POST', '/v1/sessions/zc-2/reset', { stop: true }],
      ['POST', '/v1/sessions/zc-2/stop', {}],
      ['POST', '/v1/agents/someone/stop', {}],
      ['POST', '/v1/policy/reload', {}],
      ['GET', '/v1/audit/head'],
      ['GET', `/v1/decisions/${ask.body.decision_id}/explain`],
      ['GET', '/metrics'],
      ['GET', '/ui/decisions'],
    ];
    for (const [method, route, body] of operatorOnly) {
      const response = await send(`${gw.url}${route}`, method, {}, body);
      expect(response.status, `${method} ${route}`).toBe(403);
      expect(response.body.error?.code, `${method} ${route}`).toBe('operator_only');
    }
    expect((await gw.gateway.store.getSession('zc-2'))?.status).toBe('active');
    const approved = await send(`${gw.url}/v1/approvals/${approval.body.id}`, 'POST', gw.admin, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect((await send(`${gw.url}/v1/audit/head`, 'GET', gw.admin)).status).toBe(200);
    expect((await send(`${gw.url}/v1/sessions/zc-2/stop`, 'POST', gw.admin, {})).status).toBe(200);
  });

  it('records the authenticated approver, never a name the request gives', async () => {
    const ask = await postJson(`${gw.url}/v1/check`, { session_id: 'zc-3', tool: 'bash', input: FORCE_PUSH });
    const approval = await postJson(`${gw.url}/v1/approvals`, { decision_id: ask.body.decision_id });
    const named = await send(`${gw.url}/v1/approvals/${approval.body.id}`, 'POST', gw.admin, { decision: 'approve', by: 'the-boss' });
    expect(named.status).toBe(400);
    expect(named.body.error.code).toBe('approver_from_credentials');
    const answered = await send(`${gw.url}/v1/approvals/${approval.body.id}`, 'POST', gw.admin, { decision: 'deny', note: 'no' });
    expect(answered.status).toBe(200);
    expect(answered.body.decided_by).toBe('local-admin');
  });

  it('refuses a report of a denied call (it did not run), and leaves the budgets alone', async () => {
    const denied = await postJson(`${gw.url}/v1/check`, { session_id: 'zc-4', tool: 'bash', input: DESTROY });
    expect(denied.body.decision).toBe('deny');
    const before = (await gw.gateway.store.getSession('zc-4'))?.state;
    const report = await postJson(`${gw.url}/v1/report`, { decision_id: denied.body.decision_id, ok: true, exit_code: 0, tokens_out: 50 });
    expect(report.status).toBe(409);
    expect(report.body.error.code).toBe('decision_denied');
    expect((await gw.gateway.store.getSession('zc-4'))?.state).toBe(before);
  });

  it('gives the policy the gateway\'s own files (input.context.gateway), whatever the client says', async () => {
    const check = await postJson(`${gw.url}/v1/check`, {
      session_id: 'zc-5',
      tool: 'bash',
      input: { command: 'ls' },
      context: { gateway: { admin_secret: '/nowhere' } },
    });
    const row = await gw.gateway.store.getDecision(check.body.decision_id);
    const context = JSON.parse(row!.context);
    expect(context.gateway.admin_secret).toBe(path.join(gw.dir, 'admin.secret'));
    // The SQLite file; null on PostgreSQL, where the database is no file on this host.
    expect(context.gateway.database).toBe(/^postgres(ql)?:\/\//.test(gw.db) ? null : gw.db);
  });
});

describe('with agent tokens', () => {
  let gw: TestGateway;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  let ops: Record<string, string>;
  let opsId: string;

  const check = (headers: Record<string, string>, session_id: string, input: Record<string, unknown> = { command: 'ls' }) =>
    postJson(`${gw.url}/v1/check`, { session_id, tool: 'bash', input }, headers);

  beforeAll(async () => {
    gw = await startTestGateway();
    const db = gw.gateway.store.db;
    alice = { authorization: `Bearer ${(await createToken(db, { kind: 'agent', agentId: 'alice' })).token}` };
    bob = { authorization: `Bearer ${(await createToken(db, { kind: 'agent', agentId: 'bob' })).token}` };
    const admin = await createToken(db, { kind: 'admin', name: 'ops' });
    ops = { authorization: `Bearer ${admin.token}` };
    opsId = admin.row.id;
    (gw.gateway.auth.authenticator as TokenAuthenticator).invalidate();
  });
  afterAll(async () => {
    await gw.close();
  });

  it("answers a call in another agent's session with 403 and a code saying so", async () => {
    expect((await check(alice, 'alice-own')).status).toBe(200);
    const intruder = await check(bob, 'alice-own');
    expect(intruder.status).toBe(403);
    expect(intruder.body.error.code).toBe('session_of_another_agent');
  });

  it("does not let an agent token lift the operator's stop of its own session, or its breaker and loop history", async () => {
    expect((await check(alice, 'alice-stopped')).status).toBe(200);
    const stopped = await send(`${gw.url}/v1/sessions/alice-stopped/stop`, 'POST', ops, { reason: 'ops says no' });
    expect(stopped.status).toBe(200);
    const reset = await send(`${gw.url}/v1/sessions/alice-stopped/reset`, 'POST', alice, { stop: true, loop: true, compaction_breaker: true });
    expect(reset.status).toBe(403);
    expect(reset.body.error.code).toBe('operator_only');
    expect((await send(`${gw.url}/v1/sessions/alice-own/stop`, 'POST', alice, {})).status).toBe(403);
    expect((await gw.gateway.store.getSession('alice-stopped'))?.status).toBe('stopped');
    expect((await check(alice, 'alice-stopped')).body.decision).toBe('deny');
    // The operator may.
    const lifted = await send(`${gw.url}/v1/sessions/alice-stopped/reset`, 'POST', ops, { stop: true });
    expect(lifted.status).toBe(200);
    expect((await check(alice, 'alice-stopped')).body.decision).toBe('allow');
  });

  it('stops a whole agent, its new session ids included, until the operator lifts it', async () => {
    expect((await check(alice, 'alice-before')).body.decision).toBe('allow');
    expect((await send(`${gw.url}/v1/agents/alice/stop`, 'POST', alice, {})).status).toBe(403);
    const stop = await send(`${gw.url}/v1/agents/alice/stop`, 'POST', ops, { reason: 'runaway spend' });
    expect(stop.status).toBe(200);
    expect(stop.body).toMatchObject({ stopped: true, agent_id: 'alice', stopped_by: `admin token ${opsId} (ops)` });

    for (const session of ['alice-before', 'alice-brand-new']) {
      const denied = await check(alice, session);
      expect(denied.body.decision, session).toBe('deny');
      expect(denied.body.reasons[0].message).toContain('runaway spend');
    }
    expect((await check(bob, 'bob-meanwhile')).body.decision).toBe('allow');
    const cont = await send(`${gw.url}/v1/sessions/alice-before/continue`, 'POST', alice, { output_tokens: 10 });
    expect(cont.body.decision).toBe('stop');

    const lift = await send(`${gw.url}/v1/agents/alice/stop`, 'DELETE', ops);
    expect(lift.status).toBe(200);
    expect((await check(alice, 'alice-before')).body.decision).toBe('allow');
    expect((await check(alice, 'alice-brand-new')).body.decision).toBe('allow');
    expect((await gw.gateway.store.getSession('alice-brand-new'))?.status).toBe('active');
  });

  it('records the admin token as the approver', async () => {
    const ask = await check(alice, 'alice-ask', FORCE_PUSH);
    const approval = await postJson(`${gw.url}/v1/approvals`, { decision_id: ask.body.decision_id }, alice);
    const answered = await send(`${gw.url}/v1/approvals/${approval.body.id}`, 'POST', ops, { decision: 'approve' });
    expect(answered.body.decided_by).toBe(`admin token ${opsId} (ops)`);
    // The local admin secret is the operator too, tokens or not.
    expect((await send(`${gw.url}/v1/audit/head`, 'GET', gw.admin)).status).toBe(200);
  });

  it("gives a Claude Code subagent's hook call a decision for the token's agent, the subagent id kept as data", async () => {
    const claude = { authorization: `Bearer ${(await createToken(gw.gateway.store.db, { kind: 'agent', agentId: 'claude-code' })).token}` };
    (gw.gateway.auth.authenticator as TokenAuthenticator).invalidate();
    const event = (extra: Record<string, unknown>) => ({
      session_id: 'cc-main',
      transcript_path: '/tmp/t.jsonl',
      cwd: '/home/dev/project',
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'ls' },
      tool_use_id: `toolu_${Math.random().toString(36).slice(2)}`,
      ...extra,
    });
    const main = await postJson(`${gw.url}/v1/hooks/claude-code`, event({}), claude);
    expect(main.body.hookSpecificOutput?.permissionDecision).toBe('allow');
    const sub = await postJson(`${gw.url}/v1/hooks/claude-code`, event({ agent_id: 'sub-7', agent_type: 'Explore' }), claude);
    expect(sub.status).toBe(200);
    expect(sub.body.hookSpecificOutput?.permissionDecision).toBe('allow');
    const session = await gw.gateway.store.getSession('cc-main/sub-7');
    expect(session?.agent_id).toBe('claude-code');
    const [decision] = await gw.gateway.store.db.selectFrom('decisions').selectAll().where('session_id', '=', 'cc-main/sub-7').execute();
    expect(decision!.agent_id).toBe('claude-code');
    expect(JSON.parse(decision!.context).subagent).toEqual({ id: 'sub-7', type: 'Explore' });
    // Another agent's token still cannot use that session through the hook.
    const other = await postJson(`${gw.url}/v1/hooks/claude-code`, event({ agent_id: 'sub-7', agent_type: 'Explore' }), bob);
    expect(other.body.hookSpecificOutput?.permissionDecision).not.toBe('allow');
  });
});

/**
 * Auth over real HTTP: agent tokens act only as their agent, admin tokens reach the admin
 * routes, tokens are stored hashed, revocation takes effect, and one agent cannot read or
 * change another agent's sessions or decisions through any route that exists.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../../test/support/gateway.js';
import { createToken, revokeTokens } from '../../store/tokens.js';
import { routeAccess, type TokenAuthenticator } from './auth.js';

let gw: TestGateway;
let alice: string;
let bob: string;
let admin: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function get(path: string, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gw.url}${path}`, { headers: token ? bearer(token) : {} });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

const check = (token: string | undefined, body: Record<string, unknown>) =>
  postJson(`${gw.url}/v1/check`, { tool: 'bash', input: { command: 'ls' }, ...body }, token ? bearer(token) : {});

function forgetTokenCache(): void {
  (gw.gateway.auth!.authenticator as TokenAuthenticator).invalidate();
}

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.close();
});

describe('without any token (loopback developer mode)', () => {
  it('answers without a token: the caller is the local user', async () => {
    const { status, body } = await check(undefined, { session_id: 'open-1' });
    expect(status).toBe(200);
    expect(body.decision).toBe('allow');
  });

  it('still refuses a token it does not know', async () => {
    const { status, body } = await check('tg_agent_nope_nope', { session_id: 'open-1' });
    expect(status).toBe(401);
    expect(body.error.code).toBe('invalid_token');
  });
});

describe('with tokens', () => {
  let aliceDecision: string;

  beforeAll(async () => {
    alice = (await createToken(gw.gateway.store.db, { kind: 'agent', agentId: 'alice' })).token;
    bob = (await createToken(gw.gateway.store.db, { kind: 'agent', agentId: 'bob' })).token;
    admin = (await createToken(gw.gateway.store.db, { kind: 'admin', name: 'ops' })).token;
    forgetTokenCache();
    const first = await check(alice, { session_id: 'alice-s1' });
    expect(first.status).toBe(200);
    aliceDecision = first.body.decision_id;
  });

  it('stores only the sha256 of a token', async () => {
    const rows = await gw.gateway.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(3);
    const dump = JSON.stringify(rows);
    for (const token of [alice, bob, admin]) {
      expect(dump).not.toContain(token);
      expect(rows.map((r) => r.hash)).toContain(createHash('sha256').update(token).digest('hex'));
    }
  });

  it('requires a token once one exists, with a message saying how to get one', async () => {
    const { status, body } = await check(undefined, { session_id: 'anon' });
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(/Authorization: Bearer/);
    expect((await check('Bearer-less garbage', { session_id: 'anon' })).status).toBe(401);
    const malformed = await fetch(`${gw.url}/v1/check`, { method: 'POST', headers: { authorization: 'Basic abc' }, body: '{}' });
    expect(malformed.status).toBe(401);
  });

  it('keeps health endpoints public', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  });

  it("records the token's agent, not a body's", async () => {
    const decision = await gw.gateway.store.getDecision(aliceDecision);
    expect(decision?.agent_id).toBe('alice');
    const session = await gw.gateway.store.getSession('alice-s1');
    expect(session?.agent_id).toBe('alice');
  });

  it("takes the token's agent over the one a body names", async () => {
    const { status, body } = await check(alice, { session_id: 'alice-s2', agent_id: 'bob' });
    expect(status).toBe(200);
    expect((await gw.gateway.store.getDecision(body.decision_id))?.agent_id).toBe('alice');
    expect((await gw.gateway.store.getSession('alice-s2'))?.agent_id).toBe('alice');
  });

  it("refuses calls into another agent's session", async () => {
    const { status } = await check(bob, { session_id: 'alice-s1' });
    expect(status).toBe(403);
    const session = await gw.gateway.store.getSession('alice-s1');
    expect(Number(session?.calls)).toBe(1);
  });

  it("hides another agent's decisions and session timeline", async () => {
    expect((await get(`/v1/decisions/${aliceDecision}`, bob)).status).toBe(403);
    expect((await get(`/v1/decisions/${aliceDecision}`, alice)).status).toBe(200);
    expect((await get('/v1/sessions/alice-s1/timeline', bob)).status).toBe(403);
    expect((await get('/v1/sessions/alice-s1/timeline', alice)).status).toBe(200);
    expect((await get('/v1/decisions?session=alice-s1', bob)).status).toBe(403);
    expect((await get('/v1/decisions?agent=alice', bob)).status).toBe(403);
  });

  it('decodes ids in paths exactly as the routes do (no encoding tricks)', async () => {
    const odd = 'alice s%41/x';
    expect((await check(alice, { session_id: odd })).status).toBe(200);
    const statuses: number[] = [];
    for (const path of [
      `/v1/sessions/${encodeURIComponent(odd)}/timeline`,
      `/v1/sessions/${encodeURIComponent(encodeURIComponent(odd))}/timeline`,
      `/v1/sessions/alice%20s%2541%2Fx`,
      `/v1/sessions/${encodeURIComponent(odd)}`,
    ]) {
      const response = await get(path, bob);
      // 403 when the id is Alice's session, 404 when the encoding made it another id.
      expect([403, 404], path).toContain(response.status);
      statuses.push(response.status);
    }
    expect(statuses[0]).toBe(403);
    expect(statuses[3]).toBe(403);
    expect((await get(`/v1/sessions/${encodeURIComponent(odd)}/timeline`, alice)).status).toBe(200);
  });

  it("lists only the caller's own decisions", async () => {
    await check(bob, { session_id: 'bob-s1' });
    const asBob = await get('/v1/decisions', bob);
    expect(asBob.status).toBe(200);
    expect(asBob.body.decisions.length).toBeGreaterThan(0);
    expect(asBob.body.decisions.every((d: any) => d.agent_id === 'bob')).toBe(true);
    const asAdmin = await get('/v1/decisions', admin);
    const agents = asAdmin.body.decisions.map((d: any) => d.agent_id);
    expect(agents).toContain('alice');
    expect(agents).toContain('bob');
  });

  it("cannot read or change another agent's session, memory, checkpoints or reports", async () => {
    const send = (method: string, path: string, token: string, body?: unknown) =>
      fetch(`${gw.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // Alice's own things work…
    expect((await send('GET', '/v1/sessions/alice-s1', alice)).status).toBe(200);
    expect((await send('POST', '/v1/sessions/alice-s1/checkpoints', alice, { label: 'cp', state: { step: 1 } })).status).toBe(201);
    expect((await send('PUT', '/v1/memory/session/notes?session_id=alice-s1', alice, { value: 'alice secret' })).status).toBe(200);
    expect((await send('PUT', '/v1/memory/agent/prefs?agent_id=alice', alice, { value: 1 })).status).toBe(200);
    // …and Bob reaches none of them.
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', '/v1/sessions/alice-s1'],
      ['GET', '/v1/sessions/alice-s1/checkpoints'],
      ['POST', '/v1/sessions/alice-s1/checkpoints', { label: 'x', state: {} }],
      ['GET', '/v1/sessions/alice-s1/resume'],
      ['POST', '/v1/sessions/alice-s1/stop', {}],
      ['POST', '/v1/sessions/alice-s1/end', {}],
      ['PUT', '/v1/sessions/alice-s1/pins', { goal: 'hijack' }],
      ['POST', '/v1/sessions/bob-new/start', { resume_from: 'alice-s1' }],
      ['POST', '/v1/sessions/bob-new/start', { agent_id: 'alice' }],
      ['GET', '/v1/memory/session/notes?session_id=alice-s1'],
      ['PUT', '/v1/memory/session/notes?session_id=alice-s1', { value: 'overwritten' }],
      ['DELETE', '/v1/memory/session/notes?session_id=alice-s1'],
      ['GET', '/v1/memory/agent?agent_id=alice'],
      ['PUT', '/v1/memory/agent/prefs?agent_id=alice', { value: 2 }],
      ['POST', '/v1/report', { decision_id: aliceDecision, ok: true, tokens_out: 10 }],
      ['GET', `/v1/decisions/${aliceDecision}/explain`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await send(method, path, bob, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    const memory = await send('GET', '/v1/memory/session/notes?session_id=alice-s1', alice);
    expect(((await memory.json()) as { value: string }).value).toBe('alice secret');
    const session = await gw.gateway.store.getSession('alice-s1');
    expect(session?.status).toBe('active');
    // A session an agent starts is its own.
    expect((await send('POST', '/v1/sessions/bob-own/start', bob, {})).status).toBe(201);
    expect((await gw.gateway.store.getSession('bob-own'))?.agent_id).toBe('bob');
  });

  it('keeps admin routes for admin tokens', async () => {
    for (const path of ['/metrics', '/ui/decisions', '/v1/audit/head']) {
      const asAgent = await get(path, alice);
      expect(asAgent.status, path).toBe(403);
      expect(asAgent.body.error.code).toBe('operator_only');
      expect((await get(path, admin)).status, path).toBe(200);
    }
    const resolve = await postJson(`${gw.url}/v1/approvals/whatever`, { decision: 'approve' }, bearer(alice));
    expect(resolve.status).toBe(403);
  });

  it('lets a browser into the viewer with the admin token as a Basic password', async () => {
    const prompt = await fetch(`${gw.url}/ui/decisions`);
    expect(prompt.status).toBe(401);
    expect(prompt.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`me:${password}`).toString('base64')}` });
    expect((await fetch(`${gw.url}/ui/decisions`, { headers: basic(admin) })).status).toBe(200);
    expect((await fetch(`${gw.url}/ui/decisions`, { headers: basic(alice) })).status).toBe(403);
    expect((await fetch(`${gw.url}/ui/decisions`, { headers: basic('wrong') })).status).toBe(401);
    expect((await fetch(`${gw.url}/v1/check`, { method: 'POST' })).headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('stops accepting a revoked token', async () => {
    const extra = await createToken(gw.gateway.store.db, { kind: 'agent', agentId: 'carol' });
    forgetTokenCache();
    expect((await check(extra.token, { session_id: 'carol-s1' })).status).toBe(200);
    await revokeTokens(gw.gateway.store.db, { id: extra.row.id });
    forgetTokenCache();
    const after = await check(extra.token, { session_id: 'carol-s1' });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
  });

  it('sees tokens created by another process within a second, without a restart', async () => {
    const late = await createToken(gw.gateway.store.db, { kind: 'agent', agentId: 'dave' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await check(late.token, { session_id: 'dave-s1' })).status).toBe(200);
  });
});

describe('route access table', () => {
  it('defaults to admin for routes nobody listed', () => {
    expect(routeAccess('GET', '/v1/something-new')).toBe('admin');
    expect(routeAccess('POST', '/v1/policy/reload')).toBe('admin');
    expect(routeAccess('GET', '/ui')).toBe('admin');
    expect(routeAccess('POST', '/v1/approvals/abc')).toBe('admin');
  });
  it('opens the agent routes', () => {
    expect(routeAccess('POST', '/v1/check')).toBe('agent');
    expect(routeAccess('POST', '/v1/report')).toBe('agent');
    expect(routeAccess('POST', '/v1/hooks/claude-code')).toBe('agent');
    expect(routeAccess('GET', '/v1/sessions/x/timeline')).toBe('agent');
    expect(routeAccess('GET', '/v1/memory/x')).toBe('agent');
    expect(routeAccess('GET', '/healthz')).toBe('public');
  });
});

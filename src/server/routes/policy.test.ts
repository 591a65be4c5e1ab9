/** The policy routes are admin routes: an agent token can neither reload nor read explanations. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../../test/support/gateway.js';
import { createToken } from '../../store/tokens.js';
import type { TokenAuthenticator } from '../middleware/auth.js';

let gw: TestGateway;
let agent: string;
let admin: string;

beforeAll(async () => {
  gw = await startTestGateway();
  agent = (await createToken(gw.gateway.store.db, { kind: 'agent', agentId: 'a1' })).token;
  admin = (await createToken(gw.gateway.store.db, { kind: 'admin', name: 'ops' })).token;
  // Tokens are cached for a second; start from the database's list.
  (gw.gateway.auth!.authenticator as TokenAuthenticator).invalidate();
});

afterAll(() => gw.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('policy routes and tokens', () => {
  it('POST /v1/policy/reload: agent 403, admin 200, nobody 401', async () => {
    expect((await postJson(`${gw.url}/v1/policy/reload`, {}, bearer(agent))).status).toBe(403);
    expect((await postJson(`${gw.url}/v1/policy/reload`, {})).status).toBe(401);
    const ok = await postJson(`${gw.url}/v1/policy/reload`, {}, bearer(admin));
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);
  });

  it('GET /v1/decisions/:id/explain and /v1/policy: admin only', async () => {
    const { body } = await postJson(`${gw.url}/v1/check`, { session_id: 's', agent_id: 'a1', tool: 'bash', input: { command: 'ls' } }, bearer(agent));
    const explain = `${gw.url}/v1/decisions/${body.decision_id}/explain`;
    expect((await fetch(explain, { headers: bearer(agent) })).status).toBe(403);
    const asAdmin = await fetch(explain, { headers: bearer(admin) });
    expect(asAdmin.status).toBe(200);
    expect((await asAdmin.json()).decision_id).toBe(body.decision_id);
    expect((await fetch(`${gw.url}/v1/policy`, { headers: bearer(agent) })).status).toBe(403);
  });
});

describe('policy routes: bad input', () => {
  it('rejects an unknown reload target and bad diff queries with 4xx', async () => {
    const target = await postJson(`${gw.url}/v1/policy/reload?target=everything`, {}, bearer(admin));
    expect(target.status).toBe(400);
    expect(target.body.error.message).toMatch(/target must be active or shadow/);
    const diffs = await fetch(`${gw.url}/v1/policy/shadow/diffs?limit=abc`, { headers: bearer(admin) });
    expect(diffs.status).toBe(409); // no shadow policy on this gateway: said before the query is read
    const explain = await fetch(`${gw.url}/v1/decisions/%00%01/explain`, { headers: bearer(admin) });
    expect(explain.status).toBe(400);
  });
});

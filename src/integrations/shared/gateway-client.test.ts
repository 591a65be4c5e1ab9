/**
 * The adapters' client against gateways that misbehave in every way a real network allows:
 * refused, silent, slow, garbage, 5xx, 4xx. Each must end in a deny naming the gateway URL
 * (or an allow only when the adapter is explicitly set to fail open). A scripted HTTP server
 * stands in for the gateway here because the real one never answers garbage on purpose.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAdapterConfig } from './config.js';
import { GatewayClient, type GatewayClientOptions } from './gateway-client.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
async function scripted(handler: Handler): Promise<{ url: string; seen: Array<{ path: string; auth?: string; body: string }> }> {
  const seen: Array<{ path: string; auth?: string; body: string }> = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
    handler(req, body, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const request = { session_id: 's1', tool: 'Bash', input: { command: 'ls' } };
const decision = (d: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ decision_id: 'dec-1', decision: d, categories: [], risk: 0, reasons: [{ rule: 'r.one', message: 'because' }], obligations: [], policy_revision: 'abc', ...extra });

function client(url: string, over: Partial<GatewayClientOptions> = {}) {
  return new GatewayClient({ ...resolveAdapterConfig({ gatewayUrl: url, timeoutMs: 500 }, {}), ask: 'native', ...over });
}

describe('GatewayClient.check', () => {
  it('passes the gateway decision through, with the reasons and the decision id in the message', async () => {
    const gw = await scripted((_q, _b, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(decision('deny')));
    const v = await client(gw.url).check(request);
    expect(v).toMatchObject({ decision: 'deny', source: 'gateway', decision_id: 'dec-1' });
    expect(v.message).toBe('toolgate blocked: because [r.one] (decision dec-1)');
    expect(JSON.parse(gw.seen[0].body)).toEqual(request);
  });

  it('sends the agent token as a bearer token, and none when there is no token', async () => {
    const gw = await scripted((_q, _b, res) => res.writeHead(200).end(decision('allow')));
    await client(gw.url, { token: 'sekrit' }).check(request);
    await client(gw.url).check(request);
    expect(gw.seen.map((s) => s.auth)).toEqual(['Bearer sekrit', undefined]);
  });

  it('denies, naming the URL, when nothing listens', async () => {
    const gw = await scripted(() => {});
    const url = gw.url;
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const v = await client(url).check(request);
    expect(v.decision).toBe('deny');
    expect(v.source).toBe('unreachable');
    expect(v.message).toContain(url);
    expect(v.message).toMatch(/ECONNREFUSED/);
  });

  it('denies when the gateway is slower than the timeout', async () => {
    const gw = await scripted((_q, _b, res) => setTimeout(() => res.writeHead(200).end(decision('allow')), 2_000));
    const started = Date.now();
    const v = await client(gw.url, { timeoutMs: 200 }).check(request);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(v.decision).toBe('deny');
    expect(v.message).toContain('no answer within 200 ms');
  });

  it.each([
    ['not JSON', 200, 'hello <html>'],
    ['JSON that is not a decision', 200, JSON.stringify({ decision: 'maybe' })],
    ['a decision of an unknown kind', 200, decision('allow-ish')],
    ['an empty body', 200, ''],
    ['a 503', 503, JSON.stringify({ error: { code: 'store_unavailable', message: 'db down' } })],
    ['a 500 with HTML', 500, '<h1>oops</h1>'],
  ])('denies on %s', async (_label, status, body) => {
    const gw = await scripted((_q, _b, res) => res.writeHead(status).end(body));
    const v = await client(gw.url).check(request);
    expect(v.decision).toBe('deny');
    expect(v.message).toContain(gw.url);
  });

  it('fails open only when told to, and says so', async () => {
    const gw = await scripted((_q, _b, res) => res.writeHead(503).end());
    const v = await client(gw.url, { failMode: 'open' }).check(request);
    expect(v).toMatchObject({ decision: 'allow', source: 'unreachable' });
    expect(v.message).toMatch(/fail open/);
  });

  it('denies a request the gateway rejected (4xx) even when failing open: a bad token must not open the gate', async () => {
    const gw = await scripted((_q, _b, res) => res.writeHead(401).end(JSON.stringify({ error: { code: 'unauthorized', message: 'bad token' } })));
    const v = await client(gw.url, { failMode: 'open' }).check(request);
    expect(v.decision).toBe('deny');
    expect(v.message).toContain('unauthorized: bad token');
  });

  it('passes ask through when the client has its own prompt', async () => {
    const gw = await scripted((_q, _b, res) => res.writeHead(200).end(decision('ask')));
    expect((await client(gw.url).check(request)).decision).toBe('ask');
  });

  it('turns ask into a deny at once when approvals are off', async () => {
    const gw = await scripted((_q, _b, res) => res.writeHead(200).end(decision('ask')));
    const v = await client(gw.url, { ask: 'approval', approvalWaitMs: 0 }).check(request);
    expect(v.decision).toBe('deny');
    expect(gw.seen.map((s) => s.path)).toEqual(['/v1/check']);
  });

  it('denies an ask when no approval can be requested', async () => {
    const gw = await scripted((q, _b, res) => (q.url === '/v1/check' ? res.writeHead(200).end(decision('ask')) : res.writeHead(404).end()));
    const v = await client(gw.url, { ask: 'approval', approvalWaitMs: 1_000 }).check(request);
    expect(v.decision).toBe('deny');
    expect(v.message).toMatch(/no approval could be requested/);
  });
});

describe('resolveAdapterConfig', () => {
  it('reads the environment and lets explicit options win', () => {
    const c = resolveAdapterConfig({ timeoutMs: 10 }, { TOOLGATE_URL: 'http://gw:1/', TOOLGATE_TOKEN: 't', TOOLGATE_TIMEOUT_MS: '99', TOOLGATE_FAIL_MODE: 'open' });
    expect(c).toMatchObject({ gatewayUrl: 'http://gw:1', token: 't', timeoutMs: 10, failMode: 'open' });
  });

  it.each([
    [{ TOOLGATE_FAIL_MODE: 'sometimes' }, /TOOLGATE_FAIL_MODE/],
    [{ TOOLGATE_TIMEOUT_MS: '-5' }, /TOOLGATE_TIMEOUT_MS/],
    [{ TOOLGATE_TIMEOUT_MS: 'soon' }, /TOOLGATE_TIMEOUT_MS/],
    [{ TOOLGATE_URL: 'not a url' }, /not a URL/],
    [{ TOOLGATE_URL: 'file:///etc/passwd' }, /http or https/],
  ])('refuses bad settings with a message that names them: %j', (env, message) => {
    expect(() => resolveAdapterConfig({}, env)).toThrow(message);
  });
});

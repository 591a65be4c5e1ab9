/**
 * /metrics over real HTTP after real decisions: counts by decision and category, stage
 * latency histograms, group-commit batches, open sessions. And the logs that go with
 * requests: JSON lines with a request id, never the token or the command's secrets.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../test/support/gateway.js';

let gw: TestGateway;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  gw = await startTestGateway({ logger: pino({ level: 'debug' }, sink) });
});
afterAll(async () => {
  await gw.close();
});

/** value of one sample line, e.g. sample(text, 'toolgate_decisions_total{decision="deny"}') */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : NaN;
}

describe('GET /metrics', () => {
  it('counts decisions by decision and category and times every stage', async () => {
    await Promise.all([
      postJson(`${gw.url}/v1/check`, { session_id: 'm1', tool: 'bash', input: { command: 'ls' } }),
      postJson(`${gw.url}/v1/check`, { session_id: 'm2', tool: 'bash', input: { command: 'rm -rf /' } }),
      postJson(`${gw.url}/v1/check`, { session_id: 'm2', tool: 'bash', input: { command: 'cat README.md' } }),
    ]);
    const response = await fetch(`${gw.url}/metrics`, { headers: gw.admin });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();

    expect(sample(text, 'toolgate_decisions_total{decision="allow"}')).toBe(2);
    expect(sample(text, 'toolgate_decisions_total{decision="deny"}')).toBe(1);
    expect(sample(text, 'toolgate_decision_categories_total{decision="deny",category="destructive_fs"}')).toBe(1);
    for (const stage of ['normalize', 'enrich', 'evaluate', 'commit', 'total']) {
      expect(sample(text, `toolgate_decision_stage_seconds_count{stage="${stage}"}`), stage).toBe(3);
    }
    expect(sample(text, 'toolgate_commit_batch_size_sum')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'toolgate_commit_batch_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'toolgate_open_sessions')).toBe(2);
    expect(text).toMatch(/toolgate_http_requests_total\{method="POST",route="\/v1\/check",status="200"\} 3/);
    // Free-form client values never become labels.
    expect(text).not.toContain('m1');
  });

  it('counts policy reloads by outcome', () => {
    gw.gateway.metrics!.observeReload({ ok: true });
    gw.gateway.metrics!.observeReload({ ok: false });
    return gw.gateway.metrics!.render().then((text) => {
      expect(sample(text, 'toolgate_policy_reloads_total{outcome="ok"}')).toBe(1);
      expect(sample(text, 'toolgate_policy_reloads_total{outcome="error"}')).toBe(1);
    });
  });
});

describe('request logs', () => {
  it('carry a request id (echoed to the client) and no tokens or secrets', async () => {
    const secret = 'AKIA' + 'QWERTYUIOPASDFGH';
    lines.length = 0;
    const response = await fetch(`${gw.url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-42', authorization: 'Bearer tg_agent_x_notarealtoken' },
      body: JSON.stringify({ session_id: 'logs', tool: 'bash', input: { command: `echo ${secret}` } }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    const fresh = await fetch(`${gw.url}/healthz`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // A hostile id is replaced, so it cannot forge log lines.
    const hostile = await fetch(`${gw.url}/healthz`, { headers: { 'x-request-id': 'a"b\\nc' } });
    expect(hostile.headers.get('x-request-id')).not.toContain('"');

    const entries = lines.map((line) => JSON.parse(line));
    const mine = entries.filter((e) => e.req_id === 'trace-42');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ method: 'POST', route: '/v1/check', status: 401 });
    // Route handlers' own log lines carry the request id too (here: the approval request).
    const ask = await postJson(`${gw.url}/v1/check`, { session_id: 'logs', tool: 'bash', input: { command: 'git push --force origin main' } });
    expect(ask.body.decision).toBe('ask');
    lines.length = 0;
    await fetch(`${gw.url}/v1/approvals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-43' },
      body: JSON.stringify({ decision_id: ask.body.decision_id }),
    });
    const handlerLines = lines.map((line) => JSON.parse(line)).filter((e) => e.msg === 'approval requested');
    expect(handlerLines).toHaveLength(1);
    expect(handlerLines[0].req_id).toBe('trace-43');
    const all = lines.join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toContain('notarealtoken');
  });
});

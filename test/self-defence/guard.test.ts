/**
 * The guard guards itself, over HTTP against a real gateway: the database, port and pid the
 * policy protects are the running gateway's own (src/gateway.ts guardRuntimeData), wherever it
 * was started, not the defaults of data.json.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let port: string;

beforeAll(async () => {
  gw = await startTestGateway();
  port = new URL(gw.url).port;
});
afterAll(async () => {
  await gw.close();
});

async function decide(command: string): Promise<{ decision: string; rules: string[] }> {
  const { status, body } = await postJson(`${gw.url}/v1/check`, { session_id: 'agent', tool: 'Bash', input: { command } });
  expect(status).toBe(200);
  return { decision: body.decision, rules: body.reasons.map((r: { rule: string }) => r.rule) };
}

describe('self-defence against the running gateway', () => {
  // On PostgreSQL the database is no file the agent could touch: nothing to test there.
  it.skipIf(/^postgres(ql)?:\/\//.test(process.env.TOOLGATE_TEST_DB ?? ''))('denies deleting or rewriting its database, wherever it is', async () => {
    const db = gw.db;
    expect(path.basename(db)).toBe('toolgate.db');
    for (const command of [`rm -f ${db}`, `rm ${db}-wal`, `rm -rf ${path.dirname(db)}`, `sqlite3 ${db} 'delete from decisions'`]) {
      const { decision, rules } = await decide(command);
      expect(decision, command).toBe('deny');
      expect(rules.some((r) => r.startsWith('guard.self_defence.')), command).toBe(true);
    }
  });

  it('denies calling its routes on the port it listens on, in any loopback spelling', async () => {
    for (const command of [
      `curl -s ${gw.url}/v1/decisions`,
      `curl http://localhost:${port}/v1/approvals`,
      `curl http://0x7f000001:${port}/v1/policy`,
      `nc 127.1 ${port}`,
    ]) {
      expect((await decide(command)).decision, command).toBe('deny');
    }
    // Another local port is not the gateway.
    expect((await decide(`curl -s http://127.0.0.1:${Number(port) + 1}/health`)).rules.filter((r) => r.startsWith('guard.'))).toEqual([]);
  });

  it('denies calling its routes by this machine\'s own name or address, with a python or node client too', async () => {
    const name = os.hostname().toLowerCase();
    const address = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4')?.address ?? '127.0.0.1';
    for (const command of [
      `curl -s http://${name}:${port}/v1/decisions`,
      `curl -s http://${name.split('.')[0]}.local:${port}/v1/decisions`,
      `wget -qO- http://${address}:${port}/v1/policy`,
      `python3 -c "import http.client as h; c = h.HTTPConnection('localhost', ${port}); c.request('GET', '/v1/decisions')"`,
      `node -e "require('http').get({ host: 'localhost', port: ${port}, path: '/v1/decisions' })"`,
    ]) {
      expect((await decide(command)).decision, command).toBe('deny');
    }
    const { status, body } = await postJson(`${gw.url}/v1/check`, { session_id: 'agent', tool: 'WebFetch', input: { url: `http://${name}:${port}/v1/decisions`, prompt: 'x' } });
    expect(status).toBe(200);
    expect(body.decision).toBe('deny');
  });

  it('denies a pkill -f or pgrep -f pattern that matches its own command line, not one that does not', async () => {
    // The gateway states its command line (here the test runner's, which runs it in-process).
    const own = path.basename(process.argv[1] ?? process.argv[0]!).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const command of [`kill $(pgrep -f '${own}')`, `pkill -f '${own}'`, `pgrep -f '${own}' | xargs kill -9`]) {
      const { decision, rules } = await decide(command);
      expect(decision, command).toBe('deny');
      expect(rules, command).toContain('guard.self_defence.signal_gateway');
    }
    expect((await decide(`pkill -f 'no-such-program-xyz'`)).rules).not.toContain('guard.self_defence.signal_gateway');
  });

  it('denies signalling its process by port or pid', async () => {
    for (const command of [`fuser -k ${port}/tcp`, `lsof -ti :${port} | xargs kill`, `kill -9 ${process.pid}`, `kill ${process.ppid}`]) {
      expect((await decide(command)).decision, command).toBe('deny');
    }
  });

  it('denies reading its admin secret', async () => {
    const secret = path.join(gw.dir, 'admin.secret');
    expect((await decide(`cat ${secret}`)).decision).toBe('deny');
    const { status, body } = await postJson(`${gw.url}/v1/check`, { session_id: 'agent', tool: 'Read', input: { file_path: secret } });
    expect(status).toBe(200);
    expect(body.decision).toBe('deny');
  });

  it('denies minting tokens and approving with the CLI', async () => {
    expect((await decide('npx toolgate tokens create --admin')).decision).toBe('deny');
    expect((await decide('node bin/toolgate.js approvals approve 1f0c')).decision).toBe('deny');
  });
});

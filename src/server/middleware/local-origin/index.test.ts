import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../../../test/support/gateway.js';
import { hostName } from './index.js';

let gw: TestGateway;
let open: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
  open = await startTestGateway({ allowedHosts: ['toolgate.internal'] });
});
afterAll(async () => {
  await gw.close();
  await open.close();
});

/** fetch() will not set Host; a raw request can, as a rebound browser does. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

describe('Host and Origin checks', () => {
  it('refuses a rebound DNS name (Host: evil.example) reading the decision log', async () => {
    const port = new URL(gw.url).port;
    const rebound = await get(`${gw.url}/v1/decisions`, { host: `evil.example:${port}` });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body).error.code).toBe('unknown_host');
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await get(`${gw.url}/healthz`, { host })).status, host).toBe(200);
    }
  });

  it('refuses a cross-site post (Origin of another site, or "null")', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example']) {
      const response = await fetch(`${gw.url}/v1/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ session_id: 'o', tool: 'bash', input: { command: 'ls' } }),
      });
      expect(response.status, origin).toBe(403);
      expect((await response.json()).error.code).toBe('foreign_origin');
    }
    const own = await fetch(`${gw.url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gw.url },
      body: JSON.stringify({ session_id: 'o', tool: 'bash', input: { command: 'ls' } }),
    });
    expect(own.status).toBe(200);
  });

  it('answers for the names an operator allowed', async () => {
    const port = new URL(open.url).port;
    expect((await get(`${open.url}/healthz`, { host: `toolgate.internal:${port}` })).status).toBe(200);
    expect((await get(`${open.url}/healthz`, { host: `other.example:${port}` })).status).toBe(421);
  });

  it('reads host names out of Host values', () => {
    expect(hostName('LOCALHOST:8787')).toBe('localhost');
    expect(hostName('[::1]:8787')).toBe('::1');
    expect(hostName('example.com.')).toBe('example.com');
  });
});

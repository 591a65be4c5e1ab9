import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test/support/gateway.js';
import { openApiPath } from './openapi.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

describe('GET /openapi.json', () => {
  it('describes every route the app registers, with its body, query and the error shape', async () => {
    const res = await fetch(`${gw.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    const registered = gw.gateway.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
    const missing = [...new Set(registered)].filter((key) => {
      const [method, path] = key.split(' ');
      return !doc.paths[path!]?.[method!];
    });
    expect(missing).toEqual([]);
    const check = doc.paths['/v1/check'].post;
    expect(check.requestBody.content['application/json'].schema.properties).toHaveProperty('tool');
    expect(check.responses['200'].content['application/json'].schema.properties).toHaveProperty('decision');
    expect(doc.paths['/v1/decisions'].get.parameters.map((p: any) => p.name)).toContain('session');
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain('invalid_request');
    expect(doc.paths['/v1/approvals/{id}'].post['x-toolgate-access']).toBe('admin');
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });
});

/**
 * The viewer's CSRF checks on a bare Hono app (the gateway-level tests are in
 * routes/ui-approvals.test.ts): Origin or Referer must be the request's own host:port,
 * the body the urlencoded form, and the token the cookie's, minted for this credential.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_FIELD, csrfToken, uiCsrf } from './index.js';

const app = new Hono();
app.use('/ui/*', uiCsrf());
app.get('/ui/form', (c) => c.text(csrfToken(c)));
app.post('/ui/form', (c) => c.text('answered'));

const HOST = '127.0.0.1:8787';
const alice = { authorization: 'Basic ' + Buffer.from('me:alice-token').toString('base64') };
const bob = { authorization: 'Bearer bob-token' };

async function tokenFor(auth: Record<string, string>) {
  const r = await app.request(`http://${HOST}/ui/form`, { headers: { ...auth, host: HOST } });
  return { token: await r.text(), setCookie: r.headers.get('set-cookie') ?? '' };
}

function post(headers: Record<string, string>, body: string) {
  return app.request(`http://${HOST}/ui/form`, { method: 'POST', headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
}

describe('ui-csrf', () => {
  it('mints one token per credential, kept while it verifies, in a SameSite=Strict HttpOnly cookie', async () => {
    const first = await tokenFor(alice);
    expect(first.setCookie).toMatch(new RegExp(`^${CSRF_COOKIE}=${first.token.replace('.', '\\.')}; Path=/ui; HttpOnly; SameSite=Strict$`));
    const kept = await app.request(`http://${HOST}/ui/form`, { headers: { ...alice, host: HOST, cookie: `${CSRF_COOKIE}=${first.token}` } });
    expect(await kept.text()).toBe(first.token);
    expect(kept.headers.get('set-cookie')).toBeNull();
    // Another credential presenting alice's cookie gets a token of its own.
    const other = await app.request(`http://${HOST}/ui/form`, { headers: { ...bob, host: HOST, cookie: `${CSRF_COOKIE}=${first.token}` } });
    expect(await other.text()).not.toBe(first.token);
  });

  it('lets the page\'s own form through: Origin, or Referer without one', async () => {
    const { token } = await tokenFor(alice);
    const form = `${CSRF_FIELD}=${encodeURIComponent(token)}&decision=approve`;
    const cookie = `${CSRF_COOKIE}=${token}`;
    expect((await post({ ...alice, cookie, origin: `http://${HOST}` }, form)).status).toBe(200);
    expect((await post({ ...alice, cookie, referer: `http://${HOST}/ui/approvals` }, form)).status).toBe(200);
  });

  it('refuses the rest with a code that says which check failed', async () => {
    const { token } = await tokenFor(alice);
    const form = `${CSRF_FIELD}=${encodeURIComponent(token)}`;
    const cookie = `${CSRF_COOKIE}=${token}`;
    const cases: [string, Record<string, string>, string, string][] = [
      ['another port', { ...alice, cookie, origin: 'http://127.0.0.1:8788' }, form, 'csrf_origin'],
      ['a "null" origin (sandboxed frame, file: page)', { ...alice, cookie, origin: 'null' }, form, 'csrf_origin'],
      ['a referer from elsewhere', { ...alice, cookie, referer: 'http://localhost:8787/ui/approvals' }, form, 'csrf_origin'],
      ['neither Origin nor Referer', { ...alice, cookie }, form, 'csrf_origin'],
      ['text/plain', { ...alice, cookie, origin: `http://${HOST}`, 'content-type': 'text/plain' }, form, 'csrf_content_type'],
      ['multipart', { ...alice, cookie, origin: `http://${HOST}`, 'content-type': 'multipart/form-data; boundary=x' }, '--x--', 'csrf_content_type'],
      ['no field', { ...alice, cookie, origin: `http://${HOST}` }, 'decision=approve', 'csrf_token'],
      ['no cookie', { ...alice, origin: `http://${HOST}` }, form, 'csrf_token'],
      ['another credential', { ...bob, cookie, origin: `http://${HOST}` }, form, 'csrf_token'],
      ['no credential', { cookie, origin: `http://${HOST}` }, form, 'csrf_token'],
      ['a forged MAC', { ...alice, cookie: `${CSRF_COOKIE}=${token.split('.')[0]}.AAAA`, origin: `http://${HOST}` }, `${CSRF_FIELD}=${token.split('.')[0]}.AAAA`, 'csrf_token'],
    ];
    for (const [what, headers, body, code] of cases) {
      const r = await post(headers, body);
      expect(r.status, what).toBe(code === 'csrf_content_type' ? 415 : 403);
      expect(((await r.json()) as { error: { code: string } }).error.code, what).toBe(code);
    }
  });
});

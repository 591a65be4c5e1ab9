/**
 * The viewer's approvals page, against a real gateway (real policy, real SQLite file), over
 * HTTP and in a real headless Chromium: what a person sees, who may see it, the CSRF
 * defences one by one (a cross-site and a same-site other-port page included), and the
 * whole flow: an adapter waits on an ask, the page approves, the adapter's call goes on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayWithLog, type Call } from '../../../test/support/audit-log.js';
import { hasChromium, reportMissingChromium, withChromium } from '../../../test/support/chromium.js';
import { postJson, type TestGateway } from '../../../test/support/gateway.js';
import { createToken } from '../../store/tokens.js';
import { resolveAdapterConfig } from '../../integrations/shared/config.js';
import { GatewayClient } from '../../integrations/shared/gateway-client.js';

const PAYLOAD = `echo ASK-ME <script>window.__pwned=1;document.title='PWNED'</script> "><img src=x onerror="window.__pwned=2">`;
const HOSTILE: Call[] = [{ session_id: '<b>appr</b>"x', agent_id: "<i>agent</i>'", tool: 'bash', input: { command: PAYLOAD } }];

let gw: TestGateway;
let cleanup: () => Promise<void>;
let builder: Record<string, string>;
let ops: Record<string, string>;
let opsId: string;
let hostileApproval: string;

beforeAll(async () => {
  let answers: { decision_id: string; decision: string }[];
  ({ gw, cleanup, answers } = await gatewayWithLog(HOSTILE, undefined, { markers: true }));
  // Asked while no token exists (the local caller may ask); then tokens, as an operator would set up.
  const [hostile] = answers;
  expect(hostile!.decision).toBe('ask');
  const asked = await postJson(`${gw.url}/v1/approvals`, { decision_id: hostile!.decision_id, timeout_ms: 3_600_000 });
  expect(asked.status).toBe(201);
  hostileApproval = asked.body.id;
  const db = gw.gateway.store.db;
  builder = { authorization: `Bearer ${(await createToken(db, { kind: 'agent', agentId: 'builder' })).token}` };
  const admin = await createToken(db, { kind: 'admin', name: 'ops' });
  ops = { authorization: `Bearer ${admin.token}` };
  opsId = admin.row.id;
  gw.gateway.auth.authenticator.invalidate();
}, 120_000);
afterAll(async () => {
  await cleanup?.();
});

/** An ask decision of agent "builder" with a pending approval (as an adapter would ask). */
async function pendingApproval(session: string, command = `echo ASK-ME ${session}`): Promise<{ id: string; decision_id: string }> {
  const check = await postJson(`${gw.url}/v1/check`, { session_id: session, tool: 'bash', input: { command } }, builder);
  expect(check.body.decision).toBe('ask');
  const asked = await postJson(`${gw.url}/v1/approvals`, { decision_id: check.body.decision_id, timeout_ms: 3_600_000 }, builder);
  expect(asked.status).toBe(201);
  return { id: asked.body.id, decision_id: check.body.decision_id };
}

async function statusOf(id: string): Promise<{ status: string; decided_by: string | null }> {
  const r = await fetch(`${gw.url}/v1/approvals/${id}`, { headers: ops });
  return (await r.json()) as { status: string; decided_by: string | null };
}

/** The page's CSRF cookie and hidden field, as the operator's browser holds them. */
async function formToken(headers: Record<string, string>): Promise<{ cookie: string; token: string; setCookie: string }> {
  const r = await fetch(`${gw.url}/ui/approvals`, { headers });
  expect(r.status).toBe(200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  const cookie = /toolgate_ui_csrf=([^;]+)/.exec(setCookie)?.[1] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await r.text())?.[1] ?? '';
  return { cookie, token, setCookie };
}

function post(id: string, init: { headers: Record<string, string>; body: string }) {
  return fetch(`${gw.url}/ui/approvals/${id}`, { method: 'POST', redirect: 'manual', headers: init.headers, body: init.body });
}

describe('/ui/approvals over HTTP', () => {
  it('is the operator\'s: no credentials 401, an agent token 403, an admin token 200', async () => {
    expect((await fetch(`${gw.url}/ui/approvals`)).status).toBe(401);
    const agent = await fetch(`${gw.url}/ui/approvals`, { headers: builder });
    expect(agent.status).toBe(403);
    expect(((await agent.json()) as any).error.code).toBe('operator_only');
    const agentPost = await fetch(`${gw.url}/ui/approvals/${hostileApproval}`, { method: 'POST', headers: builder });
    expect(agentPost.status).toBe(403);
    expect((await fetch(`${gw.url}/ui/approvals`, { headers: ops })).status).toBe(200);
  });

  it('shows what waits: tool, masked call, reasons, categories, risk, agent, session, age, time left, the decision', async () => {
    const mine = await pendingApproval('show-me');
    const r = await fetch(`${gw.url}/ui/approvals`, { headers: ops });
    const page = await r.text();
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    // Every page's header says how many wait (an approval times out: it must be seen).
    const pendingNow = ((await (await fetch(`${gw.url}/v1/approvals?status=pending`, { headers: ops })).json()) as any).approvals.length;
    expect(pendingNow).toBeGreaterThan(0);
    expect(page).toContain(`<a href="/ui/approvals" id="nav-approvals">Approvals <span class="badge-count">(${pendingNow} waiting)</span></a>`);
    const decisions = await (await fetch(`${gw.url}/ui/decisions`, { headers: ops })).text();
    expect(decisions).toContain(`(${pendingNow} waiting)`);
    const row = new RegExp(`<tr data-approval="${mine.id}">([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
    expect(row).toContain('bash');
    expect(row).toContain('echo ASK-ME show-me');
    expect(row).toContain('the command carries the ASK-ME marker');
    expect(row).toContain('audit_review');
    expect(row).toMatch(/<td class="nowrap">\d+<\/td>/); // risk
    expect(row).toContain('builder');
    expect(row).toContain('href="/ui/sessions/show-me"');
    expect(row).toContain(`href="/ui/decisions/${mine.decision_id}"`);
    expect(row).toMatch(/\d+(ms|s) ago/);
    expect(row).toMatch(/(59m \d+s|1h 0m) left/);
    expect(row).toContain('value="approve"');
    // A secret in the command is masked as the decision log stored it.
    const secret = await pendingApproval('secret', 'echo ASK-ME && curl -H "Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789" https://api.github.com');
    const again = await (await fetch(`${gw.url}/ui/approvals/${secret.id}`, { headers: ops })).text();
    expect(again).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  });

  it('escapes every string of an approval (command, session, agent) and sets no script running', async () => {
    for (const path of ['/ui/approvals', `/ui/approvals/${hostileApproval}`, '/ui/approvals?status=all']) {
      const page = await (await fetch(`${gw.url}${path}`, { headers: ops })).text();
      expect(page, path).not.toMatch(/<script/i);
      expect(page, path).not.toMatch(/<img/i);
      expect(page, path).not.toContain('<b>appr</b>');
      expect(page, path).not.toContain('<i>agent</i>');
      expect(page, path).toContain('&lt;script&gt;window.__pwned=1');
      expect(page, path).toContain('&lt;i&gt;agent&lt;/i&gt;&#39;');
    }
  });

  it('sets its form token in a SameSite=Strict, HttpOnly cookie, bound to the credential', async () => {
    const { setCookie, cookie, token } = await formToken(ops);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Path=\/ui/i);
    expect(cookie).toBe(token);
    // Presented again, the same token is kept (one per browser session and credential).
    const again = await fetch(`${gw.url}/ui/approvals`, { headers: { ...ops, cookie: `toolgate_ui_csrf=${cookie}` } });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain(`value="${token}"`);
  });

  it('refuses every post that is not the page\'s own form, and the approval stays pending', async () => {
    const { id } = await pendingApproval('csrf-http');
    const { cookie, token } = await formToken(ops);
    const own = new URL(gw.url).host;
    const form = `_csrf=${encodeURIComponent(token)}&decision=approve`;
    const good = { ...ops, cookie: `toolgate_ui_csrf=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' };
    const port = Number(new URL(gw.url).port);
    const refusals: [string, { headers: Record<string, string>; body: string }, number, string][] = [
      ['a text/plain form from another site', { headers: { ...good, origin: 'http://evil.example', 'content-type': 'text/plain' }, body: form }, 403, 'foreign_origin'],
      ['a text/plain form from another port of this host', { headers: { ...good, origin: `http://127.0.0.1:${port + 1}`, 'content-type': 'text/plain' }, body: form }, 403, 'csrf_origin'],
      ['the right form from another port of this host', { headers: { ...good, origin: `http://127.0.0.1:${port + 1}` }, body: form }, 403, 'csrf_origin'],
      ['the right form from localhost (another site than 127.0.0.1)', { headers: { ...good, origin: `http://localhost:${port}` }, body: form }, 403, 'csrf_origin'],
      ['a "null" origin', { headers: { ...good, origin: 'null' }, body: form }, 403, 'foreign_origin'],
      ['no Origin and no Referer', { headers: good, body: form }, 403, 'csrf_origin'],
      ['a text/plain body from its own origin', { headers: { ...good, origin: `http://${own}`, 'content-type': 'text/plain' }, body: form }, 415, 'csrf_content_type'],
      ['no token', { headers: { ...good, origin: `http://${own}` }, body: 'decision=approve' }, 403, 'csrf_token'],
      ['no cookie', { headers: { ...ops, origin: `http://${own}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form }, 403, 'csrf_token'],
      ['a field that is not the cookie', { headers: { ...good, origin: `http://${own}` }, body: `_csrf=${encodeURIComponent(token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))}&decision=approve` }, 403, 'csrf_token'],
      ['a token minted for another credential', { headers: { ...gw.admin, cookie: `toolgate_ui_csrf=${cookie}`, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${own}` }, body: form }, 403, 'csrf_token'],
    ];
    refusals.push(['a form over the size limit', { headers: { ...good, origin: `http://${own}` }, body: `${form}&note=${'n'.repeat(20_000)}` }, 413, 'payload_too_large']);
    for (const [what, init, status, code] of refusals) {
      const r = await post(id, init);
      expect(r.status, what).toBe(status);
      expect(((await r.json()) as any).error.code, what).toBe(code);
      expect((await statusOf(id)).status, what).toBe('pending');
    }
    // The page's own form from its own origin: answered, recorded as the authenticated principal.
    const ok = await post(id, { headers: { ...good, origin: `http://${own}` }, body: `${form}&note=${encodeURIComponent('looks fine')}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/ui/approvals/${id}`);
    expect(await statusOf(id)).toMatchObject({ status: 'approved', decided_by: `admin token ${opsId} (ops)` });
    // The decision list shows the ask with its answer, linked to the approval.
    const list = await (await fetch(`${gw.url}/ui/decisions?session=csrf-http`, { headers: ops })).text();
    expect(list).toContain(`<span class="ask">ask</span> → <a class="approval-mark" href="/ui/approvals/${id}"><span class="approved">approved</span></a>`);
    // Answered once: a second post gets the page with the reason, and nothing changes.
    const twice = await post(id, { headers: { ...good, origin: `http://${own}` }, body: form.replace('approve', 'deny') });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('already approved');
    expect((await statusOf(id)).status).toBe('approved');
  });

  it('lists by status like the API (?status=all shows answered ones), and says what is wrong with a bad one', async () => {
    const all = await (await fetch(`${gw.url}/ui/approvals?status=all`, { headers: ops })).text();
    expect(all).toMatch(/<span class="approved">approved<\/span>/);
    const pending = await (await fetch(`${gw.url}/ui/approvals`, { headers: ops })).text();
    expect(pending).not.toMatch(/<span class="approved">approved<\/span>/);
    const bad = await fetch(`${gw.url}/ui/approvals?status=%3Cscript%3E`, { headers: ops });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain('<script>');
    expect((await fetch(`${gw.url}/ui/approvals/00000000-0000-0000-0000-000000000000`, { headers: ops })).status).toBe(404);
  });

  it('shows an approval nobody answered in time as expired, on the decision and in the expired list', async () => {
    const check = await postJson(`${gw.url}/v1/check`, { session_id: 'too-late', tool: 'bash', input: { command: 'echo ASK-ME too-late' } }, builder);
    const asked = await postJson(`${gw.url}/v1/approvals`, { decision_id: check.body.decision_id, timeout_ms: 1 }, builder);
    await new Promise((r) => setTimeout(r, 10));
    const decision = await (await fetch(`${gw.url}/ui/decisions/${check.body.decision_id}`, { headers: ops })).text();
    expect(decision).toContain(`<a id="approval-link" href="/ui/approvals/${asked.body.id}">approval</a>: <span id="approval-status"><span class="expired">expired</span></span>`);
    const expired = await (await fetch(`${gw.url}/ui/approvals?status=expired`, { headers: ops })).text();
    expect(expired).toContain(`data-approval="${asked.body.id}"`);
    // Nothing to press on it.
    expect(new RegExp(`data-approval="${asked.body.id}">[\\s\\S]*?</tr>`).exec(expired)?.[0]).not.toContain('value="approve"');
  });
});

reportMissingChromium('/ui/approvals');

/** A page on another origin that posts a form to the gateway as soon as it loads. */
async function attacker(host: string, action: string, enctype: string, token: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><form id="f" method="post" action="${action}" enctype="${enctype}">
<input name="_csrf" value="${token}"><input name="decision" value="approve"></form>
<script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(!hasChromium)('/ui/approvals in headless Chromium', () => {
  it('approves a waiting adapter\'s call with a click: the adapter goes on, the decision and the session show it', { timeout: 90_000 }, async () => {
    const client = new GatewayClient({ ...resolveAdapterConfig({ gatewayUrl: gw.url, approvalWaitMs: 60_000, token: builder.authorization!.slice(7) }, {}), ask: 'approval', notify: () => {} });
    const waiting = client.check({ session_id: 'ui-flow', tool: 'bash', input: { command: 'echo ASK-ME from the flow' }, context: { cwd: '/tmp/w', home: '/tmp' } });

    await withChromium({ headers: ops, viewport: { width: 1366, height: 768 } }, async (tab, _context, dialogs) => {
      // The person opens the queue (reloading until the adapter's approval shows up).
      const row = tab.locator('#approvals tbody tr', { hasText: 'echo ASK-ME from the flow' });
      for (let i = 0; i < 50 && (await row.count()) === 0; i++) {
        await tab.goto(`${gw.url}/ui/approvals`);
        if ((await row.count()) === 0) await tab.waitForTimeout(100);
      }
      expect(await row.count()).toBe(1);
      const text = await row.innerText();
      for (const part of ['bash', 'echo ASK-ME from the flow', 'the command carries the ASK-ME marker', 'audit_review', 'builder', 'ui-flow', 'pending', 'left', 'ago']) {
        expect(text).toContain(part);
      }
      // The buttons are on screen at a laptop size.
      const approve = row.locator('button[value=approve]');
      const box = await approve.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(1366);

      await row.locator('input[name=note]').fill('checked <b>by</b> hand');
      await Promise.all([tab.waitForURL(/\/ui\/approvals\/[0-9a-f-]{36}$/), approve.click()]);
      expect(await tab.locator('#status').innerText()).toBe('approved');
      expect(await tab.locator('#decided-by').innerText()).toBe(`admin token ${opsId} (ops)`);

      // The waiting adapter's call goes on.
      const verdict = await waiting;
      expect(verdict).toMatchObject({ decision: 'allow', source: 'approval' });
      expect(verdict.message).toContain(`approved by admin token ${opsId} (ops)`);

      // The approval links to its decision, which shows the approval, who answered, and links back.
      await Promise.all([tab.waitForURL(new RegExp(`/ui/decisions/${verdict.decision_id}$`)), tab.click('#decision-link')]);
      expect(await tab.locator('#approval-status').innerText()).toBe('approved');
      expect(await tab.locator('#approval-by').innerText()).toBe(`admin token ${opsId} (ops)`);
      expect(await tab.locator('#approval').innerText()).toContain('checked <b>by</b> hand');
      const approvalHref = await tab.locator('#approval-link').getAttribute('href');
      expect(approvalHref).toMatch(/^\/ui\/approvals\/[0-9a-f-]{36}$/);

      // The session's timeline: the state on top, then the decision, the approval asked and answered, in order.
      await Promise.all([tab.waitForURL(/\/ui\/sessions\/ui-flow$/), tab.click('#session-link')]);
      expect(await tab.locator('#budgets').innerText()).toMatch(/calls\s+1/);
      expect(await tab.locator('#loop').innerText()).toContain('fired');
      const types = await tab.locator('#timeline tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
      expect(types).toEqual(['decision', 'approval asked', 'approval answered']);
      expect(await tab.locator('#timeline tbody tr[data-type="approval answered"]').innerText()).toContain(`admin token ${opsId} (ops)`);
      expect(await tab.locator(`#timeline a[href="${approvalHref}"]`).count()).toBe(2);
      expect(dialogs).toEqual([]);
    });
  });

  it('works through the browser\'s own login prompt (Basic, the admin token as password), the way a person signs in', { timeout: 60_000 }, async () => {
    const { id } = await pendingApproval('basic-login');
    await withChromium({ login: { username: 'me', password: ops.authorization!.slice(7) }, viewport: { width: 1366, height: 768 } }, async (tab) => {
      await tab.goto(`${gw.url}/ui/approvals`);
      expect(await tab.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // No cell of the queue is cut off at a laptop's width.
      const cut = await tab.evaluate(() =>
        [...document.querySelectorAll('#approvals th, #approvals td')].filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent!.slice(0, 40)),
      );
      expect(cut).toEqual([]);
      const row = tab.locator(`#approvals tr[data-approval="${id}"]`);
      await Promise.all([tab.waitForURL(new RegExp(`/ui/approvals/${id}$`)), row.locator('button[value=deny]').click()]);
      expect(await tab.locator('#status').innerText()).toBe('denied');
      expect(await tab.locator('#decided-by').innerText()).toBe(`admin token ${opsId} (ops)`);
    });
    expect(await statusOf(id)).toMatchObject({ status: 'denied', decided_by: `admin token ${opsId} (ops)` });
  });

  it('a page on another site or another port cannot answer an approval, even with the operator\'s credentials in the browser', { timeout: 90_000 }, async () => {
    const targets = [
      // Another site (127.0.0.2 is not 127.0.0.1's site) posting text/plain, the classic no-preflight CSRF.
      { host: '127.0.0.2', enctype: 'text/plain' },
      // The same site on another port (cookies do not care about ports), posting the right form type.
      { host: '127.0.0.1', enctype: 'application/x-www-form-urlencoded' },
    ];
    await withChromium({ headers: ops }, async (tab) => {
      // The operator has the page open: the browser holds a valid CSRF cookie.
      await tab.goto(`${gw.url}/ui/approvals`);
      for (const target of targets) {
        const { id } = await pendingApproval(`csrf-browser-${target.host}`);
        // The attacker even guesses the cookie's value right (it cannot, but the check must not rely on that).
        const cookies = await tab.context().cookies(`${gw.url}/ui/approvals`);
        const token = cookies.find((c) => c.name === 'toolgate_ui_csrf')?.value ?? '';
        expect(token).not.toBe('');
        const page = await attacker(target.host, `${gw.url}/ui/approvals/${id}`, target.enctype, token);
        try {
          const answered = tab.waitForResponse((r) => r.url().endsWith(`/ui/approvals/${id}`) && r.request().method() === 'POST', { timeout: 15_000 });
          await tab.goto(page.url);
          const response = await answered;
          expect(response.status(), target.host).toBe(403);
          expect((await statusOf(id)).status, target.host).toBe('pending');
        } finally {
          await page.close();
        }
      }
    });
  });

  it('shows a hostile approval as text without running it', { timeout: 60_000 }, async () => {
    await withChromium({ headers: ops }, async (tab, _context, dialogs) => {
      for (const path of ['/ui/approvals', `/ui/approvals/${hostileApproval}`]) {
        await tab.goto(`${gw.url}${path}`);
        const row = tab.locator(`#approvals tr[data-approval="${hostileApproval}"]`);
        expect(await row.innerText()).toContain('<script>window.__pwned=1');
        expect(await row.innerText()).toContain("<i>agent</i>'");
        expect(await tab.evaluate(() => document.querySelectorAll('script, img, #approvals b, #approvals i').length)).toBe(0);
        expect(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await tab.title()).not.toBe('PWNED');
      }
      expect(dialogs).toEqual([]);
    });
  });
});

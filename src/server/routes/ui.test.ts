/**
 * The audit viewer: its HTML over plain HTTP, then in a real headless Chromium (Debian's
 * package, driven by playwright-core) against a gateway with real decisions, one of
 * which logged a hostile payload.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayWithLog, MARKED_CALLS, type Call } from '../../../test/support/audit-log.js';
import type { TestGateway } from '../../../test/support/gateway.js';

const CHROMIUM = '/usr/bin/chromium';
const PAYLOAD = `echo DENY-ME <script>window.__pwned=1;document.title='PWNED'</script> "><img src=x onerror="window.__pwned=2">`;
const HOSTILE: Call[] = [
  { session_id: 'sess-x', agent_id: 'builder', tool: 'bash', input: { command: PAYLOAD } },
  { session_id: '<b>sess</b>"y', agent_id: "<i>agent</i>'", tool: '<svg onload=alert(1)>', input: { command: 'echo hi' } },
];

let gw: TestGateway;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ gw, cleanup } = await gatewayWithLog([...MARKED_CALLS, ...HOSTILE], undefined, { markers: true }));
});
afterAll(async () => {
  await cleanup?.();
});

async function page(pathAndQuery: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(`${gw.url}${pathAndQuery}`, { headers: gw.admin });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

describe('/ui over HTTP', () => {
  it('redirects /ui to the decision list', async () => {
    const response = await fetch(`${gw.url}/ui`, { redirect: 'manual', headers: gw.admin });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/ui/decisions');
  });

  it('escapes every logged string and forbids scripts by CSP', async () => {
    const { status, html, headers } = await page('/ui/decisions');
    expect(status).toBe(200);
    expect(headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(headers.get('content-security-policy')).not.toMatch(/script-src/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<svg onload');
    expect(html).not.toContain('<b>sess</b>');
    expect(html).toContain('&lt;script&gt;window.__pwned=1');
    expect(html).toContain('&lt;i&gt;agent&lt;/i&gt;&#39;');
  });

  it('filters, and counts by category', async () => {
    const { html } = await page('/ui/decisions?decision=ask');
    expect(html).toContain('echo ASK-ME');
    expect(html).not.toContain('echo DENY-ME TWICE');
    const all = await page('/ui/decisions');
    expect(all.html).toMatch(/<table id="by-category">[\s\S]*audit_marker/);
    expect(all.html).toMatch(/<svg role="img" aria-label="decisions over time"[\s\S]*<rect /);
  });

  it('answers a bad filter with the form and a message, an unknown id with 404', async () => {
    const bad = await page('/ui/decisions?since=someday&decision=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/is not a time/);
    expect(bad.html).not.toContain('<script>');
    expect((await page('/ui/decisions/does-not-exist')).status).toBe(404);
    expect((await page(`/ui/sessions/${encodeURIComponent('<nobody>')}`)).html).toContain('&lt;nobody&gt;');
  });
});

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.log(`skipping the browser test of /ui: ${CHROMIUM} is absent (apt-get install -y chromium; .ci/run does it)`);
}

describe.skipIf(!hasChromium)('/ui in headless Chromium', () => {
  it('lists, filters, opens a decision and shows a logged <script> as text without running it', { timeout: 90_000 }, async () => {
    const { chromium } = await import('playwright-core');
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      // The viewer is the operator's: the local admin secret on every request.
      extraHTTPHeaders: gw.admin,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const dialogs: string[] = [];
    try {
      const tab = context.pages()[0] ?? (await context.newPage());
      tab.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });

      await tab.goto(`${gw.url}/ui`);
      expect(new URL(tab.url()).pathname).toBe('/ui/decisions');
      const total = MARKED_CALLS.length + HOSTILE.length;
      expect(await tab.locator('#decisions tbody tr').count()).toBe(total);

      // Filter: every deny of the agent "builder".
      await tab.fill('input[name=agent]', 'builder');
      await tab.selectOption('select[name=decision]', 'deny');
      await Promise.all([tab.waitForURL(/decision=deny/), tab.click('button[type=submit]')]);
      const url = new URL(tab.url());
      expect(url.searchParams.get('agent')).toBe('builder');
      const rows = tab.locator('#decisions tbody tr');
      expect(await rows.count()).toBe(3);
      for (const text of await rows.allInnerTexts()) {
        expect(text).toMatch(/\bdeny\b/);
        expect(text).toContain('builder');
      }

      // Open the decision whose input carried the payload.
      const row = rows.filter({ hasText: 'window.__pwned=1' });
      expect(await row.count()).toBe(1);
      await Promise.all([tab.waitForURL(/\/ui\/decisions\/[0-9a-f-]{36}$/), row.locator('a').first().click()]);
      expect(await tab.locator("#input").innerText()).toContain(JSON.stringify(PAYLOAD));
      expect(await tab.locator('#decided-by').innerText()).toContain('audit_markers.deny');
      expect(await tab.locator('#matched').innerText()).toMatch(/audit_markers\.deny\s+\S*audit_markers\.rego\s+yes/);
      expect(await tab.locator('#reasons').innerText()).toContain('the command carries the DENY-ME marker');

      // Shown as text, never run: no script or img element, no side effect, no dialog.
      expect(await tab.evaluate(() => document.querySelectorAll('script, img, iframe, object').length)).toBe(0);
      expect(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await tab.title()).not.toBe('PWNED');

      // The session timeline, one click away.
      await Promise.all([tab.waitForURL(/\/ui\/sessions\/sess-x$/), tab.click('a[href="/ui/sessions/sess-x"]')]);
      expect(await tab.locator('#timeline').innerText()).toContain('window.__pwned=1');

      // The page with hostile session, agent and tool names renders them as text too.
      await tab.goto(`${gw.url}/ui/decisions?tool=${encodeURIComponent('<svg onload=alert(1)>')}`);
      expect(await tab.locator('#decisions tbody tr').innerText()).toContain('<svg onload=alert(1)>');
      expect(await tab.evaluate(() => document.querySelectorAll('#decisions svg, #decisions b, #decisions i').length)).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});

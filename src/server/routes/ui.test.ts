/**
 * The audit viewer: its HTML over plain HTTP, then in a real headless Chromium (Debian's
 * package, driven by playwright-core) against a gateway with real decisions, one of
 * which logged a hostile payload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gatewayWithLog, MARKED_CALLS, type Call } from '../../../test/support/audit-log.js';
import { hasChromium, reportMissingChromium, withChromium } from '../../../test/support/chromium.js';
import type { TestGateway } from '../../../test/support/gateway.js';

const PAYLOAD = `echo DENY-ME <script>window.__pwned=1;document.title='PWNED'</script> "><img src=x onerror="window.__pwned=2">`;
const HOSTILE: Call[] = [
  { session_id: 'sess-x', agent_id: 'builder', tool: 'bash', input: { command: PAYLOAD } },
  { session_id: '<b>sess</b>"y', agent_id: "<i>agent</i>'", tool: '<svg onload=alert(1)>', input: { command: 'echo hi' } },
];
/** Long unbroken strings in every column: the list must wrap them, never cut them off or scroll sideways. */
const LONG: Call[] = [
  {
    session_id: `sess-${'s'.repeat(150)}`,
    agent_id: `agent-${'a'.repeat(120)}`,
    tool: `mcp__${'t'.repeat(100)}__tool`,
    input: { command: `echo ${'x'.repeat(280)} && curl https://example.com/${'p'.repeat(200)}` },
  },
  { session_id: 'sess-long', agent_id: 'builder', tool: 'bash', input: { command: `printf %s ${'word '.repeat(80)}` } },
];

let gw: TestGateway;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ gw, cleanup } = await gatewayWithLog([...MARKED_CALLS, ...HOSTILE, ...LONG], undefined, { markers: true }));
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

reportMissingChromium('/ui');

describe.skipIf(!hasChromium)('/ui in headless Chromium', () => {
  it('lists, filters, opens a decision and shows a logged <script> as text without running it', { timeout: 90_000 }, async () => {
    // The viewer is the operator's: the local admin secret on every request.
    await withChromium({ headers: gw.admin }, async (tab, _context, dialogs) => {
      await tab.goto(`${gw.url}/ui`);
      expect(new URL(tab.url()).pathname).toBe('/ui/decisions');
      const total = MARKED_CALLS.length + HOSTILE.length + LONG.length;
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
    });
  });

  /** Where the list sits and what overflows, measured by the browser itself. */
  async function listLayout(tab: Page) {
    return tab.evaluate(() => {
      const rows = [...document.querySelectorAll('#decisions tbody tr')].slice(0, 8);
      const cells = [...document.querySelectorAll('#decisions th, #decisions td')];
      return {
        viewportHeight: window.innerHeight,
        viewportWidth: window.innerWidth,
        pageWidth: document.documentElement.scrollWidth,
        headTop: document.querySelector('#decisions thead')!.getBoundingClientRect().top,
        rowBottoms: rows.map((r) => r.getBoundingClientRect().bottom),
        cut: cells
          .filter((cell) => cell.scrollWidth > cell.clientWidth)
          .map((cell) => `${cell.tagName} ${cell.textContent!.slice(0, 40)} ${cell.scrollWidth}>${cell.clientWidth}`),
      };
    });
  }

  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1440, height: 900 },
  ]) {
    it(`shows the list's first rows without scrolling and cuts no column at ${viewport.width}×${viewport.height}`, { timeout: 60_000 }, async () => {
      await withChromium({ headers: gw.admin, viewport }, async (tab) => {
        // Unfiltered, and filtered (the form filled in): the list starts above the fold either way.
        for (const query of ['', '?agent=builder&since=30d&q=e', `?session=${'sess-'.concat('s'.repeat(150))}`]) {
          await tab.goto(`${gw.url}/ui/decisions${query}`);
          const layout = await listLayout(tab);
          expect(layout.viewportHeight).toBe(viewport.height);
          expect(layout.rowBottoms.length, query).toBeGreaterThan(0);
          expect(layout.headTop, query).toBeLessThan(viewport.height / 3);
          // The first rows (up to 8) are entirely in the viewport, with no scrolling.
          expect(Math.max(...layout.rowBottoms), query).toBeLessThanOrEqual(viewport.height);
          expect(await tab.evaluate(() => window.scrollY)).toBe(0);
          // No column cut off, no sideways scrolling: long commands, ids and names wrap.
          expect(layout.cut, query).toEqual([]);
          expect(layout.pageWidth, query).toBeLessThanOrEqual(layout.viewportWidth);
        }
      });
    });
  }
});

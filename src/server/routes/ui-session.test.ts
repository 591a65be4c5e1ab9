/**
 * A session's timeline page against a real gateway (real policy, real SQLite file): every
 * kind of event a session goes through, posted over HTTP as clients and the operator do,
 * then read back in time order under the session's state, over HTTP and in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayWithLog } from '../../../test/support/audit-log.js';
import { hasChromium, reportMissingChromium, withChromium } from '../../../test/support/chromium.js';
import { postJson, startTestGateway, type TestGateway } from '../../../test/support/gateway.js';

const SESSION = 'timeline-<i>1</i>';
const path = `/ui/sessions/${encodeURIComponent(SESSION)}`;
let gw: TestGateway;
let cleanup: () => Promise<void>;
let firstDecision: string;

/** Events a millisecond apart at least, so that time order is the order they happened in. */
const tick = () => new Promise((r) => setTimeout(r, 5));

async function ok(url: string, body: unknown, headers?: Record<string, string>) {
  const r = await postJson(`${gw.url}${url}`, body, headers);
  if (r.status >= 300) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
  await tick();
  return r.body;
}

beforeAll(async () => {
  ({ gw, cleanup } = await gatewayWithLog([], undefined, { markers: true }));
  const call = (command: string) => ({ session_id: SESSION, agent_id: 'tl-agent', tool: 'bash', input: { command } });
  const sessionUrl = `/v1/sessions/${encodeURIComponent(SESSION)}`;
  firstDecision = (await ok('/v1/check', call('ls -la'))).decision_id;
  await ok('/v1/report', { decision_id: firstDecision, exit_code: 0, tokens_in: 100, tokens_out: 50, cost_usd: 0.01, duration_ms: 12 });
  await ok(`${sessionUrl}/checkpoints`, { label: 'step <b>one</b>', step: 1, state: { todo: [] } });
  await ok(`${sessionUrl}/compactions`, { ok: true, tokens_before: 1000, tokens_after: 200, summary: 'kept the goal' });
  const ask = await ok('/v1/check', call('echo ASK-ME please'));
  expect(ask.decision).toBe('ask');
  const approval = await ok('/v1/approvals', { decision_id: ask.decision_id, timeout_ms: 600_000 });
  await ok(`/v1/approvals/${approval.id}`, { decision: 'deny', note: 'not now' }, gw.admin);
  await ok(`${sessionUrl}/stop`, { reason: 'enough <b>now</b>' }, gw.admin);
  // (The marker-only policy has no governance rules: what this call is answered does not matter here.)
  await ok('/v1/check', call('ls'));
}, 120_000);
afterAll(async () => {
  await cleanup?.();
});

const ORDER = ['decision', 'outcome', 'checkpoint', 'compaction', 'decision', 'approval asked', 'approval answered', 'stop', 'decision'];

describe('/ui/sessions/:id', () => {
  it('shows decisions, outcomes, checkpoints, compactions, approvals and stops in time order, under the state', async () => {
    const r = await fetch(`${gw.url}${path}`, { headers: gw.admin });
    expect(r.status).toBe(200);
    const page = await r.text();
    expect([...page.matchAll(/<tr data-type="([^"]+)">/g)].map((m) => m[1])).toEqual(ORDER);
    // The state at the top: budgets used against limits, loop findings, compaction.
    expect(page.indexOf('id="state"')).toBeLessThan(page.indexOf('id="timeline"'));
    expect(page).toMatch(/<tr><td>tokens<\/td><td class="[^"]*">150<\/td>/);
    expect(page).toMatch(/<tr><td>cost_usd<\/td><td class="[^"]*">0\.0100<\/td>/);
    expect(page).toContain('id="loop"');
    expect(page).toMatch(/compactions<\/dt><dd>1 \(0 failed/);
    expect(page).toMatch(/id="session-status">stopped</);
    // Details of each event, escaped.
    expect(page).toMatch(/data-type="outcome">[\s\S]*?exit_code=0  tokens_in=100  tokens_out=50  cost_usd=0.01  duration_ms=12/);
    expect(page).toMatch(/data-type="stop">[\s\S]*?reason=enough &lt;b&gt;now&lt;\/b&gt;/);
    expect(page).toMatch(/data-type="approval answered">[\s\S]*?<span class="denied">denied<\/span>[\s\S]*?decided_by=local-admin  note=not now/);
    expect(page).toContain('label=step &lt;b&gt;one&lt;/b&gt;');
    expect(page).not.toContain('<i>1</i>');
    expect(page).not.toContain('<b>one</b>');
    expect(page).not.toContain('<b>now</b>');
  });

  it('is linked from the decision page and the decision list', async () => {
    const decision = await (await fetch(`${gw.url}/ui/decisions/${firstDecision}`, { headers: gw.admin })).text();
    expect(decision).toContain(`id="session-link" href="${path}"`);
    const list = await (await fetch(`${gw.url}/ui/decisions`, { headers: gw.admin })).text();
    expect(list).toContain(`href="${path}"`);
  });
});

describe('/ui/sessions/:id with the shipped policy', () => {
  it('lists the loop detector\'s findings at the top: the decisions it asked or denied, with their rules', { timeout: 120_000 }, async () => {
    const shipped = await startTestGateway();
    try {
      // The same failing search again and again: the shipped loop rules ask, then deny.
      for (let i = 0; i < 4; i++) {
        const r = await postJson(`${shipped.url}/v1/check`, { session_id: 'looping', tool: 'bash', input: { command: 'grep -rn foo src' }, context: { cwd: '/tmp/w', home: '/tmp' } });
        await postJson(`${shipped.url}/v1/report`, { decision_id: r.body.decision_id, exit_code: 1, output: 'nothing' });
      }
      const page = await (await fetch(`${shipped.url}/ui/sessions/looping`, { headers: shipped.admin })).text();
      const loop = /<div class="panel" id="loop">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
      expect(loop).toMatch(/<dt>fired<\/dt><dd>[1-9]/);
      expect(loop).toMatch(/<dt>last rule<\/dt><dd>session\.loop\./);
      const findings = /<table id="findings">([\s\S]*?)<\/table>/.exec(loop)?.[1] ?? '';
      expect([...findings.matchAll(/<span class="(ask|deny)">/g)].length).toBeGreaterThanOrEqual(2);
      expect(findings).toContain('session.loop.failure_streak');
    } finally {
      await shipped.close();
    }
  });
});

reportMissingChromium('/ui/sessions/:id');

describe.skipIf(!hasChromium)('/ui/sessions/:id in headless Chromium', () => {
  it('is reached from a decision and reads in order at a laptop size, nothing cut off', { timeout: 60_000 }, async () => {
    await withChromium({ headers: gw.admin, viewport: { width: 1366, height: 768 } }, async (tab, _context, dialogs) => {
      await tab.goto(`${gw.url}/ui/decisions/${firstDecision}`);
      await Promise.all([tab.waitForURL((url) => url.pathname === path), tab.click('#session-link')]);
      const types = await tab.locator('#timeline tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
      expect(types).toEqual(ORDER);
      const times = await tab.locator('#timeline tbody tr td.time').allInnerTexts();
      expect([...times].sort()).toEqual(times);
      expect(await tab.locator('#budgets').innerText()).toMatch(/tokens\s+150/);
      expect(await tab.locator('h1').innerText()).toBe(`Session ${SESSION}`);
      expect(await tab.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(dialogs).toEqual([]);
    });
  });
});

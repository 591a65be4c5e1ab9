/**
 * The audit viewer at /ui: server-rendered HTML, no script at all (ui-kit.ts: the frame,
 * escaping, CSP). This file registers the pages and holds the decision list and the
 * decision page; ui-approvals.ts answers approvals, ui-session.ts draws a session's timeline.
 *
 * Authentication: /ui is the operator's (middleware/auth.ts: an admin token or the local
 * admin secret; an agent token gets 403). The only posts, answering approvals, go through
 * middleware/ui-csrf (exact Origin, form content type, a per-credential token).
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { AppEnv } from '../env.js';
import { DecisionQuery, DEFAULT_PAGE_SIZE, toFilter, withoutBlanks } from '../../audit/filter.js';
import { presentDetail, presentSummary, type DecisionSummary } from '../../audit/present.js';
import { approvalById, approvalsByDecision, type Approval } from '../../session/approvals.js';
import { describeZodError, problemResponse, ToolgateError } from '../errors.js';
import { uiCsrf } from '../middleware/ui-csrf/index.js';
import { approvalPages } from './ui-approvals.js';
import { sessionPage } from './ui-session.js';
import {
  approvalLink,
  badge as decisionBadge,
  DAY,
  decisionLink,
  duration,
  hrefWith,
  HOUR,
  inputSummary,
  page,
  pretty,
  sessionLink,
  when,
  type Html,
} from './ui-kit.js';

/** Query keys that are not filters (an auth token added by a later middleware, for instance). */
const NON_FILTER_KEYS = new Set(['token']);

/** The viewer's forms are a few fields: anything bigger is not one of them. */
const MAX_FORM_BYTES = 16 * 1024;

/** An ask's approval beside it: "ask → approved", linked to the approval. */
function approvalMark(approval: Approval | undefined): Html | string {
  return approval ? html` → <a class="approval-mark" href="${approvalLink(approval.id)}">${decisionBadge(approval.status)}</a>` : '';
}

function decisionRows(decisions: DecisionSummary[], approvals: Map<string, Approval>, showSession = true): Html {
  return html`${decisions.map(
    (d) => html`<tr>
  <td class="time"><a href="${decisionLink(d.id)}">${d.time.replace('T', ' ').replace('Z', '')}</a></td>
  <td class="nowrap">${decisionBadge(d.decision)}${approvalMark(approvals.get(d.id))}</td>
  ${showSession ? html`<td>${d.agent_id ?? ''}</td><td><a href="${sessionLink(d.session_id)}">${d.session_id}</a></td>` : ''}
  <td>${d.tool}</td>
  <td class="input" title="${inputSummary(d.input, 2000)}">${inputSummary(d.input, 200)}</td>
  <td>${d.categories.join(', ')}</td>
  <td>${d.decided_by.join(', ')}</td>
</tr>`,
  )}`;
}

/** Stacked bars of allow/ask/deny per time bucket, as inline SVG (no script, no external asset). */
function chart(counts: { bucket: number; decision: string; count: number }[], from: number, to: number, bucketMs: number): Html {
  // Buckets are aligned to the epoch (as the SQL groups them): the first may start before `from`.
  const start = Math.floor(from / bucketMs) * bucketMs;
  const buckets = Math.max(1, Math.floor((to - start) / bucketMs) + 1);
  const totals = new Map<number, Record<string, number>>();
  for (const { bucket, decision, count } of counts) {
    const index = Math.floor((bucket - start) / bucketMs);
    if (index < 0 || index >= buckets) continue;
    const entry = totals.get(index) ?? {};
    entry[decision] = (entry[decision] ?? 0) + count;
    totals.set(index, entry);
  }
  const max = Math.max(1, ...[...totals.values()].map((t) => (t.allow ?? 0) + (t.ask ?? 0) + (t.deny ?? 0)));
  const width = 720;
  const height = 140;
  const barWidth = width / buckets;
  const colors: Record<string, string> = { allow: '#2da44e', ask: '#d4a72c', deny: '#cf222e' };
  const bars = [...totals.entries()].map(([index, t]) => {
    let y = height;
    const label = new Date(start + index * bucketMs).toISOString().slice(0, bucketMs < DAY ? 16 : 10).replace('T', ' ');
    return (['allow', 'ask', 'deny'] as const).map((decision) => {
      const n = t[decision] ?? 0;
      if (n === 0) return '';
      const h = (n / max) * (height - 10);
      y -= h;
      return html`<rect x="${(index * barWidth).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${colors[decision]}"><title>${label}: ${n} ${decision}</title></rect>`;
    });
  });
  const fromLabel = new Date(start).toISOString().slice(0, 16).replace('T', ' ');
  const toLabel = new Date(to).toISOString().slice(0, 16).replace('T', ' ');
  return html`<svg role="img" aria-label="decisions over time" width="${width}" height="${height + 20}" viewBox="0 0 ${width} ${height + 20}">
<line x1="0" y1="${height}" x2="${width}" y2="${height}" stroke="#999"/>${bars}
<text x="0" y="${height + 15}" font-size="11">${fromLabel}</text><text x="${width}" y="${height + 15}" font-size="11" text-anchor="end">${toLabel}</text>
<text x="2" y="10" font-size="11">max ${max} / ${bucketMs >= DAY ? `${bucketMs / DAY} day` : `${bucketMs / HOUR} h`}</text></svg>`;
}

/** Hour buckets up to two days, day buckets up to ~4 months, wider beyond: at most ~120 bars. */
function bucketFor(rangeMs: number): number {
  if (rangeMs <= 2 * DAY) return HOUR;
  return Math.max(1, Math.ceil(rangeMs / DAY / 120)) * DAY;
}

function filterForm(raw: Record<string, string>): Html {
  const field = (name: string, label: string, placeholder = '') =>
    html`<input name="${name}" value="${raw[name] ?? ''}" placeholder="${placeholder || label}" aria-label="${label}" title="${label}">`;
  const options = ['', 'allow', 'ask', 'deny'].map(
    (d) => html`<option value="${d}" ${raw.decision === d ? 'selected' : ''}>${d || 'any'}</option>`,
  );
  return html`<form class="filters" method="get" action="/ui/decisions">
${field('agent', 'agent')}${field('session', 'session')}${field('tool', 'tool')}
<select name="decision" aria-label="decision" title="decision">${options}</select>
${field('category', 'category')}${field('rule', 'rule')}${field('since', 'since', 'since: 7d, 2026-11-01')}${field('until', 'until', 'until')}
${field('q', 'text in input')}
<button type="submit">Filter</button> <a href="/ui/decisions">clear</a></form>`;
}

function filterParams(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(withoutBlanks(raw))) if (!NON_FILTER_KEYS.has(key) && key !== 'cursor') out[key] = value;
  return out;
}

async function decisionsPage(c: Context<AppEnv>): Promise<Response> {
  const raw = filterParams(c.req.query());
  const withCursor = { ...raw, ...(c.req.query('cursor') ? { cursor: c.req.query('cursor')! } : {}) };
  const parsed = DecisionQuery.safeParse(withCursor);
  if (!parsed.success) {
    return page(c, 'Decisions', html`${filterForm(raw)}<div class="error">${describeZodError(parsed.error)}</div>`, 400);
  }
  const query = parsed.data;
  const filter = toFilter(query);
  const audit = c.var.gateway.store.audit;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const now = Date.now();
  const chartFrom = filter.since ?? now - 14 * DAY;
  const chartTo = filter.until ?? now;
  const bucketMs = bucketFor(Math.max(HOUR, chartTo - chartFrom));
  const chartFilter = { ...filter, since: chartFrom, until: chartTo };
  const [rows, counts, byCategory] = await Promise.all([
    audit.list(filter, { order: 'desc', after: query.cursor, limit }),
    audit.countsOverTime(chartFilter, bucketMs),
    // The same window as the chart: counting the whole log would grow with it.
    audit.countsByCategory(chartFilter),
  ]);
  const decisions = rows.map(presentSummary);
  const approvals = await approvalsByDecision(c.var.gateway.store, decisions.filter((d) => d.decision === 'ask').map((d) => d.id));
  const next = rows.length === limit ? hrefWith('/ui/decisions', { ...raw, cursor: rows.at(-1)!.seq }) : null;
  const totals: Record<string, number> = {};
  for (const { decision, count } of counts) totals[decision] = (totals[decision] ?? 0) + count;
  const categoryRows = new Map<string, Record<string, number>>();
  for (const { category, decision, count } of byCategory) {
    const entry = categoryRows.get(category) ?? {};
    entry[decision] = count;
    categoryRows.set(category, entry);
  }
  // The list first: at a laptop's 1366×768 its first rows are above the fold; the chart and
  // the category counts follow it.
  const body = html`<h1>Decisions</h1>${filterForm(raw)}
<table id="decisions"><thead><tr><th>time (UTC)</th><th>decision</th><th>agent</th><th>session</th><th>tool</th><th>input</th><th>categories</th><th>decided by</th></tr></thead>
<tbody>${decisionRows(decisions, approvals)}</tbody></table>
${decisions.length === 0 ? html`<p>No decisions match.</p>` : ''}
${next ? html`<p><a id="next" href="${next}">older →</a></p>` : ''}
<div class="panels"><div class="panel"><b>Over time</b> (allow ${totals.allow ?? 0} · ask ${totals.ask ?? 0} · deny ${totals.deny ?? 0})<br>${chart(counts, chartFrom, chartTo, bucketMs)}</div>
<div class="panel"><b>By category</b> (same window)<table id="by-category"><tr><th>category</th><th>deny</th><th>ask</th><th>allow</th></tr>
${[...categoryRows.entries()].map(
  ([category, n]) =>
    html`<tr><td><a href="${hrefWith('/ui/decisions', { ...raw, category })}">${category}</a></td><td>${n.deny ?? 0}</td><td>${n.ask ?? 0}</td><td>${n.allow ?? 0}</td></tr>`,
)}</table></div></div>`;
  return page(c, 'Decisions', body);
}

async function decisionPage(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const audit = c.var.gateway.store.audit;
  const row = id.length <= 200 ? await audit.get(id) : undefined;
  if (!row) return page(c, 'Not found', html`<div class="error">No decision with id ${id}.</div>`, 404);
  const [revision, events] = await Promise.all([audit.policyRevision(row.policy_revision), audit.decisionEvents(row.id)]);
  const approvalId = typeof events.approval?.id === 'string' ? events.approval.id : null;
  const approval = approvalId ? await approvalById(c.var.gateway.store, approvalId) : null;
  const d = presentDetail(row, revision);
  const reasons = d.reasons as { rule?: string; action?: string; category?: string; severity?: string; message?: string; file?: string }[];
  const body = html`<h1>Decision ${decisionBadge(d.decision)}</h1>
<dl>
<dt>id</dt><dd id="decision-id">${d.id}</dd><dt>time</dt><dd>${d.time}</dd><dt>seq</dt><dd>${d.seq}</dd>
<dt>agent</dt><dd>${d.agent_id ?? ''}</dd><dt>session</dt><dd><a id="session-link" href="${sessionLink(d.session_id)}">${d.session_id}</a> (timeline)</dd>
<dt>tool</dt><dd>${d.tool} (${d.kind})</dd><dt>categories</dt><dd>${d.categories.join(', ')}</dd><dt>risk</dt><dd>${d.risk}</dd>
<dt>obligations</dt><dd>${d.obligations.map(String).join(', ')}</dd>
<dt>decided by</dt><dd id="decided-by">${d.decided_by.length ? d.decided_by.join(', ') : 'no rule asked or denied (allowed by default)'}</dd>
<dt>policy revision</dt><dd>${d.policy.revision}${d.policy.loaded_at ? ` (first loaded ${d.policy.loaded_at})` : ' (not in policy_revisions)'}</dd>
<dt>latency</dt><dd>${d.latency_us} µs</dd><dt>hash</dt><dd><code>${d.chain.hash}</code></dd>
</dl>
<h2>Reasons</h2><table id="reasons"><tr><th>rule</th><th>action</th><th>category</th><th>severity</th><th>message</th><th>file</th></tr>
${reasons.map(
  (r) =>
    html`<tr><td>${r.rule ?? ''}</td><td>${decisionBadge(r.action ?? '')}</td><td>${r.category ?? ''}</td><td>${r.severity ?? ''}</td><td>${r.message ?? ''}</td><td>${r.file ?? ''}</td></tr>`,
)}</table>
<h2>Matched rules</h2><table id="matched"><tr><th>rule</th><th>file</th><th>decided</th></tr>
${d.attribution.matched.map((m) => html`<tr><td>${m.rule}</td><td>${m.file ?? ''}</td><td>${m.decided ? 'yes' : ''}</td></tr>`)}</table>
<h2>Input</h2><pre id="input">${pretty(d.input)}</pre>
<h2>Facts</h2><pre id="facts">${pretty(d.facts)}</pre>
<h2>Session state the policy saw</h2><pre>${pretty(d.session)}</pre>
<h2>Context</h2><pre>${pretty(d.context)}</pre>
${events.outcome ? html`<h2>Outcome</h2><pre id="outcome">${pretty(events.outcome)}</pre>` : ''}
${approval ? approvalSection(approval) : d.decision === 'ask' ? html`<h2>Approval</h2><p id="approval">none asked: the client asked its user itself (or has not asked yet)</p>` : ''}
${d.warnings.length ? html`<h2>Warnings</h2><pre>${pretty(d.warnings)}</pre>` : ''}
${d.dryrun.length ? html`<h2>Dry-run findings</h2><pre>${pretty(d.dryrun)}</pre>` : ''}`;
  return page(c, `Decision ${d.id}`, body);
}

/** The approval of an ask decision: its status, who answered and when, and a link to it. */
function approvalSection(a: NonNullable<Awaited<ReturnType<typeof approvalById>>>): Html {
  const answered = a.decided_at !== null ? html` by <b id="approval-by">${a.decided_by ?? ''}</b> at ${when(a.decided_at)}` : '';
  const pending = a.status === 'pending' ? html` (${duration(a.time_left_ms)} left)` : '';
  return html`<h2>Approval</h2><p id="approval"><a id="approval-link" href="${approvalLink(a.id)}">approval</a>: <span id="approval-status">${decisionBadge(a.status)}</span>${answered}${pending}${a.note ? html` · note: ${a.note}` : ''} · asked at ${when(a.created_at)}</p>`;
}

export function uiRoutes(app: Hono<AppEnv>): void {
  app.use(
    '/ui/*',
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => problemResponse(c, new ToolgateError('payload_too_large', `a viewer form is at most ${MAX_FORM_BYTES} bytes`)) }),
    uiCsrf(),
  );
  app.get('/ui', (c) => c.redirect('/ui/decisions'));
  app.get('/ui/', (c) => c.redirect('/ui/decisions'));
  app.get('/ui/decisions', decisionsPage);
  app.get('/ui/decisions/:id', decisionPage);
  app.get('/ui/sessions/:id', sessionPage);
  approvalPages(app);
}

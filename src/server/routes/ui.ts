/**
 * The audit viewer at /ui: server-rendered HTML, no script at all. Every logged string
 * is hostile (an agent's input is attacker-controlled), so everything goes through
 * hono/html's escaping template, and the Content-Security-Policy forbids scripts in
 * case a string ever slips through.
 *
 * Authentication: the pages are ordinary GET routes under /ui, so the admin-token
 * middleware (issue 8) wraps them like the API; the pages themselves carry no state
 * beyond the query string.
 */
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../env.js';
import { DecisionQuery, DEFAULT_PAGE_SIZE, toFilter, withoutBlanks } from '../../audit/filter.js';
import { presentDetail, presentSummary, type DecisionSummary } from '../../audit/present.js';
import { sessionTimeline } from '../../audit/timeline.js';
import { describeZodError } from '../errors.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Query keys that are not filters (an auth token added by a later middleware, for instance). */
const NON_FILTER_KEYS = new Set(['token']);

const DAY = 86_400_000;
const HOUR = 3_600_000;

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1b1f24;color:#fff;padding:8px 16px}header a{color:#fff;text-decoration:none;margin-right:16px}
main{padding:16px;max-width:1400px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e3e6ea;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f3;font-weight:600}
td.input{font-family:ui-monospace,monospace;max-width:520px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
pre{background:#fff;border:1px solid #e3e6ea;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all}
.allow{color:#1a7f37;font-weight:600}.ask{color:#9a6700;font-weight:600}.deny{color:#cf222e;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin-bottom:12px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#57606a}
.error{background:#ffebe9;border:1px solid #cf222e;padding:8px;margin-bottom:12px}
.panels{display:flex;gap:16px;flex-wrap:wrap;margin-bottom:16px}.panel{background:#fff;border:1px solid #e3e6ea;padding:8px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}dt{color:#57606a}
`;

function page(c: Context<AppEnv>, title: string, body: Html, status: 200 | 400 | 404 = 200): Response | Promise<Response> {
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  return c.html(
    html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} · toolgate audit</title><style>${STYLE}</style></head>
<body><header><a href="/ui/decisions"><b>toolgate audit</b></a><a href="/ui/decisions">Decisions</a><a href="/ui/decisions?decision=deny">Denies</a></header>
<main>${body}</main></body></html>`,
    status,
  );
}

function decisionBadge(decision: string): Html {
  return html`<span class="${['allow', 'ask', 'deny'].includes(decision) ? decision : ''}">${decision}</span>`;
}

/** A one-line summary of a call's input: the command, path or URL when there is one. */
function inputSummary(input: unknown): string {
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const fields = input as Record<string, unknown>;
    for (const key of ['command', 'path', 'file_path', 'url', 'to']) {
      if (typeof fields[key] === 'string') return (fields[key] as string).slice(0, 300);
    }
  }
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  return (text ?? '').slice(0, 300);
}

function pretty(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function hrefWith(base: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  return query ? `${base}?${query}` : base;
}

function decisionLink(id: string): string {
  return `/ui/decisions/${encodeURIComponent(id)}`;
}

function sessionLink(id: string): string {
  return `/ui/sessions/${encodeURIComponent(id)}`;
}

/** Outcomes and approvals belong to a decision: link to it. */
function eventDecisionLink(data: Record<string, unknown>): Html | string {
  return typeof data.decision_id === 'string' ? html`<a href="${decisionLink(data.decision_id)}">decision</a>` : '';
}

function decisionRows(decisions: DecisionSummary[], showSession = true): Html {
  return html`${decisions.map(
    (d) => html`<tr>
  <td><a href="${decisionLink(d.id)}">${d.time.replace('T', ' ').replace('Z', '')}</a></td>
  <td>${decisionBadge(d.decision)}</td>
  ${showSession ? html`<td>${d.agent_id ?? ''}</td><td><a href="${sessionLink(d.session_id)}">${d.session_id}</a></td>` : ''}
  <td>${d.tool}</td>
  <td class="input" title="${inputSummary(d.input)}">${inputSummary(d.input)}</td>
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
    html`<label>${label}<input name="${name}" value="${raw[name] ?? ''}" placeholder="${placeholder}"></label>`;
  const options = ['', 'allow', 'ask', 'deny'].map(
    (d) => html`<option value="${d}" ${raw.decision === d ? 'selected' : ''}>${d || 'any'}</option>`,
  );
  return html`<form class="filters" method="get" action="/ui/decisions">
${field('agent', 'agent')}${field('session', 'session')}${field('tool', 'tool')}
<label>decision<select name="decision">${options}</select></label>
${field('category', 'category')}${field('rule', 'rule')}${field('since', 'since', '7d or 2026-11-01')}${field('until', 'until')}
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
  const next = rows.length === limit ? hrefWith('/ui/decisions', { ...raw, cursor: rows.at(-1)!.seq }) : null;
  const totals: Record<string, number> = {};
  for (const { decision, count } of counts) totals[decision] = (totals[decision] ?? 0) + count;
  const categoryRows = new Map<string, Record<string, number>>();
  for (const { category, decision, count } of byCategory) {
    const entry = categoryRows.get(category) ?? {};
    entry[decision] = count;
    categoryRows.set(category, entry);
  }
  const body = html`<h1>Decisions</h1>${filterForm(raw)}
<div class="panels"><div class="panel"><b>Over time</b> (allow ${totals.allow ?? 0} · ask ${totals.ask ?? 0} · deny ${totals.deny ?? 0})<br>${chart(counts, chartFrom, chartTo, bucketMs)}</div>
<div class="panel"><b>By category</b> (same window)<table id="by-category"><tr><th>category</th><th>deny</th><th>ask</th><th>allow</th></tr>
${[...categoryRows.entries()].map(
  ([category, n]) =>
    html`<tr><td><a href="${hrefWith('/ui/decisions', { ...raw, category })}">${category}</a></td><td>${n.deny ?? 0}</td><td>${n.ask ?? 0}</td><td>${n.allow ?? 0}</td></tr>`,
)}</table></div></div>
<table id="decisions"><thead><tr><th>time (UTC)</th><th>decision</th><th>agent</th><th>session</th><th>tool</th><th>input</th><th>categories</th><th>decided by</th></tr></thead>
<tbody>${decisionRows(decisions)}</tbody></table>
${decisions.length === 0 ? html`<p>No decisions match.</p>` : ''}
${next ? html`<p><a id="next" href="${next}">older →</a></p>` : ''}`;
  return page(c, 'Decisions', body);
}

async function decisionPage(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const audit = c.var.gateway.store.audit;
  const row = id.length <= 200 ? await audit.get(id) : undefined;
  if (!row) return page(c, 'Not found', html`<div class="error">No decision with id ${id}.</div>`, 404);
  const [revision, events] = await Promise.all([audit.policyRevision(row.policy_revision), audit.decisionEvents(row.id)]);
  const d = presentDetail(row, revision);
  const reasons = d.reasons as { rule?: string; action?: string; category?: string; severity?: string; message?: string; file?: string }[];
  const body = html`<h1>Decision ${decisionBadge(d.decision)}</h1>
<dl>
<dt>id</dt><dd id="decision-id">${d.id}</dd><dt>time</dt><dd>${d.time}</dd><dt>seq</dt><dd>${d.seq}</dd>
<dt>agent</dt><dd>${d.agent_id ?? ''}</dd><dt>session</dt><dd><a href="${sessionLink(d.session_id)}">${d.session_id}</a></dd>
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
${events.approval ? html`<h2>Approval</h2><pre id="approval">${pretty(events.approval)}</pre>` : ''}
${d.warnings.length ? html`<h2>Warnings</h2><pre>${pretty(d.warnings)}</pre>` : ''}
${d.dryrun.length ? html`<h2>Dry-run findings</h2><pre>${pretty(d.dryrun)}</pre>` : ''}`;
  return page(c, `Decision ${d.id}`, body);
}

async function sessionPage(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  if (id.length === 0 || id.length > 200) return page(c, 'Not found', html`<div class="error">No such session.</div>`, 404);
  const timeline = await sessionTimeline(c.var.gateway.store, id);
  if (!timeline.session && timeline.entries.length === 0) {
    return page(c, 'Not found', html`<div class="error">No session with id ${id}.</div>`, 404);
  }
  const s = timeline.session;
  const body = html`<h1>Session ${id}</h1>
${s ? html`<dl><dt>agent</dt><dd>${s.agent_id ?? ''}</dd><dt>status</dt><dd>${s.status}</dd><dt>started</dt><dd>${s.created_at}</dd><dt>last seen</dt><dd>${s.last_seen_at}</dd><dt>calls</dt><dd>${s.calls}</dd></dl>` : ''}
<p><a href="${hrefWith('/ui/decisions', { session: id })}">filter the decision list by this session</a></p>
<table id="timeline"><tr><th>time (UTC)</th><th>event</th><th>decision</th><th>tool</th><th>input / details</th><th>decided by</th></tr>
${timeline.entries.map((e) =>
  e.type === 'decision' && 'decision' in e
    ? html`<tr><td><a href="${decisionLink(e.id)}">${e.time}</a></td><td>decision</td><td>${decisionBadge(e.decision)}</td><td>${e.tool}</td><td class="input">${inputSummary(e.input)}</td><td>${e.decided_by.join(', ')}</td></tr>`
    : html`<tr><td>${e.time}</td><td>${e.type}</td><td>${eventDecisionLink('data' in e ? e.data : {})}</td><td></td><td class="input">${JSON.stringify('data' in e ? e.data : {}).slice(0, 300)}</td><td></td></tr>`,
)}</table>
${timeline.truncated ? html`<p>Only the first decisions are shown; use the API or the CLI for the rest.</p>` : ''}`;
  return page(c, `Session ${id}`, body);
}

export function uiRoutes(app: Hono<AppEnv>): void {
  app.get('/ui', (c) => c.redirect('/ui/decisions'));
  app.get('/ui/', (c) => c.redirect('/ui/decisions'));
  app.get('/ui/decisions', decisionsPage);
  app.get('/ui/decisions/:id', decisionPage);
  app.get('/ui/sessions/:id', sessionPage);
}

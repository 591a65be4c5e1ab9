/**
 * A session's timeline page (/ui/sessions/:id): the session's state at the top (budgets
 * used against their limits, the loop detector's findings, compaction and context), then
 * everything that happened to it in time order: decisions, reported outcomes, approvals
 * asked and answered, checkpoints, compactions, stops and ends.
 *
 * Decisions and the logged events come from the audit read model (audit/timeline.ts); the
 * state and its stops from the session read model (session/read-model.ts).
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../env.js';
import { sessionTimeline, type TimelineEntry } from '../../audit/timeline.js';
import { approvalById } from '../../session/approvals.js';
import { sessionOverview, type SessionOverview } from '../../session/read-model.js';
import { approvalLink, badge, decisionLink, duration, hrefWith, inputSummary, page, when, type Html } from './ui-kit.js';

/** What each kind of event shows in its details cell, in this order (other fields are left out). */
const EVENT_FIELDS: Record<string, string[]> = {
  outcome: ['exit_code', 'ok', 'tokens_in', 'tokens_out', 'output_tokens', 'cost_usd', 'duration_ms', 'output_sha256'],
  checkpoint: ['label', 'step'],
  compaction: ['reported_ok', 'counted_ok', 'tokens_before', 'tokens_after', 'lost'],
  'approval asked': ['tool', 'expires_at'],
  'approval answered': ['status', 'decided_by', 'note'],
  stop: ['reason', 'calls_after_stop'],
  end: ['status', 'summary'],
  'agent stop': ['agent_id', 'reason', 'stopped_by'],
};

const TIME_FIELDS = new Set(['expires_at']);

interface Row {
  at: number;
  order: number;
  type: string;
  decision?: Extract<TimelineEntry, { type: 'decision' }>;
  data: Record<string, unknown>;
}

function details(type: string, data: Record<string, unknown>): string {
  return (EVENT_FIELDS[type] ?? Object.keys(data))
    .filter((key) => data[key] !== undefined && data[key] !== null && data[key] !== '')
    .map((key) => `${key}=${TIME_FIELDS.has(key) ? when(Number(data[key])) : typeof data[key] === 'string' ? data[key] : JSON.stringify(data[key])}`)
    .join('  ')
    .slice(0, 600);
}

/** Links an event row to what it belongs to: its decision, its approval. */
function links(data: Record<string, unknown>, type: string): Html {
  const decision = typeof data.decision_id === 'string' ? html`<a href="${decisionLink(data.decision_id)}">decision</a> ` : '';
  const approval = type.startsWith('approval') && typeof data.id === 'string' ? html`<a href="${approvalLink(data.id)}">approval</a>` : '';
  return html`${decision}${approval}`;
}

/** An answered approval's status shows on its answer; one never answered (pending, expired) on its request. */
function statusOf(r: Row): Html | string {
  const status = typeof r.data.status === 'string' ? r.data.status : null;
  if (!status || (r.type === 'approval asked' && (status === 'approved' || status === 'denied'))) return '';
  return badge(status);
}

/** Categories of governance findings: the loop detector's and the budgets'. */
const GOVERNANCE_CATEGORIES = ['loop', 'budget', 'context'];
const MAX_FINDINGS_SHOWN = 10;

type DecisionEntry = Extract<TimelineEntry, { type: 'decision' }>;

function findingsList(findings: DecisionEntry[]): Html {
  if (findings.length === 0) return html`<p id="findings">no loop, budget or context finding in this session's decisions</p>`;
  const shown = findings.slice(-MAX_FINDINGS_SHOWN);
  return html`<table id="findings"><tr><th>time</th><th>decision</th><th>rule</th></tr>${shown.map(
    (f) => html`<tr><td class="time"><a href="${decisionLink(f.id)}">${f.time.slice(11, 23)}</a></td><td>${badge(f.decision)}</td><td>${f.decided_by.join(', ')}</td></tr>`,
  )}</table>${findings.length > shown.length ? html`<small>the last ${shown.length} of ${findings.length}</small>` : ''}`;
}

function overviewPanel(s: SessionOverview, findings: DecisionEntry[]): Html {
  const loop = s.loop;
  return html`<div class="panels" id="state">
<div class="panel"><b>Session</b><dl><dt>status</dt><dd id="session-status">${s.status}</dd><dt>agent</dt><dd>${s.agent_id ?? ''}</dd>
${s.parent_session_id ? html`<dt>parent</dt><dd><a href="/ui/sessions/${encodeURIComponent(s.parent_session_id)}">${s.parent_session_id}</a></dd>` : ''}
${s.resumed_from ? html`<dt>resumed from</dt><dd><a href="/ui/sessions/${encodeURIComponent(s.resumed_from)}">${s.resumed_from}</a></dd>` : ''}
${s.stop_reason ? html`<dt>stopped</dt><dd class="deny">${s.stop_reason}</dd>` : ''}</dl></div>
<div class="panel"><b>Budgets used</b><table id="budgets"><tr><th>measure</th><th>used</th><th>limit</th></tr>
${s.budgets.map(
  (b) =>
    html`<tr><td>${b.measure}</td><td class="${b.limit !== null && b.used >= b.limit ? 'over' : ''}">${b.measure === 'cost_usd' ? b.used.toFixed(4) : b.measure === 'wall_time_ms' ? duration(b.used) : b.used}</td><td>${b.limit === null ? '—' : b.measure === 'wall_time_ms' ? duration(b.limit) : b.limit}</td></tr>`,
)}</table>
<small>tree from ${s.tree.root_id}: ${s.tree.calls} calls, ${s.tree.tokens} tokens, $${s.tree.cost_usd.toFixed(4)}</small></div>
<div class="panel" id="loop"><b>Loop findings</b><dl><dt>fired</dt><dd>${loop.fired}</dd><dt>last level</dt><dd>${loop.last_level ?? '—'}</dd><dt>last rule</dt><dd>${loop.last_rule ?? '—'}</dd><dt>last at</dt><dd>${when(loop.last_at)}</dd></dl>${findingsList(findings)}</div>
<div class="panel"><b>Context and compaction</b><dl><dt>context</dt><dd>${s.context.tokens ?? '—'} / ${s.context.window ?? '—'} tokens</dd>
<dt>compaction required</dt><dd>${s.compaction.required ? 'yes' : 'no'}</dd><dt>compactions</dt><dd>${s.compaction.total} (${s.compaction.failed_total} failed, ${s.compaction.consecutive_failures} in a row)</dd></dl></div>
</div>`;
}

export async function sessionPage(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  if (id.length === 0 || id.length > 200) return page(c, 'Not found', html`<div class="error">No such session.</div>`, 404);
  const store = c.var.gateway.store;
  const [timeline, overview] = await Promise.all([sessionTimeline(store, id), sessionOverview(store, id, c.var.gateway.engine.current.policy.data)]);
  if (!overview && timeline.entries.length === 0) {
    return page(c, 'Not found', html`<div class="error">No session with id ${id}.</div>`, 404);
  }

  const rows: Row[] = [];
  for (const [order, e] of timeline.entries.entries()) {
    if (e.type === 'decision' && 'decision' in e) {
      rows.push({ at: Date.parse(e.time), order, type: 'decision', decision: e, data: {} });
    } else if ('data' in e && e.type === 'approval') {
      // The approval as a person reads it (an unanswered one past its time is expired).
      const approval = typeof e.data.id === 'string' ? await approvalById(store, e.data.id) : null;
      const data = { ...e.data, ...(approval ? { status: approval.status } : {}) };
      rows.push({ at: Number(e.data.created_at), order, type: 'approval asked', data });
      if (approval?.decided_at) rows.push({ at: approval.decided_at, order, type: 'approval answered', data });
    } else if ('data' in e) {
      rows.push({ at: Date.parse(e.time), order, type: e.type, data: e.data });
    }
  }
  for (const mark of overview?.marks ?? []) rows.push({ at: mark.at, order: Number.MAX_SAFE_INTEGER, type: mark.type, data: mark.data });
  // Stable: equal times keep the read model's order (a decision before what it led to).
  rows.sort((a, b) => a.at - b.at || a.order - b.order);

  const findings = rows.flatMap((r) => (r.decision && r.decision.categories.some((c) => GOVERNANCE_CATEGORIES.includes(c)) ? [r.decision] : []));
  const body = html`<h1>Session ${id}</h1>
${overview ? overviewPanel(overview, findings) : ''}
<p><a href="${hrefWith('/ui/decisions', { session: id })}">filter the decision list by this session</a></p>
<table id="timeline"><thead><tr><th>time (UTC)</th><th>event</th><th>decision</th><th>tool</th><th>input / details</th><th>decided by · links</th></tr></thead>
<tbody>${rows.map((r) =>
  r.decision
    ? html`<tr data-type="decision"><td class="time"><a href="${decisionLink(r.decision.id)}">${when(r.at)}</a></td><td>decision</td><td>${badge(r.decision.decision)}</td><td>${r.decision.tool}</td><td class="input">${inputSummary(r.decision.input, 200)}</td><td>${r.decision.decided_by.join(', ')}</td></tr>`
    : html`<tr data-type="${r.type}"><td class="time">${when(r.at)}</td><td>${r.type}</td><td>${statusOf(r)}</td><td></td><td class="input">${details(r.type, r.data)}</td><td>${links(r.data, r.type)}</td></tr>`,
)}</tbody></table>
${timeline.truncated ? html`<p>Only the first decisions are shown; use the API or the CLI for the rest.</p>` : ''}`;
  return page(c, `Session ${id}`, body);
}

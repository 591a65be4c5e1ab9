/**
 * The viewer's approvals: what waits for a person (the call, masked as logged; why; for
 * whom; how old and how long it has left), and Approve / Deny buttons.
 *   GET  /ui/approvals?status=pending|all|approved|denied|expired   the queue (pending by default)
 *   GET  /ui/approvals/:id                                           one approval, linked to its decision
 *   POST /ui/approvals/:id  (form: _csrf, decision=approve|deny, note?)   answer it, then 303 to it
 * The posts pass middleware/ui-csrf first; the approver recorded is the authenticated
 * principal, as on POST /v1/approvals/:id. An adapter waiting on the approval sees the
 * answer on its next poll of the database.
 */
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { describeZodError, ToolgateError } from '../errors.js';
import { principalOf } from '../middleware/authorize.js';
import { describePrincipal } from '../middleware/principal.js';
import { CSRF_FIELD, csrfToken } from '../middleware/ui-csrf/index.js';
import { answerApproval, approvalById, approvalsOf, withCalls, type ApprovalView } from '../../session/approvals.js';
import { approvalLink, badge, decisionLink, duration, hrefWith, page, sessionLink, when, type Html, type PageStatus } from './ui-kit.js';

const STATUSES = ['pending', 'all', 'approved', 'denied', 'expired'] as const;

const ListQuery = z.strictObject({
  status: z.enum(STATUSES).default('pending'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const AnswerForm = z.object({
  [CSRF_FIELD]: z.string(),
  decision: z.enum(['approve', 'deny']),
  note: z.string().max(2000).optional(),
});

const UUID = /^[0-9a-f-]{36}$/;

interface Reason {
  rule?: string;
  message?: string;
}

function reasonsOf(call: NonNullable<ApprovalView['call']>): Html {
  const reasons = (call.reasons as Reason[]).filter((r) => r && typeof r === 'object');
  return html`${reasons.map((r) => html`<div>${r.message ?? ''} <small>(${r.rule ?? ''})</small></div>`)}`;
}

/** The Approve / Deny form: one form, the clicked button names the answer. */
function answerForm(a: ApprovalView, token: string): Html {
  if (a.status !== 'pending') return html`${a.decided_by ? html`by ${a.decided_by}` : ''}`;
  return html`<form class="answer" method="post" action="${approvalLink(a.id)}">
<input type="hidden" name="${CSRF_FIELD}" value="${token}">
<input name="note" placeholder="note (optional)" maxlength="2000" aria-label="note">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button></form>`;
}

function approvalRow(a: ApprovalView, token: string): Html {
  const call = a.call;
  return html`<tr data-approval="${a.id}">
<td class="time"><a href="${approvalLink(a.id)}">${when(a.created_at)}</a><br><small>${duration(a.age_ms)} ago</small></td>
<td class="nowrap">${badge(a.status)}${a.status === 'pending' ? html`<br><small class="left">${duration(a.time_left_ms)} left</small>` : ''}</td>
<td class="word">${call?.tool ?? a.tool}</td>
<td class="input">${call?.summary ?? ''}</td>
<td class="text">${call ? reasonsOf(call) : ''}</td>
<td class="cats">${call ? call.categories.join(', ') : ''}</td>
<td class="nowrap">${call?.risk ?? ''}</td>
<td class="word">${a.agent_id ?? ''}</td>
<td class="word"><a href="${sessionLink(a.session_id)}">${a.session_id}</a></td>
<td><a class="decision-link" href="${decisionLink(a.decision_id)}">decision</a></td>
<td>${answerForm(a, token)}</td>
</tr>`;
}

function approvalsTable(approvals: ApprovalView[], token: string): Html {
  return html`<table id="approvals"><thead><tr><th>asked (UTC)</th><th>status</th><th>tool</th><th>call (masked)</th><th>reasons</th><th>categories</th><th>risk</th><th>agent</th><th>session</th><th>decision</th><th>answer</th></tr></thead>
<tbody>${approvals.map((a) => approvalRow(a, token))}</tbody></table>`;
}

function statusForm(current: string): Html {
  return html`<form class="filters" method="get" action="/ui/approvals"><label>status <select name="status">${STATUSES.map(
    (s) => html`<option value="${s}" ${s === current ? 'selected' : ''}>${s}</option>`,
  )}</select></label><button type="submit">Show</button></form>`;
}

async function listPage(c: Context<AppEnv>): Promise<Response> {
  const parsed = ListQuery.safeParse(c.req.query());
  if (!parsed.success) return page(c, 'Approvals', html`${statusForm('pending')}<div class="error">${describeZodError(parsed.error)}</div>`, 400);
  const { status, limit } = parsed.data;
  const store = c.var.gateway.store;
  const rows = await approvalsOf(store, { limit, agent: null, ...(status === 'all' ? {} : { status }) });
  const approvals = await withCalls(store, rows);
  const token = csrfToken(c);
  const body = html`<h1>Approvals (${status})</h1>${statusForm(status)}
${approvalsTable(approvals, token)}
${approvals.length === 0 ? html`<p id="none">No ${status === 'all' ? '' : `${status} `}approvals.</p>` : ''}
<p><a href="${hrefWith('/ui/approvals', { status: 'all' })}">all approvals</a></p>`;
  return page(c, 'Approvals', body);
}

async function detailPage(c: Context<AppEnv>, problem?: ToolgateError): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const approval = UUID.test(id) ? await approvalById(c.var.gateway.store, id) : null;
  if (!approval) return page(c, 'Not found', html`<div class="error">No approval with id ${id}.</div>`, 404);
  const token = csrfToken(c);
  const body = html`<h1>Approval ${badge(approval.status)}</h1>
${problem ? html`<div class="error" id="problem">${problem.message}</div>` : ''}
<dl><dt>id</dt><dd id="approval-id">${approval.id}</dd>
<dt>decision</dt><dd><a id="decision-link" href="${decisionLink(approval.decision_id)}">${approval.decision_id}</a></dd>
<dt>status</dt><dd id="status">${approval.status}</dd>
<dt>answered by</dt><dd id="decided-by">${approval.decided_by ?? ''}</dd>
<dt>answered at</dt><dd>${when(approval.decided_at)}</dd>
<dt>note</dt><dd>${approval.note ?? ''}</dd>
<dt>expires</dt><dd>${when(approval.expires_at)}</dd></dl>
${approvalsTable([approval], token)}`;
  return page(c, `Approval ${approval.id}`, body, problem ? (problem.status as PageStatus) : 200);
}

async function answer(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  if (!UUID.test(id)) return page(c, 'Not found', html`<div class="error">No approval with id ${id}.</div>`, 404);
  const form = AnswerForm.safeParse(await c.req.parseBody());
  if (!form.success) return detailPage(c, new ToolgateError('invalid_request', describeZodError(form.error)));
  const by = describePrincipal(principalOf(c));
  const note = form.data.note?.trim() || null;
  try {
    const approval = await answerApproval(c.var.gateway.store, id, { approve: form.data.decision === 'approve', by, note });
    c.var.log.info({ approval: id, decision: approval.decision_id, status: approval.status, by, note, via: 'ui' }, 'approval answered');
  } catch (error) {
    if (error instanceof ToolgateError && (error.code === 'approval_closed' || error.code === 'unknown_approval')) return detailPage(c, error);
    throw error;
  }
  // Post/redirect/get: a reload does not post again.
  return c.redirect(approvalLink(id), 303);
}

export function approvalPages(app: Hono<AppEnv>): void {
  app.get('/ui/approvals', listPage);
  app.get('/ui/approvals/:id', (c) => detailPage(c));
  app.post('/ui/approvals/:id', answer);
}

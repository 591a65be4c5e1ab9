/**
 * Approvals for `ask` decisions on clients without a prompt of their own:
 *   POST /v1/approvals {decision_id, timeout_ms?}      agent: ask a person, returns the approval
 *   GET  /v1/approvals/:id?wait_ms=N                  agent: read it, waiting up to N ms for an answer
 *   GET  /v1/approvals?status=pending|…&limit=N        admin: the queue
 *   POST /v1/approvals/:id {decision: approve|deny, note?}   admin: answer it
 * Only an `ask` decision can be approved: a deny stays a deny whoever is asked. The approver
 * recorded is the authenticated principal (local-admin, or the admin token), never a name
 * the request states.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env.js';
import { ApiProblem } from '../errors.js';
import { readJson } from '../validate.js';
import { approvalView } from './approval-view.js';
import { agentScope, principalOf } from '../middleware/authorize.js';
import { describePrincipal } from '../middleware/principal.js';
import { getApproval, listApprovals, requestApproval, resolveApproval, type Approval } from '../../store/approvals.js';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 60_000;
export const MAX_APPROVAL_TIMEOUT_MS = 24 * 3600_000;
/** One long poll holds a request at most this long; clients poll again. */
export const MAX_WAIT_MS = 30_000;
const POLL_EVERY_MS = 200;

const RequestBody = z
  .object({
    decision_id: z.string().min(1).max(64),
    timeout_ms: z.number().int().positive().max(MAX_APPROVAL_TIMEOUT_MS).optional(),
    // Adapters send these for convenience; the decision row is what counts.
    session_id: z.string().optional(),
    tool: z.string().optional(),
  })
  .strict();

const ResolveBody = z
  .object({
    decision: z.enum(['approve', 'deny']),
    note: z.string().max(2000).optional(),
    // Refused when present (see the route): who approves is who authenticated.
    by: z.unknown().optional(),
  })
  .strict();

const ListQuery = z.strictObject({
  // `all`, like the CLI's --status all; absent means all too.
  status: z.enum(['pending', 'approved', 'denied', 'expired', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function approvalId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new ApiProblem(400, 'invalid_id', 'an approval id is a UUID, as returned by POST /v1/approvals');
  return id;
}

/** Agents see only their own agent's approvals; a miss looks like a missing approval. */
function visible(c: Context, approval: Approval | undefined): Approval {
  const agent = agentScope(principalOf(c));
  if (!approval || (agent !== null && approval.agent_id !== agent)) {
    throw new ApiProblem(404, 'approval_not_found', 'no such approval');
  }
  return approval;
}

export function approvalRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/approvals', async (c) => {
    const body = await readJson(c, RequestBody);
    const { store, logger } = c.var.gateway;
    const decision = await store.getDecision(body.decision_id);
    const agent = agentScope(principalOf(c));
    if (!decision || (agent !== null && decision.agent_id !== agent)) {
      throw new ApiProblem(404, 'decision_not_found', `no decision ${JSON.stringify(body.decision_id)}`);
    }
    if (decision.decision !== 'ask') {
      throw new ApiProblem(409, 'not_askable', `decision ${decision.id} is "${decision.decision}", not "ask": only an ask can be approved`);
    }
    const { approval, created } = await requestApproval(store.db, {
      decision_id: decision.id,
      session_id: decision.session_id,
      agent_id: decision.agent_id,
      tool: decision.tool,
      timeout_ms: body.timeout_ms ?? DEFAULT_APPROVAL_TIMEOUT_MS,
    });
    if (created) logger.info({ approval: approval.id, decision: decision.id, tool: decision.tool, session: decision.session_id }, 'approval requested');
    return c.json(approval, created ? 201 : 200);
  });

  app.get('/v1/approvals', async (c) => {
    const parsed = ListQuery.safeParse(c.req.query());
    if (!parsed.success) throw new ApiProblem(400, 'invalid_query', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { status, limit } = parsed.data;
    const rows = await listApprovals(c.var.gateway.store.db, { limit, ...(status && status !== 'all' ? { status } : {}), agentId: agentScope(principalOf(c)) });
    const now = Date.now();
    const approvals = await Promise.all(rows.map(async (a) => approvalView(a, await c.var.gateway.store.getDecision(a.decision_id), now)));
    return c.json({ approvals });
  });

  app.get('/v1/approvals/:id', async (c) => {
    const id = approvalId(c);
    const db = c.var.gateway.store.db;
    const raw = c.req.query('wait_ms');
    const waitMs = raw === undefined ? 0 : Number(raw);
    if (!Number.isInteger(waitMs) || waitMs < 0) throw new ApiProblem(400, 'invalid_query', 'wait_ms must be a whole number of milliseconds');
    // Polling the database (not an in-memory event) so an answer given on any instance is seen.
    const deadline = Date.now() + Math.min(waitMs, MAX_WAIT_MS);
    let approval = visible(c, await getApproval(db, id));
    while (approval.status === 'pending' && Date.now() < Math.min(deadline, approval.expires_at)) {
      await new Promise((r) => setTimeout(r, Math.min(POLL_EVERY_MS, Math.max(1, deadline - Date.now()))));
      approval = visible(c, await getApproval(db, id));
    }
    return c.json(approvalView(approval, await c.var.gateway.store.getDecision(approval.decision_id)));
  });

  app.post('/v1/approvals/:id', async (c) => {
    const id = approvalId(c);
    const body = await readJson(c, ResolveBody);
    const { store, logger } = c.var.gateway;
    if (body.by !== undefined) {
      throw new ApiProblem(400, 'approver_from_credentials', 'drop "by": the approver recorded is whoever the credentials say (the local admin secret, or an admin token)');
    }
    const by = describePrincipal(principalOf(c));
    const outcome = await resolveApproval(store.db, id, { status: body.decision === 'approve' ? 'approved' : 'denied', by, note: body.note ?? null });
    if (outcome.kind === 'not_found') throw new ApiProblem(404, 'approval_not_found', 'no such approval');
    if (outcome.kind === 'already') {
      throw new ApiProblem(409, 'approval_closed', `approval ${id} is already ${outcome.approval.status}; it cannot be answered again`);
    }
    logger.info({ approval: id, decision: outcome.approval.decision_id, status: outcome.approval.status, by, note: body.note }, 'approval answered');
    return c.json(outcome.approval);
  });
}

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
import { describeZodError, ToolgateError } from '../errors.js';
import { readJson } from '../validate.js';
import { agentScope, principalOf } from '../middleware/authorize.js';
import { describePrincipal } from '../middleware/principal.js';
import { answerApproval, approvalsOf, askForApproval, awaitApproval, withCalls } from '../../session/approvals.js';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 60_000;
export const MAX_APPROVAL_TIMEOUT_MS = 24 * 3600_000;

export const ApprovalRequestBody = z
  .object({
    decision_id: z.string().min(1).max(64),
    timeout_ms: z.number().int().positive().max(MAX_APPROVAL_TIMEOUT_MS).optional(),
    // Adapters send these for convenience; the decision row is what counts.
    session_id: z.string().optional(),
    tool: z.string().optional(),
  })
  .strict();

export const ApprovalAnswerBody = z
  .object({
    decision: z.enum(['approve', 'deny']),
    note: z.string().max(2000).optional(),
    // Refused when present (see the route): who approves is who authenticated.
    by: z.unknown().optional(),
  })
  .strict();

export const ApprovalListQuery = z.strictObject({
  // `all`, like the CLI's --status all; absent means all too.
  status: z.enum(['pending', 'approved', 'denied', 'expired', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function approvalId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new ToolgateError('invalid_id', 'an approval id is a UUID, as returned by POST /v1/approvals');
  return id;
}

const scope = (c: Context) => agentScope(principalOf(c));

export function approvalRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/approvals', async (c) => {
    const body = await readJson(c, ApprovalRequestBody);
    const { approval, created, decision } = await askForApproval(c.var.gateway.store, body.decision_id, scope(c), body.timeout_ms ?? DEFAULT_APPROVAL_TIMEOUT_MS);
    if (created) c.var.log.info({ approval: approval.id, decision: decision.id, tool: decision.tool, session: decision.session_id }, 'approval requested');
    return c.json(approval, created ? 201 : 200);
  });

  app.get('/v1/approvals', async (c) => {
    const parsed = ApprovalListQuery.safeParse(c.req.query());
    if (!parsed.success) throw new ToolgateError('invalid_query', describeZodError(parsed.error));
    const { status, limit } = parsed.data;
    const rows = await approvalsOf(c.var.gateway.store, { limit, ...(status && status !== 'all' ? { status } : {}), agent: scope(c) });
    return c.json({ approvals: await withCalls(c.var.gateway.store, rows) });
  });

  app.get('/v1/approvals/:id', async (c) => {
    const id = approvalId(c);
    const raw = c.req.query('wait_ms');
    const waitMs = raw === undefined ? 0 : Number(raw);
    if (!Number.isInteger(waitMs) || waitMs < 0) throw new ToolgateError('invalid_query', 'wait_ms must be a whole number of milliseconds');
    const [approval] = await withCalls(c.var.gateway.store, [await awaitApproval(c.var.gateway.store, id, scope(c), waitMs)]);
    return c.json(approval);
  });

  app.post('/v1/approvals/:id', async (c) => {
    const id = approvalId(c);
    const body = await readJson(c, ApprovalAnswerBody);
    if (body.by !== undefined) {
      throw new ToolgateError('approver_from_credentials', 'drop "by": the approver recorded is whoever the credentials say (the local admin secret, or an admin token)');
    }
    const by = describePrincipal(principalOf(c));
    const approval = await answerApproval(c.var.gateway.store, id, { approve: body.decision === 'approve', by, note: body.note ?? null });
    c.var.log.info({ approval: id, decision: approval.decision_id, status: approval.status, by, note: body.note }, 'approval answered');
    return c.json(approval);
  });
}

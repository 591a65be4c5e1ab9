/**
 * The audit API: the decision log, filtered and paged by seq (newest first), one
 * decision in full, a session's timeline, the chain head and its verification.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ToolgateError, describeZodError } from '../errors.js';
import { DecisionQuery, DEFAULT_PAGE_SIZE, toFilter, withoutBlanks } from '../../audit/filter.js';
import { presentDetail, presentSummary } from '../../audit/present.js';
import { sessionTimeline } from '../../audit/timeline.js';
import { formatAnchor, parseAnchor, verifyChain } from '../../audit/verify.js';
import { agentScope, principalOf } from '../middleware/authorize.js';

const ID_LIMIT = 200;

export function readDecisionQuery(raw: Record<string, string>): DecisionQuery {
  const parsed = DecisionQuery.safeParse(withoutBlanks(raw));
  if (!parsed.success) throw new ToolgateError('invalid_query', describeZodError(parsed.error));
  return parsed.data;
}

function pathId(value: string, what: string): string {
  if (value.length === 0 || value.length > ID_LIMIT || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ToolgateError('invalid_id', `${what} must be 1-${ID_LIMIT} printable characters`);
  }
  return value;
}

export function decisionRoutes(app: Hono<AppEnv>): void {
  app.get('/v1/decisions', async (c) => {
    const query = readDecisionQuery(c.req.query());
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const filter = toFilter(query);
    // An agent token lists only its own agent's decisions.
    const agent = agentScope(principalOf(c));
    if (agent !== null) filter.agent = agent;
    const rows = await c.var.gateway.store.audit.list(filter, { order: 'desc', after: query.cursor, limit });
    const decisions = rows.map(presentSummary);
    const next = rows.length === limit ? String(rows.at(-1)!.seq) : null;
    return c.json({ decisions, next_cursor: next });
  });

  app.get('/v1/decisions/:id', async (c) => {
    const id = pathId(c.req.param('id'), 'the decision id');
    const audit = c.var.gateway.store.audit;
    const row = await audit.get(id);
    if (!row) throw new ToolgateError('unknown_decision', `no decision with id ${JSON.stringify(id)}`);
    const [revision, events] = await Promise.all([audit.policyRevision(row.policy_revision), audit.decisionEvents(row.id)]);
    return c.json({ ...presentDetail(row, revision), ...events });
  });

  app.get('/v1/sessions/:id/timeline', async (c) => {
    const id = pathId(c.req.param('id'), 'the session id');
    const timeline = await sessionTimeline(c.var.gateway.store, id);
    if (!timeline.session && timeline.entries.length === 0) {
      throw new ToolgateError('unknown_session', `no session with id ${JSON.stringify(id)}`);
    }
    return c.json(timeline);
  });

  app.get('/v1/audit/head', async (c) => {
    const head = await c.var.gateway.store.audit.chainHead();
    return c.json({ ...head, anchor: formatAnchor(head) });
  });

  // The operator's (admin by default in auth.ts): the whole chain, then approvals and outcomes,
  // with the gateway's own chain key. 200 either way: the report's ok says whether it verified.
  app.get('/v1/audit/verify', async (c) => {
    const store = c.var.gateway.store;
    const anchorText = c.req.query('anchor');
    let anchor;
    try {
      anchor = anchorText ? parseAnchor(anchorText) : undefined;
    } catch (error) {
      throw new ToolgateError('invalid_query', `anchor: ${(error as Error).message}`);
    }
    return c.json(await verifyChain(store.audit, { key: store.chainKey, anchor }));
  });
}

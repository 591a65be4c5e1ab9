/**
 * Agent scoping: an agent token reaches only its own agent's sessions, memory,
 * checkpoints and decisions. The middleware checks every identifier a request names —
 * in the path (/v1/sessions/:id, /v1/decisions/:id), the query (session_id, session,
 * parent_session_id, agent_id, agent) and a JSON body (session_id, parent_session_id,
 * resume_from, agent_id, decision_id) — so that route files do not
 * each have to remember; routes that list things use agentScope(c) to filter.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Store } from '../../store/index.js';
import { ToolgateError, problemResponse } from '../errors.js';
import { agentScope, type Principal } from './principal.js';
import type { AppEnv } from '../env.js';

export { agentScope, isAdmin, type Principal } from './principal.js';

/** Throws 403 unless the caller may act on this session (absent sessions are free to create). */
export async function assertSessionAccess(store: Store, principal: Principal, sessionId: string): Promise<void> {
  const agent = agentScope(principal);
  if (agent === null) return;
  const row = await store.getSession(sessionId);
  if (row && row.agent_id !== agent) {
    throw new ToolgateError('session_of_another_agent', `session ${JSON.stringify(sessionId)} belongs to another agent; this token acts only in its own agent's sessions`);
  }
}

/** Throws 403 unless the decision (if it exists) was made for the caller's agent. */
export async function assertDecisionAccess(store: Store, principal: Principal, decisionId: string): Promise<void> {
  const agent = agentScope(principal);
  if (agent === null) return;
  const decision = await store.getDecision(decisionId);
  if (decision && decision.agent_id !== agent) throw new ToolgateError('decision_of_another_agent', 'this decision belongs to another agent');
}

export function assertAgent(principal: Principal, agentId: unknown): void {
  const agent = agentScope(principal);
  if (agent === null || agentId === undefined || agentId === null) return;
  if (agentId !== agent) {
    throw new ToolgateError('agent_mismatch', `this token is bound to agent ${JSON.stringify(agent)}; it cannot act as ${JSON.stringify(agentId)}`);
  }
}

/** The request's principal; routes call this (set by the authenticate middleware). */
export function principalOf(c: Context): Principal {
  return (c.get('principal') as Principal | undefined) ?? { kind: 'local' };
}

async function jsonBody(c: Context): Promise<Record<string, unknown> | null> {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method)) return null;
  let text: string;
  try {
    text = await c.req.text(); // cached by Hono: the route reads the same text again
  } catch {
    return null; // the route reports unreadable bodies
  }
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Registers agent scoping: on every path (query and body), and on the path patterns whose
 * parameters are session or decision ids, so that ids are decoded exactly as routes do.
 */
export function registerAgentScope(app: Hono<AppEnv>, store: () => Store): void {
  for (const pattern of [
    '/v1/sessions/:session_scope_id',
    '/v1/sessions/:session_scope_id/*',
    '/v1/decisions/:decision_scope_id',
    '/v1/decisions/:decision_scope_id/*',
  ]) {
    app.use(pattern, scopeToAgent(store));
  }
  app.use('*', async (c, next) => {
    // The patterns above already checked these paths (with their query and body).
    if (/^\/v1\/(sessions|decisions)\/[^/]/.test(c.req.path)) return next();
    return scopeToAgent(store)(c, next);
  });
}

export function scopeToAgent(store: () => Store): MiddlewareHandler {
  return async (c, next) => {
    const principal = principalOf(c);
    if (agentScope(principal) === null) return next();
    try {
      // Path ids as the routes will see them: Hono's own parameter decoding, not ours.
      const sessionId = c.req.param('session_scope_id');
      if (sessionId !== undefined) await assertSessionAccess(store(), principal, sessionId);
      const decisionId = c.req.param('decision_scope_id');
      if (decisionId !== undefined) await assertDecisionAccess(store(), principal, decisionId);

      for (const name of ['session_id', 'session', 'parent_session_id']) {
        for (const value of c.req.queries(name) ?? []) await assertSessionAccess(store(), principal, value);
      }
      for (const name of ['agent_id', 'agent']) {
        for (const value of c.req.queries(name) ?? []) assertAgent(principal, value);
      }

      // A hook body is the client's own event, not toolgate's wire shape: its agent_id is a
      // Claude Code subagent's id (data, not a principal). The hook route checks through
      // /v1/check with the caller's credentials, which scopes the call it makes.
      const body = c.req.path.startsWith('/v1/hooks/') ? null : await jsonBody(c);
      if (body) {
        // /v1/check takes the token's agent whatever the body says (adapters fill in their
        // own name); anywhere else a body that names another agent is refused.
        if (c.req.path !== '/v1/check') assertAgent(principal, body.agent_id);
        if (typeof body.decision_id === 'string') await assertDecisionAccess(store(), principal, body.decision_id);
        for (const name of ['session_id', 'parent_session_id', 'resume_from']) {
          if (typeof body[name] === 'string') await assertSessionAccess(store(), principal, body[name] as string);
        }
      }
    } catch (error) {
      if (error instanceof ToolgateError) return problemResponse(c, error);
      return problemResponse(
        c,
        new ToolgateError('store_unavailable', `cannot check access: the database is unavailable (${(error as Error).message}); retry later`),
      );
    }
    return next();
  };
}

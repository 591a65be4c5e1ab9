/**
 * Session governance over HTTP: start (optionally resuming an old session), inspect,
 * continue?, end, stop and reset (the operator's), pinned goal, compactions, checkpoints,
 * resume. Each route validates, calls the pipeline's session events or the session read
 * model, and answers; errors are answered by the app's error handler.
 */
import type { Hono, Context } from 'hono';
import { Identifier } from '../../api/check.js';
import { CheckpointRequest, CompactionRequest, ContinueRequest, EndRequest, PinsRequest, ResetRequest, StartRequest, StopRequest } from '../../api/sessions.js';
import { checkpointsOf, compactionsOf, resumeOf, sessionDetails } from '../../session/read-model.js';
import { ToolgateError } from '../errors.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../env.js';
import { agentScope, principalOf } from '../middleware/authorize.js';

function sessionId(c: Context): string {
  const id = c.req.param('id') ?? '';
  const parsed = Identifier.safeParse(id);
  if (!parsed.success) throw new ToolgateError('invalid_session_id', `session id: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return id;
}

export function sessionRoutes(app: Hono<AppEnv>): void {
  const events = (c: Context<AppEnv>) => c.var.gateway.pipeline.events;

  app.post('/v1/sessions/:id/start', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, StartRequest);
    // An agent token's sessions are its agent's (a differing body agent_id was refused already).
    const agent = body.agent_id ?? agentScope(principalOf(c)) ?? null;
    return c.json(await events(c).start(id, body, agent), 201);
  });

  app.get('/v1/sessions/:id', async (c) => c.json(await sessionDetails(c.var.gateway.store, sessionId(c))));

  app.post('/v1/sessions/:id/continue', async (c) => {
    const id = sessionId(c);
    return c.json(await events(c).continue(id, await readJson(c, ContinueRequest)));
  });

  app.post('/v1/sessions/:id/end', async (c) => {
    const id = sessionId(c);
    return c.json(await events(c).end(id, await readJson(c, EndRequest)));
  });

  app.post('/v1/sessions/:id/stop', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, StopRequest);
    return c.json(await events(c).stop(id, body.reason ?? 'stopped by an operator'));
  });

  app.post('/v1/sessions/:id/reset', async (c) => {
    const id = sessionId(c);
    return c.json(await events(c).reset(id, await readJson(c, ResetRequest)));
  });

  app.put('/v1/sessions/:id/pins', async (c) => {
    const id = sessionId(c);
    return c.json(await events(c).pins(id, await readJson(c, PinsRequest)));
  });

  app.post('/v1/sessions/:id/compactions', async (c) => {
    const id = sessionId(c);
    return c.json(await events(c).compaction(id, await readJson(c, CompactionRequest)));
  });

  app.get('/v1/sessions/:id/compactions', async (c) => c.json(await compactionsOf(c.var.gateway.store, sessionId(c))));

  app.post('/v1/sessions/:id/checkpoints', async (c) => {
    const id = sessionId(c);
    return c.json(await events(c).checkpoint(id, await readJson(c, CheckpointRequest)), 201);
  });

  app.get('/v1/sessions/:id/checkpoints', async (c) => c.json(await checkpointsOf(c.var.gateway.store, sessionId(c))));

  // What an agent needs after a crash or a restart.
  app.get('/v1/sessions/:id/resume', async (c) => c.json(await resumeOf(c.var.gateway.store, sessionId(c), c.var.gateway.engine.current.policy.data)));
}

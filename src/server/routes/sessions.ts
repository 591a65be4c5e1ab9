/**
 * Session governance over HTTP: start (optionally resuming an old session), inspect,
 * continue?, end, stop and reset (the operator's), pinned goal, compactions, checkpoints,
 * resume. Each route validates, calls the pipeline's session events or the session read
 * model, and answers; errors are answered by the app's error handler.
 */
import type { Hono, Context } from 'hono';
import type { z } from 'zod';
import type { Pipeline } from '../../pipeline/check.js';
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

type Events = Pipeline['events'];

/** One session event: validate the body, run the pipeline's event, answer. */
function eventRoute<S extends z.ZodTypeAny>(
  app: Hono<AppEnv>,
  method: 'post' | 'put',
  event: string,
  schema: S,
  run: (events: Events, id: string, body: z.infer<S>) => Promise<unknown>,
): void {
  app[method](`/v1/sessions/:id/${event}`, async (c) => {
    const id = sessionId(c);
    return c.json(await run(c.var.gateway.pipeline.events, id, await readJson(c, schema)));
  });
}

export function sessionRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/sessions/:id/start', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, StartRequest);
    // An agent token's sessions are its agent's (a differing body agent_id was refused already).
    const agent = body.agent_id ?? agentScope(principalOf(c)) ?? null;
    return c.json(await c.var.gateway.pipeline.events.start(id, body, agent), 201);
  });

  eventRoute(app, 'post', 'continue', ContinueRequest, (events, id, body) => events.continue(id, body));
  eventRoute(app, 'post', 'end', EndRequest, (events, id, body) => events.end(id, body));
  // stop and reset are the operator's (middleware/auth.ts).
  eventRoute(app, 'post', 'stop', StopRequest, (events, id, body) => events.stop(id, body.reason ?? 'stopped by an operator'));
  eventRoute(app, 'post', 'reset', ResetRequest, (events, id, body) => events.reset(id, body));
  eventRoute(app, 'put', 'pins', PinsRequest, (events, id, body) => events.pins(id, body));
  eventRoute(app, 'post', 'compactions', CompactionRequest, (events, id, body) => events.compaction(id, body));
  app.post('/v1/sessions/:id/checkpoints', async (c) => {
    const id = sessionId(c);
    return c.json(await c.var.gateway.pipeline.events.checkpoint(id, await readJson(c, CheckpointRequest)), 201);
  });

  const store = (c: Context<AppEnv>) => c.var.gateway.store;
  app.get('/v1/sessions/:id', async (c) => c.json(await sessionDetails(store(c), sessionId(c))));
  app.get('/v1/sessions/:id/compactions', async (c) => c.json(await compactionsOf(store(c), sessionId(c))));
  app.get('/v1/sessions/:id/checkpoints', async (c) => c.json(await checkpointsOf(store(c), sessionId(c))));
  // What an agent needs after a crash or a restart.
  app.get('/v1/sessions/:id/resume', async (c) => c.json(await resumeOf(store(c), sessionId(c), c.var.gateway.engine.current.policy.data)));
}

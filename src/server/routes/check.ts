import type { Hono } from 'hono';
import { CheckRequest } from '../../api/check.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../env.js';
import { agentScope, principalOf } from '../middleware/authorize.js';

export function checkRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/check', async (c) => {
    const request = await readJson(c, CheckRequest);
    // The call's agent is the token's, never the body's.
    const agent = agentScope(principalOf(c));
    if (agent !== null) request.agent_id = agent;
    const { response } = await c.var.gateway.pipeline.check(request);
    return c.json(response);
  });
}

/**
 * The operator's controls over a whole agent (admin routes: /v1/agents/* is not opened to
 * agents in middleware/auth.ts):
 *   POST   /v1/agents/:agent/stop {reason?}   every session of the agent, new ones included, is denied
 *   DELETE /v1/agents/:agent/stop             lift it: the sessions are as they were
 *   GET    /v1/agents/:agent/stop             the stop, or {stopped: false}
 *   GET    /v1/agents/:agent/usage?day=       cost attribution per agent and UTC day
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { Identifier } from '../../api/check.js';
import { agentStop, agentUsage, liftWholeAgentStop, stopWholeAgent } from '../../session/agents.js';
import type { AppEnv } from '../env.js';
import { ToolgateError } from '../errors.js';
import { readJson } from '../validate.js';
import { principalOf } from '../middleware/authorize.js';
import { describePrincipal } from '../middleware/principal.js';

export const AgentStopRequest = z.object({ reason: z.string().min(1).max(2000).optional() }).strict();

function agentId(c: Context): string {
  const agent = c.req.param('agent') ?? '';
  if (!Identifier.safeParse(agent).success) throw new ToolgateError('invalid_agent_id', 'agent id: 1–200 printable characters');
  return agent;
}

export function agentRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/agents/:agent/stop', async (c) => {
    const agent = agentId(c);
    const body = await readJson(c, AgentStopRequest);
    const stop = await stopWholeAgent(c.var.gateway.store, agent, body.reason ?? 'stopped by an operator', describePrincipal(principalOf(c)));
    c.var.log.info({ agent, by: stop.stopped_by, reason: stop.reason }, 'agent stopped');
    return c.json({ stopped: true, ...stop });
  });

  app.delete('/v1/agents/:agent/stop', async (c) => {
    const agent = agentId(c);
    const lifted = await liftWholeAgentStop(c.var.gateway.store, agent);
    if (!lifted) throw new ToolgateError('agent_not_stopped', `agent ${JSON.stringify(agent)} is not stopped`);
    c.var.log.info({ agent, by: describePrincipal(principalOf(c)) }, 'agent stop lifted');
    return c.json({ agent_id: agent, stopped: false });
  });

  app.get('/v1/agents/:agent/stop', async (c) => {
    const agent = agentId(c);
    const stop = await agentStop(c.var.gateway.store, agent);
    return c.json(stop ? { stopped: true, ...stop } : { agent_id: agent, stopped: false });
  });

  app.get('/v1/agents/:agent/usage', async (c) => {
    const agent = agentId(c);
    const day = c.req.query('day') ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ToolgateError('invalid_day', 'day must be YYYY-MM-DD (UTC)');
    return c.json({ agent_id: agent, day, usage: await agentUsage(c.var.gateway.store, agent, day) });
  });
}

/**
 * POST /v1/report: how a decided tool call went (session/transitions.ts recordReport):
 * budgets, streaks, the outcome the loop detectors compare. Reports of denied calls are refused.
 */
import type { Hono } from 'hono';
import { ReportRequest } from '../../api/report.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../env.js';

export function reportRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/report', async (c) => c.json(await c.var.gateway.pipeline.events.report(await readJson(c, ReportRequest))));
}

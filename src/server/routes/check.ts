import type { Hono } from 'hono';
import { CheckRequest } from '../../api/check.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../app.js';

export function checkRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/check', async (c) => {
    const request = await readJson(c, CheckRequest);
    const { response } = await c.var.gateway.pipeline.check(request);
    return c.json(response);
  });
}

import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';

/** GET /metrics: Prometheus text format (admin token when tokens are configured). */
export function metricsRoutes(app: Hono<AppEnv>): void {
  app.get('/metrics', async (c) => {
    const { metrics } = c.var.gateway;
    if (!metrics) return c.text('metrics are disabled\n', 404);
    return c.body(await metrics.render(), 200, { 'content-type': metrics.contentType });
  });
}

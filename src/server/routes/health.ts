import type { Hono } from 'hono';
import type { AppEnv } from '../app.js';

export function healthRoutes(app: Hono<AppEnv>): void {
  // The process is up and serving HTTP.
  app.get('/healthz', (c) => c.json({ ok: true }));

  // Ready to decide: a policy is loaded and the database answers.
  app.get('/readyz', async (c) => {
    const { engine, store } = c.var.gateway;
    let database = 'ok';
    try {
      await store.ping();
    } catch (error) {
      database = `unreachable: ${(error as Error).message}`;
    }
    const policy = engine.ready ? 'ok' : 'not loaded';
    const ready = database === 'ok' && engine.ready;
    return c.json(
      {
        ready,
        policy,
        policy_revision: engine.ready ? engine.current.revision : null,
        policy_error: engine.lastError,
        database,
      },
      ready ? 200 : 503,
    );
  });
}

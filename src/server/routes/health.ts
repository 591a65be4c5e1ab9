import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import type { ReloadStatus } from '../../policy/reload.js';

const PROBE_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function reloadSummary(status: ReloadStatus) {
  return {
    watching: status.watching,
    reloads: status.reloads,
    failures: status.failures,
    last: status.last ? { ok: status.last.ok, at: status.last.at, trigger: status.last.trigger, revision: status.last.revision, error: status.last.error } : null,
  };
}

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
    if (database === 'ok') {
      // Reads can work while writes cannot (a locked SQLite file, a read-only replica):
      // ready means a decision could be committed now.
      try {
        await withTimeout(store.probeWrite(), PROBE_TIMEOUT_MS, 'the write probe timed out');
      } catch (error) {
        database = `not writable: ${(error as Error).message}`;
      }
    }
    const policy = engine.ready ? 'ok' : 'not loaded';
    const ready = database === 'ok' && engine.ready;
    return c.json(
      {
        ready,
        policy,
        policy_revision: engine.ready ? engine.current.revision : null,
        policy_error: engine.lastError,
        // Hot reload: a failed rebuild leaves the last good policy serving (still ready), and says why here.
        ...(c.var.gateway.policy ? { policy_reload: reloadSummary(c.var.gateway.policy.reloader.status()) } : {}),
        database,
      },
      ready ? 200 : 503,
    );
  });
}

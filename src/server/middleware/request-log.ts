/**
 * Request ids and access logs. Every request gets an id (the client's X-Request-Id when it
 * is a sane one, else a fresh UUID), echoed in the response and carried by every log line
 * of that request through c.var.log. Access logs name method, route, status and duration;
 * never headers (tokens) or bodies (commands, secrets).
 */
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../../metrics/index.js';

/** Client-supplied ids are kept only when short and plain, so they cannot forge log lines. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function withRequestId(): MiddlewareHandler {
  return requestId({
    limitLength: 128,
    generator: () => crypto.randomUUID(),
  });
}

export function accessLog(logger: Logger, metrics?: GatewayMetrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const id = c.get('requestId');
    const log = logger.child({ req_id: SAFE_ID.test(id) ? id : 'invalid' });
    c.set('log', log);
    // Routes log through c.var.gateway.logger: give them this request's child logger.
    const gateway = c.get('gateway' as never) as { logger: Logger } | undefined;
    if (gateway) c.set('gateway' as never, { ...gateway, logger: log } as never);
    await next();
    // The handler's pattern (not a middleware's '*'), even when a middleware answered first.
    const handler = [...c.req.matchedRoutes].reverse().find((r) => r.method !== 'ALL');
    const route = handler?.path ?? 'unmatched';
    const status = c.res.status;
    metrics?.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    // A failing health check is the symptom, not another failed request: count only API calls.
    if (status === 503 && route !== '/readyz') metrics?.unavailable.inc();
    const line = { method: c.req.method, path: c.req.path.slice(0, 200), route, status, ms: Math.round((performance.now() - started) * 10) / 10 };
    if (status >= 500) log.warn(line, 'request failed');
    else log.debug(line, 'request');
  };
}

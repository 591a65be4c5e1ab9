/**
 * The Hono app: request limits, error mapping, and the routes. Each route group lives
 * in routes/<name>.ts and is registered here with one line.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CommitError } from '../pipeline/check.js';
import { isDatabaseError } from '../store/index.js';
import type { AppEnv, GatewayDeps } from './env.js';
import { ToolgateError, problemResponse } from './errors.js';
import { checkRoutes } from './routes/check.js';
import { openApiDocument } from './openapi.js';
import { healthRoutes } from './routes/health.js';
import { decisionRoutes } from './routes/decisions.js';
import { uiRoutes } from './routes/ui.js';
import { registerClaudeCodeHookRoutes } from './routes/hooks-claude-code.js';
import { approvalRoutes } from './routes/approvals.js';
import { reportRoutes } from './routes/report.js';
import { sessionRoutes } from './routes/sessions.js';
import { agentRoutes } from './routes/agents.js';
import { memoryRoutes } from './routes/memory.js';
import { metricsRoutes } from './routes/metrics.js';
import { policyRoutes } from './routes/policy.js';
import { authenticate } from './middleware/auth.js';
import { registerAgentScope } from './middleware/authorize.js';
import { accessLog, withRequestId } from './middleware/request-log.js';
import { localOrigin } from './middleware/local-origin/index.js';
import { requireJsonContentType } from './middleware/json-content-type/index.js';

export type { GatewayDeps, AppEnv } from './env.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function createApp(deps: GatewayDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('gateway', deps);
    await next();
  });
  app.use('*', withRequestId(), accessLog(deps.logger, deps.metrics));
  // Before anything else reads the request: DNS rebinding and cross-site posts stop here.
  app.use('*', localOrigin({ allowedHosts: deps.allowedHosts }));
  app.use('*', authenticate(deps.auth));
  // After authentication (a caller without credentials hears 401 first), before any body is read.
  app.use('/v1/*', requireJsonContentType());

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: deps.limits.maxBodyBytes,
      onError: (c) => {
        // The rest of the body is never read: close the connection so a keep-alive client
        // does not send its next request into a socket the server is about to drop.
        c.header('Connection', 'close');
        return problemResponse(
          c,
          new ToolgateError('payload_too_large', `the request body is over the limit of ${deps.limits.maxBodyBytes} bytes`),
        );
      },
    }),
  );

  // After the body limit: agent scoping may read the JSON body (Hono caches it for the route).
  registerAgentScope(app, () => deps.store);

  healthRoutes(app);
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  metricsRoutes(app);
  policyRoutes(app);
  checkRoutes(app);
  decisionRoutes(app);
  uiRoutes(app);
  registerClaudeCodeHookRoutes(app, { readTranscripts: deps.claudeCode?.readTranscripts === true });
  approvalRoutes(app);
  reportRoutes(app);
  sessionRoutes(app);
  agentRoutes(app);
  memoryRoutes(app);

  app.notFound((c) => problemResponse(c, new ToolgateError('not_found', `no route for ${c.req.method} ${c.req.path}`)));

  app.onError((error, c) => {
    if (error instanceof ToolgateError) return problemResponse(c, error);
    if (error instanceof CommitError) {
      deps.logger.error({ err: error.message }, 'decision not recorded; answering 503');
      return problemResponse(c, new ToolgateError('store_unavailable', `${error.message}. No decision was given; retry later.`));
    }
    if (error instanceof HTTPException) {
      // Hono's own refusals keep their status; the code says they came from HTTP itself.
      return c.json({ error: { code: 'http_error', message: error.message || 'bad request' } }, error.status as ContentfulStatusCode);
    }
    if (isDatabaseError(error)) {
      // Reading the session (or anything else) failed: same answer as a failed commit.
      deps.logger.error({ err: error.message }, 'database unavailable; answering 503');
      return problemResponse(
        c,
        new ToolgateError('store_unavailable', `the database is unavailable (${error.message}). No decision was given; retry later.`),
      );
    }
    deps.logger.error({ err: error }, 'unhandled error');
    return problemResponse(c, new ToolgateError('internal_error', 'internal error; the gateway logged the details'));
  });

  return app;
}

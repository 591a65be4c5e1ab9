/**
 * What every route sees: the gateway's dependencies and the per-request variables.
 * Its own file so that routes never import app.ts (which imports them).
 */
import type { Logger } from 'pino';
import type { Pipeline } from '../pipeline/check.js';
import type { PolicyEngine } from '../policy/index.js';
import type { PolicyControl } from '../policy/control.js';
import type { Store } from '../store/index.js';
import type { GatewayMetrics } from '../metrics/index.js';
import type { AuthOptions } from './middleware/auth.js';
import type { Principal } from './middleware/principal.js';

/** Everything a route may use; one object so that routes stay plain functions. */
export interface GatewayDeps {
  pipeline: Pipeline;
  engine: PolicyEngine;
  store: Store;
  logger: Logger;
  limits: { maxBodyBytes: number };
  /** Claude Code's http hook: read transcripts for usage and context (serve --read-transcripts). */
  claudeCode?: { readTranscripts?: boolean };
  /** Prometheus metrics served at /metrics (absent: no /metrics route). */
  metrics?: GatewayMetrics;
  /** Token and admin-secret authentication. */
  auth: AuthOptions;
  /** Hot reload and shadow policy (absent: the policy is fixed for the process's life). */
  policy?: PolicyControl;
  /** Host names the gateway answers for besides loopback (serve --allowed-hosts; ["*"]: any). */
  allowedHosts?: string[];
}

export type AppEnv = { Variables: { gateway: GatewayDeps; principal: Principal; log: Logger; requestId: string } };

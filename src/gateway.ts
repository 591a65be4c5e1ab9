/**
 * Assembles a gateway from its parts: store, policy engine, pipeline, HTTP app.
 * The CLI's serve and check commands and the tests all start it through here.
 */
import os from 'node:os';
import pino, { type Logger } from 'pino';
import { createApp, DEFAULT_MAX_BODY_BYTES, type GatewayDeps } from './server/app.js';
import { Pipeline } from './pipeline/check.js';
import { PolicyEngine, buildPolicy, readBundle, currentRevision, type CompiledPolicy } from './policy/index.js';
import { DEFAULT_BUNDLE_DIR, DEFAULT_POLICY_DIR } from './paths.js';
import { Store } from './store/index.js';
import { GatewayMetrics } from './metrics/index.js';
import { TokenAuthenticator } from './server/middleware/auth.js';

export interface GatewayOptions {
  /** SQLite file path or postgres:// URL. */
  db: string;
  /** Operator policy directories merged over the shipped defaults (needs the opa CLI). */
  policyDirs?: string[];
  maxBodyBytes?: number;
  chainKey?: string;
  logger?: Logger;
  defaults?: { cwd: string; home: string };
  /**
   * With no token in the database, may callers use the API without one (the local user)?
   * True only when listening on loopback; `serve` sets it. Default true (tests listen on loopback).
   */
  allowOpenWithoutTokens?: boolean;
  /** Process metrics (CPU, memory, event loop) in /metrics; serve turns them on. */
  processMetrics?: boolean;
}

export interface Gateway extends GatewayDeps {
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export function createLogger(level = process.env.TOOLGATE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'toolgate' } }, pino.destination(2));
}

/** The shipped bundle, or defaults + operator dirs compiled with opa. */
export async function loadPolicy(policyDirs: string[] = [], logger?: Logger): Promise<CompiledPolicy> {
  if (policyDirs.length > 0) return buildPolicy([DEFAULT_POLICY_DIR, ...policyDirs]);
  const bundle = readBundle(DEFAULT_BUNDLE_DIR);
  try {
    const sourceRevision = currentRevision([DEFAULT_POLICY_DIR]);
    if (sourceRevision !== bundle.revision) {
      logger?.warn(
        { bundle: bundle.revision, sources: sourceRevision },
        'the compiled bundle is older than policies/; run `npm run build:policy` to rebuild it',
      );
    }
  } catch {
    // The sources are optional at run time (e.g. a slim image); the bundle is what runs.
  }
  return bundle;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? createLogger();
  const engine = new PolicyEngine();
  const policy = await loadPolicy(options.policyDirs, logger);
  engine.activate(policy);

  const store = await Store.open(options.db, { chainKey: options.chainKey });
  try {
    await store.recordPolicyRevision(policy.revision, policy.source, policy.rules);
  } catch (error) {
    await store.close();
    throw error;
  }
  const pipeline = new Pipeline({
    engine,
    store,
    defaults: options.defaults ?? { cwd: process.cwd(), home: os.homedir() },
  });
  const metrics = new GatewayMetrics({ openSessions: () => store.countActiveSessions(), processMetrics: options.processMetrics });
  store.committer.onBatch((event) => metrics.observeBatch(event));
  observeDecisions(pipeline, metrics);
  const deps: GatewayDeps = {
    pipeline,
    engine,
    store,
    logger,
    limits: { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES },
    metrics,
    auth: { authenticator: new TokenAuthenticator(store), allowOpenWithoutTokens: options.allowOpenWithoutTokens ?? true },
  };
  const app = createApp(deps);
  return { ...deps, app, close: () => store.close() };
}

/** Every decision the pipeline answers (from any route) is counted and timed. */
function observeDecisions(pipeline: Pipeline, metrics: GatewayMetrics): void {
  const check = pipeline.check.bind(pipeline);
  pipeline.check = async (request) => {
    const result = await check(request);
    metrics.observeDecision({
      decision: result.response.decision,
      categories: result.response.categories,
      timings: { ...result.timings },
      policyError: result.response.reasons.some((reason) => reason.rule === 'toolgate.policy_error'),
    });
    return result;
  };
}

/**
 * Assembles a gateway from its parts: store, policy engine, pipeline, HTTP app.
 * The CLI's serve and check commands and the tests all start it through here.
 */
import os from 'node:os';
import pino, { type Logger } from 'pino';
import { createApp, DEFAULT_MAX_BODY_BYTES, type GatewayDeps } from './server/app.js';
import { Counter, Gauge } from 'prom-client';
import { DEFAULT_ANALYSIS_WORKERS, Pipeline } from './pipeline/check.js';
import { PolicyEngine, buildPolicy, readBundle, currentRevision, type CompiledPolicy } from './policy/index.js';
import { DEFAULT_BUNDLE_DIR, DEFAULT_POLICY_DIR } from './paths.js';
import { Store } from './store/index.js';
import { GatewayMetrics } from './metrics/index.js';
import { PolicyReloader } from './policy/reload.js';
import { ShadowEvaluator } from './policy/shadow.js';
import type { PolicyControl } from './policy/control.js';
import { insertShadowDiff } from './store/policy-records.js';
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
  /** Rebuild and swap the policy when files in policyDirs change (serve turns it on with --policy-dir). */
  watchPolicy?: boolean;
  /** A candidate policy evaluated beside the active one; differences go to shadow_diffs. */
  shadowPolicyDirs?: string[];
  /**
   * Analysis worker threads (serve --analysis-workers): large calls are parsed and decided there,
   * under a time limit (default: one worker, started on the first large call; workers: 0 decides
   * every call on the main thread; route "all" sends every call to the workers).
   */
  analysis?: { workers: number; timeoutMs?: number; route?: 'large' | 'all' };
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
  for (const warning of policy.warnings ?? []) logger.warn({ revision: policy.revision }, warning);

  const store = await Store.open(options.db, { chainKey: options.chainKey });
  try {
    await store.recordPolicyRevision(policy.revision, policy.source, policy.rules);
  } catch (error) {
    await store.close();
    throw error;
  }
  let policyControl: PolicyControl;
  try {
    policyControl = await createPolicyControl(options, engine, store, logger);
  } catch (error) {
    await store.close();
    throw error;
  }
  const pipeline = new Pipeline({
    engine,
    store,
    observer: policyControl.shadow?.evaluator,
    defaults: options.defaults ?? { cwd: process.cwd(), home: os.homedir() },
    analysis: { ...(options.analysis ?? { workers: DEFAULT_ANALYSIS_WORKERS }), onProblem: (message) => logger.warn({ stage: 'analysis' }, message) },
  });
  const metrics = new GatewayMetrics({ openSessions: () => store.countActiveSessions(), processMetrics: options.processMetrics });
  store.committer.onBatch((event) => metrics.observeBatch(event));
  observeDecisions(pipeline, metrics);
  observeCaches(pipeline, metrics);
  policyControl.reloader.onResult((result) => metrics.observeReload(result));
  const deps: GatewayDeps = {
    pipeline,
    engine,
    store,
    logger,
    limits: { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES },
    metrics,
    auth: { authenticator: new TokenAuthenticator(store), allowOpenWithoutTokens: options.allowOpenWithoutTokens ?? true },
    policy: policyControl,
  };
  const app = createApp(deps);
  const close = async () => {
    await policyControl.reloader.close();
    await policyControl.shadow?.reloader.close();
    await policyControl.shadow?.evaluator.drain();
    await pipeline.close();
    await store.close();
  };
  return { ...deps, app, close };
}

/**
 * Hot reload of the active policy (from the policy dirs, or by re-reading the shipped
 * bundle) and the shadow candidate, each with its own engine and reloader.
 */
async function createPolicyControl(options: GatewayOptions, engine: PolicyEngine, store: Store, logger: Logger): Promise<PolicyControl> {
  const custom = options.policyDirs ?? [];
  const reloader = new PolicyReloader(
    custom.length > 0
      ? { dirs: [DEFAULT_POLICY_DIR, ...custom], engine, recorder: store, logger }
      : { dirs: [DEFAULT_BUNDLE_DIR], engine, recorder: store, logger, build: async ([dir]) => readBundle(dir) },
  );
  if (options.watchPolicy && custom.length > 0) reloader.watch();
  if (!options.shadowPolicyDirs?.length) return { reloader };

  const shadowEngine = new PolicyEngine();
  const shadowDirs = [DEFAULT_POLICY_DIR, ...options.shadowPolicyDirs];
  const candidate = await buildPolicy(shadowDirs).catch((error: Error) => {
    throw new Error(`the shadow policy (--shadow-policy-dir) does not build: ${error.message}`);
  });
  shadowEngine.activate(candidate);
  const shadowReloader = new PolicyReloader({ dirs: shadowDirs, engine: shadowEngine, logger: logger.child({ policy: 'shadow' }) });
  if (options.watchPolicy) shadowReloader.watch();
  const evaluator = new ShadowEvaluator({ engine: shadowEngine, record: (diff) => insertShadowDiff(store.db, diff), logger: logger.child({ policy: 'shadow' }) });
  logger.info({ shadow_revision: candidate.revision, dirs: options.shadowPolicyDirs }, 'shadow policy loaded: differences go to shadow_diffs');
  return { reloader, shadow: { evaluator, reloader: shadowReloader } };
}

/** Hits and misses of the pipeline's caches, read when scraped (toolgate_cache_lookups_total). */
function observeCaches(pipeline: Pipeline, metrics: GatewayMetrics): void {
  new Counter({
    name: 'toolgate_cache_lookups_total',
    help: 'Lookups in the facts cache and the findings cache, by outcome (hit, miss).',
    labelNames: ['cache', 'outcome'] as const,
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (const [name, cache] of [['facts', pipeline.factsCache], ['findings', pipeline.findingsCache]] as const) {
        if (!cache) continue;
        this.labels(name, 'hit').inc(cache.hits);
        this.labels(name, 'miss').inc(cache.misses);
      }
    },
  });
  if (!pipeline.pool) return;
  const pool = pipeline.pool;
  new Counter({
    name: 'toolgate_analysis_failures_total',
    help: 'Calls whose analysis in a worker did not finish (timeout, crash): answered as indeterminate.',
    labelNames: ['reason'] as const,
    registers: [metrics.registry],
    collect() {
      this.reset();
      this.labels('timeout').inc(pool.timeouts);
      this.labels('crash').inc(pool.crashes);
    },
  });
  new Gauge({
    name: 'toolgate_analysis_queue',
    help: 'Calls waiting for an analysis worker.',
    registers: [metrics.registry],
    collect() {
      this.set(pool.queued);
    },
  });
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

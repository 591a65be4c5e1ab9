/**
 * Assembles a gateway from its parts: store, policy engine, pipeline, HTTP app.
 * The CLI's serve and check commands and the tests all start it through here.
 */
import os from 'node:os';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createApp, DEFAULT_MAX_BODY_BYTES, type GatewayDeps } from './server/app.js';
import { Counter, Gauge } from 'prom-client';
import { DEFAULT_ANALYSIS_WORKERS, Pipeline } from './pipeline/check.js';
import { PolicyEngine, buildPolicy, readBundle, currentRevision, type CompiledPolicy } from './policy/index.js';
import { policySourcesJson } from './policy/bundle.js';
import { DEFAULT_BUNDLE_DIR, DEFAULT_POLICY_DIR } from './paths.js';
import { Store } from './store/index.js';
import { GatewayMetrics } from './metrics/index.js';
import { PolicyReloader } from './policy/reload.js';
import { reloadGate, type ReloadTrial } from './pipeline/reload-gate.js';
import { ShadowEvaluator } from './policy/shadow.js';
import type { PolicyControl } from './policy/control.js';
import { insertShadowDiff } from './store/policy-records.js';
import { TokenAuthenticator } from './server/middleware/auth.js';
import { defaultAdminSecretPath, ensureAdminSecret } from './server/admin-secret.js';

export interface GatewayOptions {
  /** SQLite file path or postgres:// URL. */
  db: string;
  /** Operator policy directories merged over the shipped defaults (needs the opa CLI). */
  policyDirs?: string[];
  maxBodyBytes?: number;
  /** Claude Code's http hook reads the transcript each event names, for token usage and context (same host only). */
  readTranscripts?: boolean;
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
  /** The local admin secret's file (default: admin.secret beside the SQLite file, or ./data/admin.secret); created at first start. */
  adminSecretFile?: string;
  /**
   * Analysis worker threads (serve --analysis-workers): large calls are parsed and decided there,
   * under a time limit (default: one worker, started on the first large call; workers: 0 decides
   * every call on the main thread; route "all" sends every call to the workers).
   */
  analysis?: { workers: number; timeoutMs?: number; route?: 'large' | 'all' };
  /** Host names the HTTP API answers for besides loopback (serve --allowed-hosts; ["*"]: any). */
  allowedHosts?: string[];
  /** Where the gateway listens, when known before it starts (serve); else listening() tells it later. */
  listen?: { host: string; port: number };
  /**
   * Trials a reloaded policy must pass before it goes live, besides the latest logged inputs
   * (serve passes the case files of the policy dirs: src/testing/case-trial.ts).
   */
  reloadTrials?: ReloadTrial[];
}

export interface Gateway extends GatewayDeps {
  app: ReturnType<typeof createApp>;
  files: GatewayFiles;
  /**
   * Tells the policy where the gateway listens (its self-defence rules protect that port).
   * Call it before serving traffic: the revision id stays the same, so findings kept by the
   * caches and the analysis workers under it would not see the change.
   */
  listening(address: { host: string; port: number }): void;
  close(): Promise<void>;
}

/** Folders too widely shared to call the gateway's own (a database put straight in them). */
function sharedFolder(dir: string): boolean {
  return ['/', os.tmpdir(), '/tmp', '/var/tmp', os.homedir(), process.cwd()].some((shared) => path.resolve(shared) === dir);
}

/**
 * What the self-defence rules (policies/guard/) must protect, as only the running gateway
 * knows it: its database files, data folder, admin secret, the policy it runs from, its port,
 * host and pid. Merged into data.config.guard.gateway of every policy it loads.
 */
export function guardRuntimeData(options: GatewayOptions, listen = options.listen): Record<string, unknown> {
  const sqlite = !/^postgres(ql)?:\/\//i.test(options.db) && options.db !== ':memory:' && options.db !== '';
  const database = sqlite ? path.resolve(options.db) : null;
  const dataDir = database ? path.dirname(database) : path.resolve('data');
  const custom = [...(options.policyDirs ?? []), ...(options.shadowPolicyDirs ?? [])].map((dir) => path.resolve(dir));
  const policyPaths = custom.length > 0 ? [DEFAULT_POLICY_DIR, ...custom] : [DEFAULT_BUNDLE_DIR];
  const databaseFiles = database ? ['', '-wal', '-shm', '-journal'].map((suffix) => database + suffix) : [];
  const adminSecret = path.join(dataDir, 'admin.secret');
  const gateway: Record<string, unknown> = {
    paths: [...databaseFiles, adminSecret, ...policyPaths.map((dir) => path.resolve(dir))],
    data_dirs: sharedFolder(dataDir) ? [] : [dataDir],
    secret_paths: [adminSecret],
    // The process that started it too (npm start, a shell, a supervisor): signalling it stops the gateway.
    pids: process.ppid > 1 ? [process.pid, process.ppid] : [process.pid],
    // What `pgrep -f` / `pkill -f` patterns are matched against: a pattern that matches it stops the gateway.
    // (a password in a database URL is masked: runtime data is policy data, not a secret store).
    cmdline: process.argv.map((arg) => arg.replace(/\/\/([^:@/]+):[^@/]*@/g, '//$1:***@')).join(' '),
  };
  if (listen && listen.port > 0) {
    gateway.ports = [listen.port];
    const host = listen.host.trim().toLowerCase().replace(/^\[|\]$/g, '');
    // The machine's own names and addresses reach a gateway on a wildcard or specific address alike.
    gateway.hosts = [...new Set([...(host && host !== '0.0.0.0' && host !== '::' ? [host] : []), ...ownNames()])];
  }
  return { config: { guard: { gateway } } };
}

/** This machine's host name (short, .local, as given) and interface addresses: other spellings of "here". */
function ownNames(): string[] {
  const names: string[] = [];
  try {
    const name = os.hostname().toLowerCase();
    if (name) names.push(name, name.split('.')[0]!, `${name.split('.')[0]}.local`);
  } catch {
    // No host name: the loopback spellings still cover the gateway.
  }
  for (const list of Object.values(os.networkInterfaces())) {
    for (const address of list ?? []) names.push(address.address.toLowerCase().replace(/%.*$/, ''));
  }
  return names;
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

/**
 * The gateway's own files, as the policy sees them (input.context.gateway): what the guard
 * protects from the agent (its database, policy, the admin secret) wherever it is installed.
 */
export interface GatewayFiles {
  /** The SQLite file (absolute), or null on PostgreSQL. */
  database: string | null;
  data_dir: string;
  admin_secret: string;
  policy_dirs: string[];
  bundle_dir: string;
}

export function gatewayFiles(options: Pick<GatewayOptions, 'db' | 'policyDirs' | 'shadowPolicyDirs' | 'adminSecretFile'>): GatewayFiles {
  const adminSecret = path.resolve(options.adminSecretFile ?? defaultAdminSecretPath(options.db));
  const sqlite = !/^postgres(ql)?:\/\//i.test(options.db) && options.db !== ':memory:';
  return {
    database: sqlite ? path.resolve(options.db) : null,
    data_dir: path.dirname(adminSecret),
    admin_secret: adminSecret,
    policy_dirs: [DEFAULT_POLICY_DIR, ...(options.policyDirs ?? []), ...(options.shadowPolicyDirs ?? [])].map((dir) => path.resolve(dir)),
    bundle_dir: path.resolve(DEFAULT_BUNDLE_DIR),
  };
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? createLogger();
  const files = gatewayFiles(options);
  const { secret: adminSecret, created } = ensureAdminSecret(files.admin_secret);
  if (created) logger.info({ file: files.admin_secret }, 'created the local admin secret (mode 0600); the toolgate CLI reads it for operator commands');
  const engine = new PolicyEngine({ runtimeData: guardRuntimeData(options) });
  /** Every engine that answers for this gateway (the active one, the shadow candidate). */
  const engines = [engine];
  const policy = await loadPolicy(options.policyDirs, logger);
  engine.activate(policy);
  for (const warning of policy.warnings ?? []) logger.warn({ revision: policy.revision }, warning);

  const store = await Store.open(options.db, { chainKey: options.chainKey });
  try {
    // A database that has no trail yet (fresh, or from before migration 011) adopts its rows once.
    const adopted = await store.sealTrail();
    if (adopted) logger.info({ adopted }, 'started the audit trail: approvals, outcomes and policy history already in the database were adopted as they are');
    await store.recordPolicyRevision(policy.revision, policy.source, policy.rules, policySourcesJson(policy));
    await store.recordPolicyActivation(policy.revision, null, 'startup');
  } catch (error) {
    await store.close();
    throw error;
  }
  let policyControl: PolicyControl;
  try {
    policyControl = await createPolicyControl(options, engine, store, logger, engines);
  } catch (error) {
    await store.close();
    throw error;
  }
  const pipeline = new Pipeline({
    engine,
    store,
    observer: policyControl.shadow?.evaluator,
    defaults: options.defaults ?? { cwd: process.cwd(), home: os.homedir() },
    gateway: files,
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
    claudeCode: { readTranscripts: options.readTranscripts === true },
    metrics,
    auth: { authenticator: new TokenAuthenticator(store), allowOpenWithoutTokens: options.allowOpenWithoutTokens ?? true, adminSecret },
    policy: policyControl,
    allowedHosts: options.allowedHosts,
  };
  const app = createApp(deps);
  const close = async () => {
    await policyControl.reloader.close();
    await policyControl.shadow?.reloader.close();
    await policyControl.shadow?.evaluator.drain();
    await pipeline.close();
    // The policy history: this instance's revision stops being active here.
    await store.recordPolicyDeactivation(engine.current.revision, 'shutdown').catch((error: Error) => logger.error({ err: error.message }, 'could not record the policy deactivation'));
    await store.close();
  };
  const listening = (address: { host: string; port: number }) => {
    const runtime = guardRuntimeData(options, address);
    for (const each of engines) each.setRuntimeData(runtime);
  };
  return { ...deps, files, app, listening, close };
}

/**
 * Hot reload of the active policy (from the policy dirs, or by re-reading the shipped
 * bundle) and the shadow candidate, each with its own engine and reloader.
 */
async function createPolicyControl(options: GatewayOptions, engine: PolicyEngine, store: Store, logger: Logger, engines: PolicyEngine[]): Promise<PolicyControl> {
  const custom = options.policyDirs ?? [];
  const reloader = new PolicyReloader(
    custom.length > 0
      ? { dirs: [DEFAULT_POLICY_DIR, ...custom], engine, recorder: store, logger, gate: reloadGate({ store, trials: options.reloadTrials }) }
      : { dirs: [DEFAULT_BUNDLE_DIR], engine, recorder: store, logger, build: async ([dir]) => readBundle(dir) },
  );
  if (options.watchPolicy && custom.length > 0) reloader.watch();
  if (!options.shadowPolicyDirs?.length) return { reloader };

  const shadowEngine = new PolicyEngine({ runtimeData: guardRuntimeData(options) });
  engines.push(shadowEngine);
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

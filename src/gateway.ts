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

export interface GatewayOptions {
  /** SQLite file path or postgres:// URL. */
  db: string;
  /** Operator policy directories merged over the shipped defaults (needs the opa CLI). */
  policyDirs?: string[];
  maxBodyBytes?: number;
  chainKey?: string;
  logger?: Logger;
  defaults?: { cwd: string; home: string };
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
  const deps: GatewayDeps = {
    pipeline,
    engine,
    store,
    logger,
    limits: { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES },
  };
  const app = createApp(deps);
  return { ...deps, app, close: () => store.close() };
}

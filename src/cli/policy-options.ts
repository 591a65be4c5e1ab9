/** What the policy commands (test, explain, replay, build, lint, fmt) share: which policy to load. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildPolicy, LoadedRevision, PolicyBuildError, readBundle, type CompiledPolicy } from '../policy/index.js';
import { DEFAULT_BUNDLE_DIR, DEFAULT_POLICY_DIR } from '../paths.js';

export interface PolicyChoice {
  policyDir: string[];
  /** commander's --no-defaults sets defaults=false. */
  defaults?: boolean;
  bundle?: string;
}

/** Directories the policy is compiled from: the shipped defaults, then the operator's. */
export function policyDirs(opts: PolicyChoice): string[] {
  return [...(opts.defaults === false ? [] : [DEFAULT_POLICY_DIR]), ...opts.policyDir.map((dir) => path.resolve(dir))];
}

/**
 * The compiled policy to use: a bundle directory when given, the custom dirs compiled
 * with opa when given, else the shipped bundle (no opa needed).
 */
export async function compilePolicy(opts: PolicyChoice): Promise<CompiledPolicy> {
  if (opts.bundle) return readBundle(path.resolve(opts.bundle));
  if (opts.policyDir.length > 0 || opts.defaults === false) return buildPolicy(policyDirs(opts));
  if (!existsSync(path.join(DEFAULT_BUNDLE_DIR, 'policy.wasm'))) return buildPolicy([DEFAULT_POLICY_DIR]);
  return readBundle(DEFAULT_BUNDLE_DIR);
}

export async function loadRevision(opts: PolicyChoice): Promise<LoadedRevision> {
  const policy = await compilePolicy(opts);
  for (const warning of policy.warnings ?? []) process.stderr.write(`toolgate: warning: ${warning}\n`);
  return new LoadedRevision(policy);
}

export function describeError(error: unknown): string {
  return error instanceof PolicyBuildError ? error.message : (error as Error).message;
}

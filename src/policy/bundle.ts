import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { collectSources, indexRules, loadData, sourceRevision } from './sources.js';
import { runOpa } from './opa-cli.js';

export const ENTRYPOINT = 'toolgate/decision';

/** A compiled policy: what the engine loads. */
export interface CompiledPolicy {
  wasm: Buffer;
  data: Record<string, unknown>;
  /** Content hash of the Rego modules and data it was built from. */
  revision: string;
  /** Rule id → the file that declares it. */
  rules: Record<string, string>;
  /** Where it came from: the bundle directory or the policy directories. */
  source: string;
}

export class PolicyBuildError extends Error {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(details ? `${message}:\n${details}` : message);
    this.name = 'PolicyBuildError';
  }
}

/** opa prints absolute paths; show them as the author wrote them, relative to cwd. */
function readableOpaOutput(text: string): string {
  return text.split(process.cwd() + path.sep).join('').trim();
}

/**
 * Compiles policy directories with the real opa CLI: `opa check` first (so errors point
 * at file:line), then `opa build -t wasm`. Data documents are merged here, not by opa,
 * so that an operator's data.json can override a default key instead of clashing with it.
 */
export async function buildPolicy(dirs: string[]): Promise<CompiledPolicy> {
  const sources = collectSources(dirs);
  if (sources.modules.length === 0) throw new PolicyBuildError('no Rego modules found', dirs.join(', '));
  const data = loadData(sources.dataFiles);

  const check = await runOpa(['check', ...sources.modules, ...sources.tests]);
  if (check.code !== 0) {
    throw new PolicyBuildError('the policy does not compile', readableOpaOutput(check.stderr || check.stdout));
  }

  const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-build-'));
  try {
    const out = path.join(work, 'bundle.tar.gz');
    const build = await runOpa(['build', '-t', 'wasm', '-e', ENTRYPOINT, '-o', out, ...sources.modules]);
    if (build.code !== 0) {
      throw new PolicyBuildError('opa build failed', readableOpaOutput(build.stderr || build.stdout));
    }
    await tar.x({ file: out, cwd: work, filter: (p) => p.replace(/^\/+/, '') === 'policy.wasm' });
    const wasm = readFileSync(path.join(work, 'policy.wasm'));
    return {
      wasm,
      data,
      revision: sourceRevision(sources, data),
      rules: indexRules(sources),
      source: sources.dirs.join(path.delimiter),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface BundleManifest {
  revision: string;
  entrypoint: string;
  rules: Record<string, string>;
}

function writeAtomic(file: string, content: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Writes a compiled policy as a directory bundle: policy.wasm, data.json, manifest.json. */
export function writeBundle(policy: CompiledPolicy, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, 'policy.wasm'), policy.wasm);
  writeAtomic(path.join(dir, 'data.json'), JSON.stringify(policy.data, null, 2) + '\n');
  const manifest: BundleManifest = { revision: policy.revision, entrypoint: ENTRYPOINT, rules: policy.rules };
  writeAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

export function readBundle(dir: string): CompiledPolicy {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
    return {
      wasm: readFileSync(path.join(dir, 'policy.wasm')),
      data: JSON.parse(readFileSync(path.join(dir, 'data.json'), 'utf8')),
      revision: manifest.revision,
      rules: manifest.rules ?? {},
      source: dir,
    };
  } catch (error) {
    throw new PolicyBuildError(`cannot read the policy bundle in ${dir}`, (error as Error).message);
  }
}

/** The revision the sources in `dirs` would build to, without building (for staleness checks). */
export function currentRevision(dirs: string[]): string {
  const sources = collectSources(dirs);
  return sourceRevision(sources, loadData(sources.dataFiles));
}

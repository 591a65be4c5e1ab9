/**
 * docs/auditing.md promises "an auditor's day as commands that work as written": this
 * runs every ```sh block of its day, in order, in a scratch folder (the built CLI as
 * `npx toolgate`, the gateway on a free port instead of 8787), and checks what the guide
 * says the auditor sees.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.js';
import { tempDir } from '../../test/support/gateway.js';

const DOC = path.join(PACKAGE_ROOT, 'docs', 'auditing.md');
const dir = tempDir('toolgate-auditdoc-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder with an `npx` that runs the built CLI for `npx toolgate` and the real npx otherwise. */
function shimDir(): string {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const realNpx = execFileSync('bash', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim();
  const shim = path.join(bin, 'npx');
  writeFileSync(
    shim,
    `#!/usr/bin/env bash\nif [ "$1" = toolgate ]; then shift; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(PACKAGE_ROOT, 'bin', 'toolgate.js'))} "$@"; fi\nexec ${JSON.stringify(realNpx)} "$@"\n`,
  );
  chmodSync(shim, 0o755);
  return bin;
}

/** The environment without the gateway's own settings, as on an auditor's fresh shell. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('TOOLGATE_')) delete env[name];
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The day's shell blocks (the reference part has none to run). */
function daySteps(): string[] {
  const text = readFileSync(DOC, 'utf8');
  const day = text.slice(0, text.indexOf('## Reference'));
  return [...day.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

it('runs the auditor\'s day of docs/auditing.md as written', { timeout: 180_000 }, async () => {
  const port = await freePort();
  const steps = daySteps();
  expect(steps.length).toBeGreaterThanOrEqual(6);
  const script = [
    'set -u',
    // The guide runs from the toolgate folder; here `npx toolgate` is the built CLI, exec'd
    // so that the gateway started with `&` is the job itself and the trap stops it.
    `export PATH=${JSON.stringify(shimDir())}:$PATH`,
    // Without the sqlite3 CLI, the guide's own alternative (better-sqlite3 from the toolgate folder).
    `command -v sqlite3 >/dev/null || sqlite3() { node -e "new (require(${JSON.stringify(path.join(PACKAGE_ROOT, 'node_modules', 'better-sqlite3'))}))(process.argv[1]).prepare(process.argv[2]).run()" "$1" "$2"; }`,
    'trap \'kill $(jobs -p) 2>/dev/null\' EXIT',
    ...steps.map((step, i) => `echo "=== step ${i}"\n${step.replaceAll('127.0.0.1:8787', `127.0.0.1:${port}`)}`),
  ].join('\n');
  const { code, out } = await new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn('bash', ['-c', script], {
      cwd: dir,
      env: { ...cleanEnv(), TOOLGATE_PORT: String(port), TOOLGATE_LOG_LEVEL: 'warn' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (c) => resolve({ code: c ?? -1, out }));
  });
  // The day ends with a refused prune (the chain was tampered with in step 5): exit 1.
  expect(code, out).toBe(1);
  expect(out).not.toMatch(/no database at|command not found|SyntaxError/);
  // 1. every deny of the agent: a table with its two denies and nobody else's
  expect(out).toMatch(/TIME \(UTC\)\s+SEQ\s+DECISION[\s\S]*deny\s+builder\s+s1\s+read[\s\S]*deny\s+builder\s+s1\s+bash/);
  // 2. one opened: the deciding rule, its file, the revision
  expect(out).toMatch(/"decided_by": \[\s*"files\.credentials\.[a-z_]+"/);
  expect(out).toMatch(/"file": "policies\/files\/[a-z_]+\.rego"/);
  // 3. the month exported
  expect(out).toMatch(/exported 4 decision\(s\) to decisions-this-month\.ndjson/);
  const events = readFileSync(path.join(dir, 'decisions-this-month.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(events.map((e) => e.path)).toEqual(Array(4).fill('toolgate/decision'));
  // 4. verified, and the kept anchor proven
  expect(out).toMatch(/ok: 4 row\(s\) verified from genesis to head 4:[0-9a-f]{64}/);
  expect(out).toMatch(/anchor 4:[0-9a-f]{64} is in the log/);
  // 5. the edited row found and named, verify exiting 1
  expect(out).toMatch(/BROKEN at seq 2 \(id [0-9a-f-]{36}\):\n {2}- its hash does not match its content: the row was edited/);
  expect(out).toContain('exit 1');
  // 6. prune refuses to erase the evidence
  expect(out).toMatch(/the chain does not verify; nothing was pruned/);
});

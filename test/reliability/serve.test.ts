/**
 * `toolgate serve` as a process: graceful SIGTERM under load, the loopback-only rule
 * without tokens, and `toolgate tokens` against a running gateway.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt, startChildGateway } from './child-gateway.js';
import { inspectDatabase } from './db-checks.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-serve-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [path.join(ROOT, 'bin/toolgate.js'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes in-flight decisions, commits them, and exits 0 promptly', async () => {
    const db = path.join(dir, 'shutdown.db');
    const gw = await startChildGateway({ db });
    const answered: string[] = [];
    let refused = 0;
    let signalled = false;
    let answeredAfterSignal = 0;
    const calls = Array.from({ length: 200 }, async (_, i) => {
      try {
        const response = await fetch(`${gw.url}/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ session_id: `term-${i % 8}`, tool: 'bash', input: { command: `wc -l src/file${i}.ts` } }),
        });
        const body = (await response.json()) as { decision_id: string };
        expect(response.status).toBe(200);
        answered.push(body.decision_id);
        if (signalled) answeredAfterSignal += 1;
        if (!signalled) {
          signalled = true;
          gw.kill('SIGTERM');
        }
      } catch {
        refused += 1; // connections not yet accepted when the listener closed
      }
    });
    const started = Date.now();
    await Promise.all(calls);
    const code = await gw.exited;
    expect(code).toBe(0);
    // Well before the 10 s shutdown timeout (which would exit 1): keep-alive connections
    // were closed as soon as they were idle instead of holding the listener open.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(gw.stderr()).toMatch(/shutting down: finishing in-flight decisions/);
    expect(gw.stderr()).toMatch(/stopped: every answered decision is committed/);
    // Requests already being decided when the signal came were answered, not dropped.
    expect(answeredAfterSignal).toBeGreaterThan(0);
    expect(answered.length + refused).toBe(200);

    const facts = await inspectDatabase(db, answered);
    expect(facts.missing).toEqual([]);
    expect(facts.chainOk).toBe(true);
    for (const [session, [calls, logged]] of facts.sessions) expect(calls, session).toBe(logged);

    // And it is really gone: nothing listens any more.
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
  }, 60_000);
});

describe('without tokens', () => {
  it('refuses to listen beyond loopback, saying why and what to do', async () => {
    const db = path.join(dir, 'open.db');
    const result = cli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', db]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no API token is configured/);
    expect(result.stderr).toMatch(/toolgate tokens create/);
  }, 30_000);

  it('says at start that it listens on loopback only', async () => {
    const gw = await startChildGateway({ db: path.join(dir, 'loopback.db') });
    gw.kill('SIGTERM');
    expect(await gw.exited).toBe(0);
    expect(gw.stderr()).toMatch(/no API tokens configured: listening on loopback only/);
  }, 30_000);
});

describe('toolgate tokens', () => {
  it('creates, lists and revokes tokens that a running gateway honours', async () => {
    const db = path.join(dir, 'tokens.db');
    const created = cli(['tokens', 'create', '--agent', 'builder', '--name', 'ci agent', '--json', '--db', db]);
    expect(created.status).toBe(0);
    const agent = JSON.parse(created.stdout) as { id: string; token: string; agent_id: string };
    expect(agent.agent_id).toBe('builder');
    expect(agent.token).toMatch(/^tg_agent_/);
    const admin = cli(['tokens', 'create', '--admin', '--db', db]).stdout.trim();
    expect(admin).toMatch(/^tg_admin_/);

    const listed = cli(['tokens', 'list', '--db', db]);
    expect(listed.stdout).toContain(agent.id);
    expect(listed.stdout).toContain('builder');
    expect(listed.stdout).not.toContain(agent.token);

    expect(cli(['tokens', 'create', '--db', db]).status).toBe(1);
    expect(cli(['tokens', 'create', '--agent', 'a', '--admin', '--db', db]).status).toBe(1);

    // With tokens, a non-loopback address is allowed (and every route needs a token).
    const gw = await startChildGateway({ db, args: ['--host', '0.0.0.0'] });
    try {
      const check = (token?: string) =>
        fetch(`${gw.url}/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ session_id: 'tok', tool: 'bash', input: { command: 'ls' } }),
        });
      expect((await check()).status).toBe(401);
      expect((await check(agent.token)).status).toBe(200);
      const metrics = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/toolgate_decisions_total\{decision="allow"\} 1/);

      const revoked = cli(['tokens', 'revoke', agent.id, '--db', db]);
      expect(revoked.stdout).toMatch(/revoked 1 token/);
      expect(cli(['tokens', 'revoke', agent.id, '--db', db]).status).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await check(agent.token)).status).toBe(401);
      expect(cli(['tokens', 'list', '--all', '--db', db]).stdout).toMatch(/revoked/);
      // Tokens never reach the logs.
      expect(gw.stderr()).not.toContain(agent.token);
      expect(gw.stderr()).not.toContain(admin);
    } finally {
      gw.kill('SIGTERM');
      await gw.exited;
    }
  }, 60_000);
});

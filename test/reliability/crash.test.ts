/**
 * kill -9 under load: calls are answered concurrently, the gateway is SIGKILLed mid-stream
 * and restarted on the same database. Every decision that was answered is in the log
 * (zero lost), every session's counter equals its logged decisions, and the chain
 * verifies. On SQLite always; on PostgreSQL too when TOOLGATE_TEST_DB is one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresTestUrl, type TestDatabase } from '../support/postgres.js';
import { ensureBuilt, startChildGateway } from './child-gateway.js';
import { inspectDatabase } from './db-checks.js';

const PG = process.env.TOOLGATE_TEST_DB;
const WORKERS = 16;
const SESSIONS = 4;

beforeAll(() => ensureBuilt());

/** Fires calls from WORKERS loops until stopped; keeps the id of every answered decision. */
function load(url: string) {
  const answered: string[] = [];
  let errors = 0;
  let running = true;
  const loops = Array.from({ length: WORKERS }, async (_, worker) => {
    for (let i = 0; running; i++) {
      try {
        const response = await fetch(`${url}/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ session_id: `crash-${worker % SESSIONS}`, tool: 'bash', input: { command: `grep -n todo file-${worker}-${i}.ts` } }),
        });
        const body = (await response.json()) as { decision_id?: string };
        if (response.status === 200 && body.decision_id) answered.push(body.decision_id);
      } catch {
        errors += 1; // the process died under us: this call was never answered
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  });
  return {
    answered,
    get errors() {
      return errors;
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function crashAndRecover(db: string): Promise<void> {
  const first = await startChildGateway({ db });
  const traffic = load(first.url);
  // Let a good number of decisions through, then kill without warning.
  const deadline = Date.now() + 20_000;
  while (traffic.answered.length < 150 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  first.kill('SIGKILL');
  expect(await first.exited).toBe('SIGKILL');
  await traffic.stop();
  const answered = [...traffic.answered];
  expect(answered.length).toBeGreaterThanOrEqual(150);

  // The restarted gateway opens the same database and keeps deciding.
  const second = await startChildGateway({ db });
  try {
    const ready = await fetch(`${second.url}/readyz`);
    expect(ready.status).toBe(200);
    const after = await fetch(`${second.url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: 'crash-0', tool: 'bash', input: { command: 'ls' } }),
    });
    expect(after.status).toBe(200);
    answered.push(((await after.json()) as { decision_id: string }).decision_id);
  } finally {
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }

  const facts = await inspectDatabase(db, answered);
  expect(facts.missing, `${facts.missing.length} answered decisions lost`).toEqual([]);
  expect(facts.chainOk, JSON.stringify(facts.chainProblem)).toBe(true);
  expect(facts.chainChecked).toBe(facts.decisions);
  for (const [session, [calls, logged]] of facts.sessions) expect(calls, session).toBe(logged);
}

describe('kill -9 under load', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no answered decision on SQLite', async () => {
    await crashAndRecover(path.join(dir, 'crash.db'));
  }, 120_000);

  describe.skipIf(!isPostgresTestUrl(PG))('on PostgreSQL', () => {
    let pg: TestDatabase;
    beforeAll(async () => {
      pg = await createTestDatabase(PG!);
    });
    afterAll(async () => {
      await pg?.drop();
    });
    it('loses no answered decision on PostgreSQL', async () => {
      await crashAndRecover(pg.url);
    }, 120_000);
  });
});

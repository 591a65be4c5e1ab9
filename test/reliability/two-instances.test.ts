/**
 * Two gateway processes on one PostgreSQL, a few hundred concurrent calls of ONE session
 * spread over both: every call is answered, the counter is exact, the budget is never
 * overspent, and the hash chain verifies. Runs in the PostgreSQL pass of the suite
 * (TOOLGATE_TEST_DB=postgres://…, see scripts/with-postgres.sh).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresTestUrl, type TestDatabase } from '../support/postgres.js';
import { ensureBuilt, startChildGateway, type ChildGateway } from './child-gateway.js';
import { inspectDatabase } from './db-checks.js';

const PG = process.env.TOOLGATE_TEST_DB;
const CALLS = 300;
const BUDGET = 120;

describe.skipIf(!isPostgresTestUrl(PG))('two instances on one PostgreSQL', () => {
  let db: TestDatabase;
  let policyDir: string;
  const gateways: ChildGateway[] = [];

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase(PG!);
    // A small calls budget, so that a few hundred calls cross it.
    policyDir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-budget-'));
    writeFileSync(
      path.join(policyDir, 'data.json'),
      JSON.stringify({ config: { governance: { budgets: { session: { calls: BUDGET } } } } }),
    );
    // One after the other: the first one migrates the fresh database.
    for (let i = 0; i < 2; i++) gateways.push(await startChildGateway({ db: db.url, args: ['--policy-dir', policyDir] }));
  }, 120_000);

  afterAll(async () => {
    for (const gateway of gateways) {
      gateway.kill('SIGTERM');
      await gateway.exited;
    }
    await db?.drop();
    if (policyDir) rmSync(policyDir, { recursive: true, force: true });
  });

  it('keeps the counter exact, the budget unspent beyond its limit and the chain valid', async () => {
    const session = 'shared-session';
    const results = await Promise.all(
      Array.from({ length: CALLS }, async (_, i) => {
        const response = await fetch(`${gateways[i % 2]!.url}/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ session_id: session, tool: 'bash', input: { command: `cat notes-${i}.txt` } }),
        });
        return { status: response.status, body: (await response.json()) as any };
      }),
    );
    const failed = results.filter((r) => r.status !== 200);
    expect(failed, JSON.stringify(failed.slice(0, 3))).toEqual([]);

    const facts = await inspectDatabase(
      db.url,
      results.map((r) => r.body.decision_id),
    );
    expect(facts.missing).toEqual([]);
    expect(facts.decisions).toBe(CALLS);
    expect(facts.sessions.get(session)).toEqual([CALLS, CALLS]);
    expect(facts.chainOk, JSON.stringify(facts.chainProblem)).toBe(true);
    expect(facts.chainChecked).toBe(CALLS);

    // Budget: exactly BUDGET calls fit; every later one is denied for the budget.
    const overBudget = results.filter((r) => r.body.reasons.some((reason: any) => reason.rule === 'session.budget.exceeded'));
    expect(CALLS - overBudget.length).toBe(BUDGET);
    expect(overBudget.every((r) => r.body.decision === 'deny')).toBe(true);

    // Both instances took part.
    for (const gateway of gateways) expect(gateway.stderr()).not.toMatch(/"level":50/);
  }, 120_000);
});

/**
 * A complete trail (issue 14): an approval and a reported outcome are hashed with the chain
 * hash of the decision they follow, so an edit to either, made in the database behind the
 * gateway's back, fails `toolgate audit verify` (the CLI and GET /v1/audit/verify) naming
 * the row, and an export with --with-chain carries them so `verify --file` checks them too.
 * A real gateway with a chain key, real HTTP; the SQLite file edited with SQL, and the same on
 * PostgreSQL when TOOLGATE_TEST_DB names one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKED_CALLS, markerOnlyPolicy, postCalls } from '../../test/support/audit-log.js';
import { runToolgate } from '../../test/support/cli.js';
import { postJson, startTestGateway, tempDir, type TestGateway } from '../../test/support/gateway.js';
import { isPostgresTestUrl } from '../../test/support/postgres.js';

const KEY = 'follow-up-test-key';
const ASK = MARKED_CALLS.findIndex((call) => call.input.command === 'echo ASK-ME');
const ALLOW = MARKED_CALLS.findIndex((call) => call.input.command === 'ls -la');

/** Runs one statement on the gateway's database, as someone with write access to it would. */
async function tamperSql(db: string, statement: string, params: unknown[]): Promise<void> {
  if (isPostgresTestUrl(db)) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      // $1, $2 … in PostgreSQL; the statements below are written with ? for SQLite.
      let n = 0;
      await client.query(statement.replace(/\?/g, () => `$${++n}`), params);
    } finally {
      await client.end();
    }
    return;
  }
  const file = new Database(db);
  try {
    file.prepare(statement).run(...params);
  } finally {
    file.close();
  }
}

const targets = [{ name: 'sqlite', postgres: false }, ...(isPostgresTestUrl(process.env.TOOLGATE_TEST_DB) ? [{ name: 'postgres', postgres: true }] : [])];

describe.each(targets)('approvals and outcomes in the trail ($name)', ({ postgres }) => {
  let gw: TestGateway;
  let askId: string;
  let allowId: string;
  let approvalId: string;

  beforeAll(async () => {
    const dir = tempDir('toolgate-follow-ups-');
    gw = await startTestGateway({ dir, chainKey: KEY, ...(postgres ? {} : { db: path.join(dir, 'trail.db') }) });
    const policy = await markerOnlyPolicy();
    gw.gateway.engine.activate(policy);
    await gw.gateway.store.recordPolicyRevision(policy.revision, policy.source, policy.rules);
    const answers = await postCalls(gw, MARKED_CALLS);
    askId = answers[ASK]!.decision_id;
    allowId = answers[ALLOW]!.decision_id;
    expect(answers[ASK]!.decision).toBe('ask');
    const asked = await postJson(`${gw.url}/v1/approvals`, { decision_id: askId });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    approvalId = asked.body.id ?? asked.body.approval?.id;
    const answered = await postJson(`${gw.url}/v1/approvals/${approvalId}`, { decision: 'approve', note: 'looked at it' }, gw.admin);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const reported = await postJson(`${gw.url}/v1/report`, { decision_id: allowId, exit_code: 0, duration_ms: 12 });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await gw?.stop();
  });

  async function verifyRoute(): Promise<any> {
    const response = await fetch(`${gw.url}/v1/audit/verify`, { headers: gw.admin });
    expect(response.status).toBe(200);
    return response.json();
  }

  const verifyCli = (...args: string[]) => runToolgate(['audit', '--db', gw.db, 'verify', ...args], { env: { TOOLGATE_CHAIN_KEY: KEY } });

  it('an untouched trail verifies, approvals and outcomes counted', async () => {
    expect(await verifyRoute()).toMatchObject({ ok: true, follow_ups: { approvals: 1, outcomes: 1 } });
    const cli = await verifyCli();
    expect(cli.stdout).toMatch(/ok: 1 approval\(s\) and 1 reported outcome\(s\) match their decisions/);
    expect(cli.code).toBe(0);
  }, 60_000);

  it('the route is the operator’s', async () => {
    expect((await fetch(`${gw.url}/v1/audit/verify`)).status).toBe(403);
  });

  /** Edits a row, runs `check` on the broken trail, then puts the original value back and sees the trail verify again. */
  async function whileEdited(table: 'approvals' | 'tool_results', column: string, value: unknown, where: [string, string], check: () => Promise<void>) {
    const reader = gw.gateway.store.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
    const row = await reader.selectFrom(table).select(column).where(where[0], '=', where[1]).executeTakeFirstOrThrow();
    await tamperSql(gw.db, `update ${table} set ${column} = ? where ${where[0]} = ?`, [value, where[1]]);
    try {
      await check();
    } finally {
      await tamperSql(gw.db, `update ${table} set ${column} = ? where ${where[0]} = ?`, [row[column], where[1]]);
    }
    expect(await verifyRoute()).toMatchObject({ ok: true });
  }

  it('an edited approval (approver rewritten) fails verify, naming the approval and its decision', async () => {
    await whileEdited('approvals', 'decided_by', 'someone-else', ['id', approvalId], async () => {
      const report = await verifyRoute();
      expect(report.ok).toBe(false);
      expect(report.broken).toMatchObject({ id: askId, follow_up: { kind: 'approval', id: approvalId, decision_id: askId } });
      expect(report.broken.problems[0]).toMatch(/edited after it was written/);
      const cli = await verifyCli();
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`BROKEN: approval ${approvalId} of decision ${askId}`);
    });
  }, 60_000);

  it('an approval answered outside the gateway (pending → denied) fails verify', async () => {
    await whileEdited('approvals', 'status', 'denied', ['id', approvalId], async () => {
      expect((await verifyRoute()).broken).toMatchObject({ follow_up: { kind: 'approval', id: approvalId } });
    });
  }, 60_000);

  it('an approval moved onto another decision fails verify', async () => {
    await whileEdited('approvals', 'decision_id', allowId, ['id', approvalId], async () => {
      expect((await verifyRoute()).broken).toMatchObject({ follow_up: { kind: 'approval', decision_id: allowId } });
    });
  }, 60_000);

  it('an edited outcome (exit code rewritten) fails verify, naming the decision', async () => {
    await whileEdited('tool_results', 'exit_code', 1, ['decision_id', allowId], async () => {
      const report = await verifyRoute();
      expect(report.ok).toBe(false);
      expect(report.broken).toMatchObject({ id: allowId, follow_up: { kind: 'outcome', decision_id: allowId } });
      const cli = await verifyCli();
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`BROKEN: the reported outcome of decision ${allowId}`);
    });
  }, 60_000);

  it('an outcome whose hash was removed fails verify', async () => {
    await whileEdited('tool_results', 'hash', null, ['decision_id', allowId], async () => {
      expect((await verifyRoute()).broken.problems[0]).toMatch(/has no hash/);
    });
  }, 60_000);

  /** Deletes rows, runs `check`, then puts them back as they were and sees the trail verify again. */
  async function whileDeleted(table: string, column: string, value: string, check: () => Promise<void>) {
    const reader = gw.gateway.store.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
    const rows = await reader.selectFrom(table).selectAll().where(column, '=', value).execute();
    expect(rows.length).toBeGreaterThan(0);
    await tamperSql(gw.db, `delete from ${table} where ${column} = ?`, [value]);
    try {
      await check();
    } finally {
      for (const row of rows) {
        const columns = Object.keys(row);
        await tamperSql(gw.db, `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, Object.values(row));
      }
    }
    expect(await verifyRoute()).toMatchObject({ ok: true });
  }

  it('a deleted approval fails verify, naming it', async () => {
    await whileDeleted('approvals', 'id', approvalId, async () => {
      const report = await verifyRoute();
      expect(report.ok).toBe(false);
      expect(report.broken).toMatchObject({ follow_up: { kind: 'approval', id: approvalId } });
      expect(report.broken.problems[0]).toMatch(/is gone: it was deleted outside the gateway/);
      const cli = await verifyCli();
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`BROKEN: approval ${approvalId}`);
    });
  }, 60_000);

  it('a deleted outcome fails verify, naming its decision', async () => {
    await whileDeleted('tool_results', 'decision_id', allowId, async () => {
      const report = await verifyRoute();
      expect(report.broken).toMatchObject({ follow_up: { kind: 'outcome', id: allowId } });
      expect((await verifyCli()).stdout).toContain(`BROKEN: the reported outcome of decision ${allowId}`);
    });
  }, 60_000);

  it('a deleted policy revision, or its last activation, fails verify', async () => {
    const reader = gw.gateway.store.db;
    const { revision } = await reader.selectFrom('policy_revisions').select('revision').limit(1).executeTakeFirstOrThrow();
    await whileDeleted('policy_revisions', 'revision', revision, async () => {
      expect((await verifyRoute()).broken).toMatchObject({ follow_up: { kind: 'policy_revision', id: revision } });
    });
    const last = await reader.selectFrom('policy_activations').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await whileDeleted('policy_activations', 'hash', last.hash, async () => {
      expect((await verifyRoute()).broken).toMatchObject({ follow_up: { kind: 'policy_activation', id: last.hash } });
    });
  }, 60_000);

  it('an approval inserted outside the gateway fails verify, even with a hash made like the gateway’s', async () => {
    const reader = gw.gateway.store.db;
    const decision = await reader.selectFrom('decisions').select(['id', 'hash', 'session_id']).where('id', '=', allowId).executeTakeFirstOrThrow();
    const { followUpHash } = await import('../store/decision-log/chain.js');
    const forged = { id: 'forged-approval', decision_id: decision.id, session_id: decision.session_id, agent_id: null, tool: 'bash', status: 'approved', created_at: 1, expires_at: 2, decided_at: 1, decided_by: 'local-admin', note: null };
    // The forger even knows the chain key: only the trail can tell the row was never written by a gateway.
    const row = { ...forged, hash: followUpHash('approval', decision.hash, forged, KEY) };
    const columns = Object.keys(row);
    await tamperSql(gw.db, `insert into approvals (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, Object.values(row));
    try {
      const report = await verifyRoute();
      expect(report.broken).toMatchObject({ follow_up: { kind: 'approval', id: 'forged-approval' } });
      expect(report.broken.problems[0]).toMatch(/not in the trail: it was inserted outside the gateway/);
    } finally {
      await tamperSql(gw.db, 'delete from approvals where id = ?', ['forged-approval']);
    }
    expect(await verifyRoute()).toMatchObject({ ok: true });
  }, 60_000);

  it('an approval edited and re-hashed with the key fails verify: its hash is not the one the trail recorded', async () => {
    const reader = gw.gateway.store.db;
    const approval = await reader.selectFrom('approvals').selectAll().where('id', '=', approvalId).executeTakeFirstOrThrow();
    const decision = await reader.selectFrom('decisions').select('hash').where('id', '=', askId).executeTakeFirstOrThrow();
    const { followUpHash } = await import('../store/decision-log/chain.js');
    const rehashed = followUpHash('approval', decision.hash, { ...approval, decided_by: 'someone-else' }, KEY);
    await tamperSql(gw.db, 'update approvals set decided_by = ?, hash = ? where id = ?', ['someone-else', rehashed, approvalId]);
    try {
      expect((await verifyRoute()).broken.problems[0]).toMatch(/not the one the trail recorded/);
    } finally {
      await tamperSql(gw.db, 'update approvals set decided_by = ?, hash = ? where id = ?', [approval.decided_by, approval.hash, approvalId]);
    }
    expect(await verifyRoute()).toMatchObject({ ok: true });
  }, 60_000);

  it('the trail’s own events deleted (the last one, with the head moved back, or one in the middle) fail verify', async () => {
    const reader = gw.gateway.store.db;
    const events = await reader.selectFrom('trail').selectAll().orderBy('seq').execute();
    expect(events.length).toBeGreaterThan(3);
    const middle = events[1]!;
    await whileDeleted('trail', 'seq', String(middle.seq), async () => {
      expect((await verifyRoute()).broken.problems[0]).toMatch(/trail event .*missing|does not link/);
    });
    const last = events.at(-1)!;
    const before = events.at(-2)!;
    await tamperSql(gw.db, 'update chain_head set seq = ?, hash = ? where id = 2', [Number(before.seq), before.hash]);
    await tamperSql(gw.db, 'delete from trail where seq = ?', [Number(last.seq)]);
    try {
      // The event is gone and the head agrees, but the row it named is still there, with no trail of its latest write.
      const report = await verifyRoute();
      expect(report.ok).toBe(false);
      expect(report.broken.problems[0]).toMatch(/not in the trail|not the one the trail recorded/);
    } finally {
      const columns = Object.keys(last);
      await tamperSql(gw.db, `insert into trail (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`, Object.values(last));
      await tamperSql(gw.db, 'update chain_head set seq = ?, hash = ? where id = 2', [Number(last.seq), last.hash]);
    }
    expect(await verifyRoute()).toMatchObject({ ok: true, trail: { events: events.length } });
  }, 60_000);

  it('an export with --with-chain carries them, and verify --file catches an edit to either', async () => {
    const file = path.join(gw.dir, 'trail.ndjson');
    const exported = await runToolgate(['audit', '--db', gw.db, 'export', '--format', 'ndjson', '--with-chain', '-o', file], { env: { TOOLGATE_CHAIN_KEY: KEY } });
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const at = (id: string) => lines.findIndex((line) => JSON.parse(line).id === id || JSON.parse(line).decision_id === id);
    expect(JSON.parse(lines[at(askId)]!).toolgate.approval).toMatchObject({ id: approvalId, status: 'approved' });
    expect(JSON.parse(lines[at(allowId)]!).toolgate.outcome).toMatchObject({ exit_code: 0 });
    expect((await verifyCli('--file', file)).code).toBe(0);

    const edit = (index: number, change: (event: any) => void) => {
      const event = JSON.parse(lines[index]!);
      change(event);
      writeFileSync(file, lines.map((line, i) => (i === index ? JSON.stringify(event) : line)).join('\n'));
    };
    edit(at(askId), (event) => (event.toolgate.approval.note = 'nothing to see'));
    const approval = await verifyCli('--file', file);
    expect(approval.code).toBe(1);
    expect(approval.stdout).toMatch(/BROKEN at line \d+ \(seq \d+\): the approval was edited/);

    edit(at(allowId), (event) => (event.toolgate.outcome.exit_code = 2));
    const outcome = await verifyCli('--file', file);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/the reported outcome was edited/);
  }, 60_000);
});

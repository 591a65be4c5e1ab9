import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayWithLog, MARKED_CALLS as SAMPLE_CALLS, type Call } from '../../../test/support/audit-log.js';
import type { TestGateway } from '../../../test/support/gateway.js';

const GITHUB_TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const EXTRA: Call[] = [
  {
    session_id: 'sess-c',
    agent_id: 'builder',
    tool: 'bash',
    input: { command: `curl -H "Authorization: Bearer ${GITHUB_TOKEN}" https://user:hunter2pass@api.example.com/repos` },
  },
  { session_id: 'sess-c', agent_id: 'builder', tool: 'bash', input: { command: 'echo "100%_done" > status.txt' } },
];

let gw: TestGateway;
let cleanup: () => Promise<void>;
let answers: { decision_id: string; decision: string }[];

beforeAll(async () => {
  ({ gw, answers, cleanup } = await gatewayWithLog([...SAMPLE_CALLS, ...EXTRA], undefined, { markers: true }));
});
afterAll(async () => {
  await cleanup?.();
});

async function get(path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gw.url}${path}`, { headers: gw.admin });
  return { status: response.status, body: await response.json() };
}

async function list(query: string): Promise<any[]> {
  const { status, body } = await get(`/v1/decisions?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.decisions;
}

const commands = (decisions: any[]) => decisions.map((d) => d.input.command ?? d.input.file_path);

describe('GET /v1/decisions', () => {
  it('lists every decision newest first, with attribution', async () => {
    const { body } = await get('/v1/decisions');
    expect(body.decisions).toHaveLength(SAMPLE_CALLS.length + EXTRA.length);
    expect(body.next_cursor).toBeNull();
    const seqs = body.decisions.map((d: any) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    const twice = body.decisions.find((d: any) => d.input.command === 'echo DENY-ME TWICE');
    expect(twice).toMatchObject({ decision: 'deny', agent_id: 'builder', session_id: 'sess-a', tool: 'bash', kind: 'bash' });
    expect(twice.decided_by).toEqual(expect.arrayContaining(['audit_markers.deny', 'audit_markers.deny_twice']));
    expect(twice.matched).toEqual(expect.arrayContaining(['audit_markers.deny', 'audit_markers.deny_twice']));
    expect(twice.categories).toContain('audit_marker');
    expect(twice.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('filters by agent and decision: every deny of one agent', async () => {
    const denies = await list('agent=builder&decision=deny');
    expect(commands(denies)).toEqual(expect.arrayContaining(['echo DENY-ME', 'echo DENY-ME TWICE']));
    expect(commands(denies)).not.toContain('echo DENY-ME reviewer');
    expect(denies.every((d) => d.agent_id === 'builder' && d.decision === 'deny')).toBe(true);
  });

  it('filters by session, tool, category and matched rule', async () => {
    expect(commands(await list('session=sess-b'))).toHaveLength(3);
    expect(commands(await list('tool=Read'))).toEqual(['/home/dev/project/README.md']);
    expect(commands(await list('category=audit_marker'))).toEqual(['echo DENY-ME reviewer', 'echo DENY-ME TWICE', 'echo DENY-ME']);
    expect(commands(await list('rule=audit_markers.deny_twice'))).toEqual(['echo DENY-ME TWICE']);
    expect(commands(await list('decision=ask&agent=reviewer&category=audit_review'))).toEqual(['echo ASK-ME']);
    expect(await list('rule=no.such.rule')).toEqual([]);
  });

  it('finds text in the input, literally (quotes, % and _ are not wildcards)', async () => {
    expect(commands(await list(`q=${encodeURIComponent('DENY-ME rev')}`))).toEqual(['echo DENY-ME reviewer']);
    expect(commands(await list(`q=${encodeURIComponent('"100%_done"')}`))).toEqual(['echo "100%_done" > status.txt']);
    expect(await list(`q=${encodeURIComponent('100%done')}`)).toEqual([]);
    expect(commands(await list(`q=${encodeURIComponent('%')}`))).toEqual(['echo "100%_done" > status.txt']);
    expect(commands(await list('q=deny-me%20TWICE'))).toEqual(['echo DENY-ME TWICE']);
  });

  it('filters by time range', async () => {
    expect(await list('since=7d')).toHaveLength(SAMPLE_CALLS.length + EXTRA.length);
    expect(await list(`since=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    expect(await list('until=2020-01-01')).toEqual([]);
  });

  it('pages by seq with a cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const { body } = await get(`/v1/decisions?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.decisions.map((d: any) => d.seq));
      cursor = body.next_cursor;
      pages += 1;
      expect(pages).toBeLessThan(10);
    }
    const total = SAMPLE_CALLS.length + EXTRA.length;
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
  });

  it('treats hostile filter values as data', async () => {
    expect(await list(`agent=${encodeURIComponent("' or 1=1 --")}`)).toEqual([]);
    expect(await list(`category=${encodeURIComponent('x") or 1=1 --')}`)).toEqual([]);
    expect(await list(`q=${encodeURIComponent("'; drop table decisions; --")}`)).toEqual([]);
    expect(await list('')).toHaveLength(SAMPLE_CALLS.length + EXTRA.length);
  });

  it('rejects bad filters with a 400 that says what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['decision=maybe', /decision: must be allow, ask or deny/],
      ['limit=0', /limit: must be between 1 and 1000/],
      ['limit=lots', /limit: must be a whole number/],
      ['since=yesterday', /since: "yesterday" is not a time/],
      ['cursor=abc', /cursor: must be the next_cursor/],
      ['decison=deny', /decison/],
      [`agent=${encodeURIComponent('a\u0001b')}`, /agent: must not contain control characters/],
      [`q=${'x'.repeat(1001)}`, /q: must be at most 1000 characters/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await get(`/v1/decisions?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe('invalid_query');
      expect(body.error.message, query).toMatch(message);
    }
  });
});

describe('GET /v1/decisions/:id', () => {
  it('shows input, facts, reasons with files, matched rules, which rule decided, and the policy revision', async () => {
    const id = answers[2]!.decision_id;
    const { status, body } = await get(`/v1/decisions/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id, decision: 'deny', input: { command: 'echo DENY-ME TWICE' } });
    expect(body.facts).toMatchObject({ kind: 'bash' });
    const reason = body.reasons.find((r: any) => r.rule === 'audit_markers.deny');
    expect(reason).toMatchObject({ action: 'deny', category: 'audit_marker' });
    expect(reason.file).toMatch(/audit_markers\.rego$/);
    expect(body.attribution.decided_by).toEqual(expect.arrayContaining(['audit_markers.deny', 'audit_markers.deny_twice']));
    const decisive = body.attribution.matched.find((m: any) => m.rule === 'audit_markers.deny_twice');
    expect(decisive).toMatchObject({ decided: true });
    expect(decisive.file).toMatch(/audit_markers\.rego$/);
    expect(body.policy).toMatchObject({ revision: body.policy_revision, known: true });
    expect(body.chain.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an allow names no deciding rule', async () => {
    const { body } = await get(`/v1/decisions/${answers[0]!.decision_id}`);
    expect(body.decision).toBe('allow');
    expect(body.attribution.decided_by).toEqual([]);
  });

  it('answers 404 for an unknown id and 400 for a hostile one', async () => {
    expect((await get('/v1/decisions/no-such-id')).status).toBe(404);
    expect((await get(`/v1/decisions/${'x'.repeat(300)}`)).status).toBe(400);
    expect((await get('/v1/decisions/%00')).status).toBe(400);
  });
});

describe('masking before storage', () => {
  it('keeps tokens and URL passwords out of the database and the API', async () => {
    // Through Kysely, so that the test runs on SQLite and on PostgreSQL (TOOLGATE_TEST_DB).
    const row = await gw.gateway.store.db.selectFrom('decisions').selectAll().where('input', 'like', '%api.example.com%').executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(GITHUB_TOKEN);
    expect(stored).not.toContain('hunter2pass');
    expect(stored).toContain('[MASKED:');
    const { body } = await get(`/v1/decisions/${row.id}`);
    expect(JSON.stringify(body)).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(body)).not.toContain('hunter2pass');
  });
});

describe('GET /v1/sessions/:id/timeline', () => {
  it("lists a session's decisions in order with the session row", async () => {
    const { status, body } = await get('/v1/sessions/sess-a/timeline');
    expect(status).toBe(200);
    expect(body.session).toMatchObject({ agent_id: 'builder', calls: 3 });
    expect(body.entries.map((e: any) => [e.type, e.input.command, e.decision])).toEqual([
      ['decision', 'ls -la', 'allow'],
      ['decision', 'echo DENY-ME', 'deny'],
      ['decision', 'echo DENY-ME TWICE', 'deny'],
    ]);
  });

  it('merges outcomes, checkpoints and compactions of the session by time', async () => {
    const first = answers[0]!.decision_id;
    const at = (await get(`/v1/decisions/${first}`)).body.time;
    const t = Date.parse(at);
    // Written as the session engineer's code writes them, through Kysely (any dialect).
    const db = gw.gateway.store.db as unknown as Kysely<any>;
    await db.insertInto('tool_results').values({ decision_id: first, session_id: 'sess-a', created_at: t + 1, exit_code: 0, ok: 1 }).execute();
    await db
      .insertInto('checkpoints')
      .values({ id: 'cp-1', session_id: 'sess-a', created_at: t + 2, label: '<b>before</b> cleanup', step: 1, state: '{}', gateway: '{}' })
      .execute();
    await db
      .insertInto('compactions')
      .values({ id: 'cmp-1', session_id: 'other-session', created_at: t + 3, reported_ok: 1, counted_ok: 1, summary: 's', lost: '[]', answer: '{}' })
      .execute();
    const { body } = await get('/v1/sessions/sess-a/timeline');
    expect(body.entries.slice(0, 3).map((e: any) => e.type)).toEqual(['decision', 'outcome', 'checkpoint']);
    expect(body.entries[1].data).toMatchObject({ decision_id: first, exit_code: 0 });
    expect(body.entries.some((e: any) => e.type === 'compaction')).toBe(false);
    // The decision itself shows the outcome reported for it.
    const detail = (await get(`/v1/decisions/${first}`)).body;
    expect(detail.outcome).toMatchObject({ decision_id: first, exit_code: 0 });
    expect(detail.approval).toBeNull();
    expect((await get(`/v1/decisions/${answers[1]!.decision_id}`)).body.outcome).toBeNull();
    expect(await (await fetch(`${gw.url}/ui/decisions/${first}`, { headers: gw.admin })).text()).toMatch(/<h2>Outcome<\/h2><pre id="outcome">[^<]*&quot;exit_code&quot;: 0/);
    const ui = await (await fetch(`${gw.url}/ui/sessions/sess-a`, { headers: gw.admin })).text();
    expect(ui).toContain(`<a href="/ui/decisions/${first}">decision</a>`);
    expect(ui).toContain('&lt;b&gt;before&lt;/b&gt; cleanup');
  });

  it('answers 404 for an unknown session', async () => {
    const { status, body } = await get('/v1/sessions/nobody/timeline');
    expect(status).toBe(404);
    expect(body.error.code).toBe('unknown_session');
  });
});

describe('GET /v1/audit/head', () => {
  it('gives the head as SEQ:HASH', async () => {
    const { body } = await get('/v1/audit/head');
    expect(body.seq).toBe(SAMPLE_CALLS.length + EXTRA.length);
    expect(body.anchor).toBe(`${body.seq}:${body.hash}`);
  });
});

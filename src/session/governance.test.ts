/**
 * Session governance end to end over HTTP: a real gateway, real SQLite (or the database
 * in TOOLGATE_TEST_DB), the shipped policy with governance data patched the way an
 * operator would (a hot-swapped data document).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../test/support/gateway.js';

const open: TestGateway[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function gateway(governance?: Record<string, unknown>): Promise<TestGateway> {
  const gw = await startTestGateway();
  open.push(gw);
  if (governance) patchGovernance(gw, governance);
  return gw;
}

function merge(target: any, patch: any): any {
  for (const [k, v] of Object.entries(patch)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object') merge(target[k], v);
    else target[k] = v;
  }
  return target;
}

/** What an operator does by editing config.governance and reloading: a new data document, same policy. */
function patchGovernance(gw: TestGateway, patch: Record<string, unknown>): void {
  const current = gw.gateway.engine.current.policy;
  const data = structuredClone(current.data) as any;
  merge(data.config.governance, patch);
  gw.gateway.engine.activate({ ...current, data, revision: `${current.revision.slice(0, 8)}t${Math.random().toString(16).slice(2, 9)}` });
}

const api = (gw: TestGateway) => ({
  check: (session_id: string, tool: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    postJson(`${gw.url}/v1/check`, { session_id, tool, input, ...extra }),
  bash: (session_id: string, command: string, extra: Record<string, unknown> = {}) =>
    postJson(`${gw.url}/v1/check`, { session_id, tool: 'bash', input: { command }, ...extra }),
  report: (body: unknown) => postJson(`${gw.url}/v1/report`, body),
  post: (path: string, body: unknown) => postJson(`${gw.url}${path}`, body),
  /** The operator's routes (stop, reset, agents) need the local admin secret. */
  operator: (path: string, body: unknown) => postJson(`${gw.url}${path}`, body, gw.admin),
  get: async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gw.url}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as any };
  },
  send: async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gw.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  },
});

describe('budgets', () => {
  it('asks near the call budget (warn) and denies over it (stop), then denies every later call', async () => {
    const gw = await gateway({ budgets: { session: { calls: 10 } } });
    const { bash } = api(gw);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push((await bash('b1', `echo ${i}`)).body);
    expect(answers.slice(0, 8).map((a) => a.decision)).toEqual(Array(8).fill('allow'));
    expect(answers[8]).toMatchObject({ decision: 'ask', categories: ['budget'] });
    expect(answers[8].obligations).toContain('warn');
    expect(answers[9].decision).toBe('ask');
    expect(answers[10]).toMatchObject({ decision: 'deny', categories: expect.arrayContaining(['budget']) });
    expect(answers[10].obligations).toContain('stop');
    expect(answers[10].reasons[0].message).toMatch(/calls is used up \(11 of 10\)/);
    expect(answers[11].decision).toBe('deny');
    expect(answers[11].reasons.map((r: any) => r.rule)).toContain('session.status.stopped');
  });

  it('counts an asked call as run only when its outcome is reported or the ask is approved', async () => {
    const gw = await gateway({ budgets: { session: { calls: 10 } } });
    const { bash, report, get } = api(gw);
    const usage = async (id: string) => (await get(`/v1/sessions/${id}`)).body.session.usage;
    for (const id of ['ask1', 'ask2']) for (let i = 0; i < 8; i++) await report({ decision_id: (await bash(id, `echo ${i}`)).body.decision_id, exit_code: 0 });
    // The 9th call is asked (the budget's warn) and the client says nothing: held against the budget, not counted as run.
    const rejected = (await bash('ask1', 'echo nine')).body;
    expect(rejected.decision).toBe('ask');
    expect(await usage('ask1')).toMatchObject({ calls: 9, pending: 1 });
    // Asked again and this time it ran: its report makes it count (8 ran + 1 reported + 1 still held).
    const ran = (await bash('ask1', 'echo nine')).body;
    expect(ran.decision).toBe('ask');
    expect((await report({ decision_id: ran.decision_id, exit_code: 0 })).status).toBe(200);
    expect(await usage('ask1')).toMatchObject({ calls: 10, pending: 1 });
    // Approved by the operator: counts at the approval, and its later report does not count it twice.
    const approvedAsk = (await bash('ask2', 'echo ten')).body;
    expect(approvedAsk.decision).toBe('ask');
    const approval = (await api(gw).post('/v1/approvals', { decision_id: approvedAsk.decision_id })).body;
    expect((await api(gw).operator(`/v1/approvals/${approval.id}`, { decision: 'approve' })).status).toBe(200);
    expect(await usage('ask2')).toMatchObject({ calls: 9, pending: 0 });
    await report({ decision_id: approvedAsk.decision_id, exit_code: 0 });
    expect(await usage('ask2')).toMatchObject({ calls: 9, pending: 0 });
  });

  it('counts reported tokens and cost against their budgets', async () => {
    const gw = await gateway({ budgets: { session: { tokens: 1000, cost_usd: 1 } } });
    const { bash, report } = api(gw);
    const first = await bash('b2', 'echo a');
    expect((await report({ decision_id: first.body.decision_id, tokens_in: 600, tokens_out: 320, cost_usd: 0.2 })).status).toBe(200);
    const near = await bash('b2', 'echo b');
    expect(near.body.decision).toBe('ask');
    expect(near.body.reasons[0].message).toMatch(/tokens is nearly used up \(920 of 1000\)/);
    await report({ decision_id: near.body.decision_id, tokens_out: 100, cost_usd: 0.9 });
    const over = await bash('b2', 'echo c');
    expect(over.body.decision).toBe('deny');
    const messages = over.body.reasons.map((r: any) => r.message).join('\n');
    expect(messages).toMatch(/tokens is used up \(1020 of 1000\)/);
    expect(messages).toMatch(/cost_usd is used up/);
  });

  it('never overspends under many concurrent calls of one session', async () => {
    const gw = await gateway({ budgets: { session: { calls: 20 } } });
    const { bash } = api(gw);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => bash('conc', `echo ${i}`)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const ran = answers.filter((a) => a.body.decision !== 'deny');
    expect(ran).toHaveLength(20);
  });

  it('never overspends across two gateway instances sharing one database', async () => {
    const gw1 = await gateway({ budgets: { session: { calls: 15 } } });
    const gw2 = await startTestGateway({ db: gw1.db });
    open.unshift(gw2); // closed before gw1 (which owns the database)
    patchGovernance(gw2, { budgets: { session: { calls: 15 } } });
    const calls = Array.from({ length: 40 }, (_, i) => api(i % 2 ? gw1 : gw2).bash('shared', `echo ${i}`));
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    expect(answers.filter((a) => a.body.decision !== 'deny')).toHaveLength(15);
  });

  it('rolls a child agent up into its parent: the tree budget stops the child', async () => {
    const gw = await gateway({ budgets: { session: { calls: 6 } } });
    const { bash, get, report } = api(gw);
    for (let i = 0; i < 3; i++) expect((await bash('parent', `echo p${i}`)).body.decision).toBe('allow');
    const child = [];
    for (let i = 0; i < 4; i++) child.push((await bash('child', `echo c${i}`, { parent_session_id: 'parent', agent_id: 'sub-1' })).body);
    const r = await report({ decision_id: child[0].decision_id, tokens_in: 50, cost_usd: 0.01 });
    expect(r.status).toBe(200);
    // Tree calls: 3 own, then the child's 4th and 5th are allowed, its 6th is near (≥ 90% of 6), its 7th over.
    expect(child.map((a) => a.decision)).toEqual(['allow', 'allow', 'ask', 'deny']);
    expect(child[3].reasons.map((x: any) => x.message).join()).toMatch(/agent tree budget for calls/);
    const parent = await get('/v1/sessions/parent');
    expect(parent.body.session.tree).toMatchObject({ root_id: 'parent', calls: 6, tokens: 50, cost_usd: 0.01 });
    expect(parent.body.session.usage.calls).toBe(3);
  });

  it('budgets an agent per UTC day across its sessions, and wall time per session', async () => {
    const gw = await gateway({ budgets: { per_agent_day: { calls: 4 } } });
    const { bash } = api(gw);
    const answers = [];
    for (const session of ['d1', 'd1', 'd2', 'd2', 'd3']) answers.push((await bash(session, 'echo hi', { agent_id: 'nightly' })).body);
    expect(answers.map((a) => a.decision)).toEqual(['allow', 'allow', 'allow', 'ask', 'deny']);
    expect(answers[4].reasons[0].message).toMatch(/agent's daily budget for calls/);
    expect((await bash('other-agent', 'echo hi', { agent_id: 'daytime' })).body.decision).toBe('allow');
    const usage = await api(gw).get(`/v1/agents/nightly/usage?day=${new Date().toISOString().slice(0, 10)}`, gw.admin);
    expect(usage.body.usage).toEqual({ calls: 4, tokens: 0, cost_usd: 0 });
    expect((await api(gw).get('/v1/agents/nightly/usage?day=yesterday', gw.admin)).status).toBe(400);

    patchGovernance(gw, { budgets: { session: { wall_time_ms: 50 } } });
    await bash('slow', 'echo start');
    await new Promise((resolve) => setTimeout(resolve, 80));
    const late = (await bash('slow', 'echo later')).body;
    expect(late.decision).toBe('deny');
    expect(late.reasons[0].message).toMatch(/wall_time_ms is used up/);
  });

  it('ending a parent stops its children', async () => {
    const gw = await gateway();
    const { bash, post } = api(gw);
    await bash('p2', 'echo parent');
    await bash('c2', 'echo child', { parent_session_id: 'p2' });
    await bash('g2', 'echo grandchild', { parent_session_id: 'c2' });
    const ended = await post('/v1/sessions/p2/end', { status: 'completed', summary: 'done' });
    expect(ended.status).toBe(200);
    expect(ended.body.children_stopped.sort()).toEqual(['c2', 'g2']);
    const later = await bash('g2', 'echo again');
    expect(later.body.decision).toBe('deny');
    expect(later.body.obligations).toContain('stop');
    const parentLater = await bash('p2', 'echo again');
    expect(parentLater.body.reasons[0].message).toMatch(/has ended/);
  });
});

describe('loop governance over HTTP', () => {
  it('escalates warn → ask → deny → stop on a failing retry, and the stop sticks', async () => {
    const gw = await gateway();
    const { bash, report } = api(gw);
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const a = (await bash('loop1', 'npm run build')).body;
      seen.push(a.obligations.includes('stop') ? 'stop' : a.decision === 'allow' && a.obligations.includes('warn') ? 'warn' : a.decision);
      await report({ decision_id: a.decision_id, exit_code: 2, output_sha256: 'a'.repeat(64) });
    }
    expect(seen.slice(0, 4)).toEqual(['allow', 'warn', 'ask', 'ask']);
    expect(seen).toContain('deny');
    expect(seen.at(-1)).toBe('stop');
    const after = (await bash('loop1', 'ls')).body;
    expect(after.decision).toBe('deny');
    expect(after.reasons.map((r: any) => r.rule)).toContain('session.status.stopped');
  });

  it('treats edits between runs as progress (TDD) but not edits that undo each other', async () => {
    const gw = await gateway();
    const { bash, check, report } = api(gw);
    for (let i = 0; i < 8; i++) {
      const t = (await bash('tdd', 'npm test')).body;
      expect(t.decision).toBe('allow');
      await report({ decision_id: t.decision_id, exit_code: 1 });
      await check('tdd', 'edit', { file_path: '/home/dev/project/src/a.ts', old_string: `v${i}`, new_string: `v${i + 1}` });
    }
    const decisions = [];
    for (let i = 0; i < 5; i++) {
      decisions.push((await bash('undo', 'npm test')).body.decision);
      await check('undo', 'edit', { file_path: '/home/dev/project/src/a.ts', old_string: i % 2 ? 'y' : 'x', new_string: i % 2 ? 'x' : 'y' });
    }
    expect(decisions.at(-1)).not.toBe('allow');
  });

  it('unlocks a stopped session on operator reset', async () => {
    const gw = await gateway({ budgets: { session: { calls: 1 } } });
    const { bash, operator } = api(gw);
    await bash('rs', 'echo 1');
    expect((await bash('rs', 'echo 2')).body.decision).toBe('deny');
    patchGovernance(gw, { budgets: { session: { calls: 100 } } });
    expect((await bash('rs', 'echo 3')).body.decision).toBe('deny');
    expect((await operator('/v1/sessions/rs/reset', { stop: true })).body.status).toBe('active');
    expect((await bash('rs', 'echo 4')).body.decision).toBe('allow');
  });
});

describe('continuation', () => {
  it('stops on diminishing returns after three tiny continuations', async () => {
    const gw = await gateway();
    const { bash, post } = api(gw);
    await bash('cont', 'echo start');
    const answers = [];
    for (const tokens of [3000, 200, 100, 50]) answers.push((await post('/v1/sessions/cont/continue', { output_tokens: tokens })).body);
    expect(answers.map((a) => a.decision)).toEqual(['continue', 'continue', 'continue', 'stop']);
    expect(answers[3].reason).toMatch(/fewer than 500 output tokens/);
  });

  it('judges short continuations by the progress between them: a poll that moves goes on, one that does not stops', async () => {
    const gw = await gateway();
    const { bash, post, report } = api(gw);
    const poll = async (session: string, out: string) =>
      report({ decision_id: (await bash(session, 'kubectl rollout status deploy/api')).body.decision_id, exit_code: 1, output: out });
    const moving = [];
    for (let i = 1; i <= 5; i++) {
      await poll('moving', `Waiting for rollout to finish: ${i} of 6 updated replicas are available...`);
      moving.push((await post('/v1/sessions/moving/continue', { output_tokens: 20 })).body.decision);
    }
    expect(moving).toEqual(Array(5).fill('continue'));
    const stuck = [];
    for (let i = 1; i <= 4; i++) {
      await poll('stuck', 'Waiting for rollout to finish: 0 of 6 updated replicas are available...');
      stuck.push((await post('/v1/sessions/stuck/continue', { output_tokens: 20 })).body);
    }
    expect(stuck.map((a) => a.decision)).toEqual(['continue', 'continue', 'continue', 'stop']);
    expect(stuck[3].reasons.map((r: any) => r.rule)).toContain('session.continuation.diminishing_returns');
  });

  it('stops a continuation that restates the same plan with no call in between, not one that acts on it', async () => {
    const gw = await gateway();
    const { bash, post } = api(gw);
    const plan = 'Next I will update the parser to handle quoted fields, then rerun the tests for step 3.';
    const restated = 'Next, I will update the parser to handle quoted fields and then rerun the tests (step 4).';
    await bash('plan', 'echo start');
    const answers = [];
    for (const text of [plan, restated, plan]) answers.push((await post('/v1/sessions/plan/continue', { output_tokens: 4000, text })).body);
    expect(answers.map((a) => a.decision)).toEqual(['continue', 'continue', 'stop']);
    expect(answers[2].reasons.map((r: any) => r.rule)).toContain('session.continuation.restated_plan');
    // The same plan with a call in between: acted on, not restated.
    await bash('acted', 'echo start');
    const acted = [];
    for (let i = 0; i < 3; i++) {
      await bash('acted', `pytest tests/test_parser.py -k case${i}`);
      acted.push((await post('/v1/sessions/acted/continue', { output_tokens: 4000, text: plan })).body.decision);
    }
    expect(acted).toEqual(['continue', 'continue', 'continue']);
  });

  it('stops when a loop signal fired, at the budget completion threshold, and when done', async () => {
    const gw = await gateway({ budgets: { session: { calls: 10 } } });
    const { bash, post } = api(gw);
    for (let i = 0; i < 4; i++) await bash('cl', 'cat README.md');
    expect((await post('/v1/sessions/cl/continue', { output_tokens: 5000 })).body).toMatchObject({ decision: 'stop', reasons: [expect.objectContaining({ rule: 'session.continuation.loop' })] });
    for (let i = 0; i < 9; i++) await bash('cb', `echo ${i}`);
    expect((await post('/v1/sessions/cb/continue', { output_tokens: 5000 })).body.reason).toMatch(/calls budget/);
    await bash('cd', 'echo x');
    expect((await post('/v1/sessions/cd/continue', { output_tokens: 5000, done: true })).body.decision).toBe('stop');
    expect((await post('/v1/sessions/cd/continue', { output_tokens: 5000, reason: 'task_complete' })).body.decision).toBe('stop');
  });
});

describe('context and compaction', () => {
  const window = 200_000;
  it('warns past window − 20k, asks for compaction past window − 13k and asks/denies context-heavy calls', async () => {
    const gw = await gateway();
    const { check, bash } = api(gw);
    const read = (tokens: number) => check('ctx', 'Read', { file_path: '/home/dev/project/big.log' }, { context: { context_tokens: tokens, context_window: window } });
    expect((await read(150_000)).body).toMatchObject({ decision: 'allow', obligations: [] });
    expect((await read(181_000)).body).toMatchObject({ decision: 'allow', obligations: ['warn_context'] });
    const compact = (await read(188_000)).body;
    expect(compact.decision).toBe('ask');
    expect(compact.categories).toContain('context');
    expect(compact.obligations).toContain('compact');
    expect((await read(196_000)).body.decision).toBe('deny');
    // A small call is not held back, but still told to compact.
    const small = (await bash('ctx', 'git add -A', { context: { context_tokens: 196_000, context_window: window } })).body;
    expect(small.decision).toBe('allow');
    expect(small.obligations).toContain('compact');
    // A client that stops sending its size: the last known size stands until a compaction is reported.
    expect((await check('ctx', 'Read', { file_path: '/home/dev/project/x.ts' })).body.decision).toBe('deny');
  });

  it('verifies compactions against pinned items, opens the breaker after 3 failures, closes on success or reset', async () => {
    const gw = await gateway();
    const { check, post, send } = api(gw);
    await check('cmp', 'TodoWrite', { todos: [{ content: 'add retry to the uploader', status: 'in_progress' }, { content: 'old thing', status: 'completed' }] });
    await check('cmp', 'edit', { file_path: '/home/dev/project/src/uploader.ts', old_string: 'a', new_string: 'b' });
    await send('PUT', '/v1/sessions/cmp/pins', { goal: 'make uploads resumable' });
    const cp = (await post('/v1/sessions/cmp/checkpoints', { label: 'before compaction', state: { step: 3 } })).body;
    await check('cmp', 'Read', { file_path: '/home/dev/project/a' }, { context: { context_tokens: 190_000, context_window: window } });

    const bad = { ok: true, tokens_before: 190_000, tokens_after: 40_000, summary: 'we worked on some files' };
    const first = (await post('/v1/sessions/cmp/compactions', bad)).body;
    expect(first.counted_ok).toBe(false);
    expect(first.lost.map((l: any) => l.type).sort()).toEqual(['checkpoint', 'file', 'goal', 'todo']);
    expect(first.breaker_open).toBe(false);
    expect((await post('/v1/sessions/cmp/compactions', { ...bad, ok: false })).body.breaker_open).toBe(false);
    const third = (await post('/v1/sessions/cmp/compactions', { ...bad, tokens_after: 195_000 })).body;
    expect(third).toMatchObject({ counted_ok: false, breaker_open: true, consecutive_failures: 3 });
    expect(third.obligations).toContain('handoff');
    const checkWhileOpen = (await check('cmp', 'bash', { command: 'ls' }, { context: { context_tokens: 190_000, context_window: window } })).body;
    expect(checkWhileOpen.obligations).toContain('handoff');

    const good = {
      ok: true,
      tokens_before: 190_000,
      tokens_after: 30_000,
      summary: `Goal: make uploads resumable. Open: add retry to the uploader. Last checkpoint ${cp.checkpoint_id}. Changed src/uploader.ts.`,
    };
    const ok = (await post('/v1/sessions/cmp/compactions', good)).body;
    expect(ok).toMatchObject({ counted_ok: true, lost: [], breaker_open: false, consecutive_failures: 0 });
    const afterOk = (await check('cmp', 'Read', { file_path: '/home/dev/project/b' })).body;
    expect(afterOk.decision).toBe('allow');

    for (let i = 0; i < 3; i++) await post('/v1/sessions/cmp/compactions', { ...bad, ok: false });
    expect((await api(gw).operator('/v1/sessions/cmp/reset', { compaction_breaker: true })).body.compaction.consecutive_failures).toBe(0);
    const list = await api(gw).get('/v1/sessions/cmp/compactions');
    expect(list.body.compactions).toHaveLength(7);
  });

  it('counts a compaction without a summary unverified, or failed when the operator requires summaries', async () => {
    const gw = await gateway();
    const { check, post } = api(gw);
    await check('nosum', 'edit', { file_path: '/home/dev/project/src/a.ts', old_string: 'a', new_string: 'b' }, { context: { context_tokens: 150_000, context_window: window } });
    const lenient = (await post('/v1/sessions/nosum/compactions', { ok: true, tokens_after: 20_000 })).body;
    expect(lenient).toMatchObject({ counted_ok: true, pinned_verified: false, lost: [] });
    expect((await post('/v1/sessions/nosum/compactions', { ok: true, tokens_after: 190_000 })).body.counted_ok).toBe(false);
    patchGovernance(gw, { compaction: { require_summary: true } });
    const strict = (await post('/v1/sessions/nosum/compactions', { ok: true, tokens_after: 20_000 })).body;
    expect(strict.counted_ok).toBe(false);
    expect(strict.reasons.map((r: any) => r.rule)).toContain('session.compaction.no_summary');
  });
});

describe('checkpoints, resume, memory', () => {
  it('resumes after a crash: last checkpoint, decisions and outcomes since, budget, pinned items, memory', async () => {
    const gw = await gateway();
    const { bash, report, post, send, get } = api(gw);
    await bash('rsm', 'npm ci', { agent_id: 'builder' });
    const cp = await post('/v1/sessions/rsm/checkpoints', { label: 'deps installed', step: 1, state: { todo: ['build', 'test'] } });
    expect(cp.status).toBe(201);
    expect(cp.body.gateway.decisions_since_previous).toBe(1);
    const b = (await bash('rsm', 'npm run build')).body;
    await report({ decision_id: b.decision_id, exit_code: 0, output_sha256: 'b'.repeat(64), tokens_in: 10 });
    await send('PUT', '/v1/memory/session/notes?session_id=rsm', { value: { build: 'ok' } });
    await send('PUT', '/v1/memory/agent/style?agent_id=builder', { value: 'terse' });
    await send('PUT', '/v1/memory/project/stack', { value: ['node', 'sqlite'] });

    const resume = (await get('/v1/sessions/rsm/resume')).body;
    expect(resume.checkpoint).toMatchObject({ id: cp.body.checkpoint_id, label: 'deps installed', step: 1, state: { todo: ['build', 'test'] } });
    expect(resume.decisions_since_checkpoint.map((d: any) => d.input.command)).toEqual(['npm run build']);
    expect(resume.decisions_since_checkpoint[0].outcome).toMatchObject({ exit_code: 0, output_sha256: 'b'.repeat(64) });
    expect(resume.budget.usage).toMatchObject({ calls: 2, tokens: 10 });
    expect(resume.budget.remaining.calls).toBe(1998);
    expect(resume.pinned.last_checkpoint_id).toBe(cp.body.checkpoint_id);
    expect(resume.memory.session.notes.value).toEqual({ build: 'ok' });
    expect(resume.memory.agent.style.value).toBe('terse');
    expect(resume.memory.project.stack.value).toEqual(['node', 'sqlite']);

    // A new session resumes from the old one and carries its budgets over.
    const started = await post('/v1/sessions/rsm-2/start', { resume_from: 'rsm', agent_id: 'builder' });
    expect(started.status).toBe(201);
    expect(started.body.session.usage).toMatchObject({ calls: 2, tokens: 10 });
    expect(started.body.session.resumed_from).toBe('rsm');
    expect((await post('/v1/sessions/rsm-2/start', {})).status).toBe(409);
    // Or on the first check of the new session.
    const viaCheck = (await bash('rsm-3', 'npm test', { resume_from: 'rsm', agent_id: 'builder' })).body;
    expect(viaCheck.decision).toBe('allow');
    expect((await get('/v1/sessions/rsm-3')).body.session).toMatchObject({ resumed_from: 'rsm', usage: { calls: 3, tokens: 10 } });
    const unknown = (await bash('rsm-4', 'npm test', { resume_from: 'never-was' })).body;
    expect(unknown.decision).toBe('deny');
    expect(unknown.reasons[0].message).toMatch(/resume_from names no session "never-was"/);
  });

  it('rejects oversized checkpoint state and bad checkpoint bodies', async () => {
    const gw = await gateway({ checkpoints: { max_state_bytes: 1000 } });
    const { bash, post } = api(gw);
    await bash('big', 'echo');
    const big = await post('/v1/sessions/big/checkpoints', { label: 'x', state: { blob: 'y'.repeat(2000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/over the limit of 1000/);
    expect((await post('/v1/sessions/big/checkpoints', { label: 'x' })).status).toBe(400);
    expect((await post('/v1/sessions/big/checkpoints', { label: 7, state: {} })).status).toBe(400);
    expect((await post('/v1/sessions/big/checkpoints', { label: '', state: {} })).status).toBe(400);
  });

  it('versions memory with who and when; deletes are tombstones; if_version guards writes', async () => {
    const gw = await gateway();
    const { send, get } = api(gw);
    const v1 = await send('PUT', '/v1/memory/project/decision?project=p1', { value: { db: 'sqlite' }, written_by: 'planner' });
    expect(v1.body).toMatchObject({ version: 1, value: { db: 'sqlite' }, written_by: expect.stringMatching(/^planner via local caller/) });
    expect(typeof v1.body.written_at).toBe('number');
    const v2 = await send('PUT', '/v1/memory/project/decision?project=p1', { value: { db: 'postgres' }, if_version: 1 });
    expect(v2.body.version).toBe(2);
    expect((await send('PUT', '/v1/memory/project/decision?project=p1', { value: 1, if_version: 1 })).status).toBe(409);
    expect((await get('/v1/memory/project/decision?project=p1')).body.value).toEqual({ db: 'postgres' });
    expect((await get('/v1/memory/project/decision?project=p1&version=1')).body.value).toEqual({ db: 'sqlite' });
    expect((await send('DELETE', '/v1/memory/project/decision?project=p1')).body).toMatchObject({ version: 3, deleted: true });
    expect((await get('/v1/memory/project/decision?project=p1')).status).toBe(404);
    expect((await get('/v1/memory/project/decision?project=p1&version=2')).body.value).toEqual({ db: 'postgres' });
    expect((await get('/v1/memory/project?project=p1')).body.items).toEqual([]);
    // Bad input.
    expect((await send('PUT', '/v1/memory/galaxy/k', { value: 1 })).status).toBe(400);
    expect((await send('PUT', '/v1/memory/session/k', { value: 1 })).body.error.message).toMatch(/session_id/);
    expect((await send('PUT', '/v1/memory/project/k', {})).status).toBe(400);
    expect((await send('PUT', '/v1/memory/project/k', { value: 'x'.repeat(70_000) })).status).toBe(413);
    expect((await get('/v1/memory/project/nothing')).status).toBe(404);
  });
});

describe('bad input', () => {
  it('answers unknown sessions and decisions with 404 and a message', async () => {
    const gw = await gateway();
    const { post, get, report } = api(gw);
    for (const [path, body] of [
      ['/v1/sessions/nope/continue', { output_tokens: 1 }],
      ['/v1/sessions/nope/end', {}],
      ['/v1/sessions/nope/compactions', { ok: true, summary: 's' }],
      ['/v1/sessions/nope/checkpoints', { label: 'l', state: {} }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, path).toBe(404);
      expect(res.body.error.message).toMatch(/no session "nope"/);
    }
    expect((await get('/v1/sessions/nope/resume')).status).toBe(404);
    expect((await get('/v1/sessions/nope')).status).toBe(404);
    expect((await get('/v1/sessions/nope/checkpoints')).status).toBe(404);
    expect((await post('/v1/sessions/a%00b/continue', { output_tokens: 1 })).status).toBe(400);
    expect((await post('/v1/sessions/a%1Bb/end', {})).body.error.message).toMatch(/control characters/);
    expect((await post('/v1/sessions/new/start', { resume_from: 'nope' })).status).toBe(404);
    const r = await report({ decision_id: 'not-a-decision' });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/no decision/);
  });

  it('rejects wrong types, unknown fields and duplicates with 4xx', async () => {
    const gw = await gateway();
    const { bash, post, report } = api(gw);
    const d = (await bash('bad', 'echo')).body;
    expect((await report({ decision_id: d.decision_id, exit_code: 'one' })).status).toBe(400);
    expect((await report({ decision_id: d.decision_id, tokens_in: -5 })).status).toBe(400);
    expect((await report({ decision_id: d.decision_id, output_sha256: 'xyz' })).body.error.message).toMatch(/sha256/);
    expect((await report({ decision_id: d.decision_id, surprise: 1 })).status).toBe(400);
    expect((await report('{"decision_id":')).status).toBe(400);
    expect((await report({ decision_id: d.decision_id, exit_code: 0 })).status).toBe(200);
    expect((await report({ decision_id: d.decision_id, exit_code: 0 })).status).toBe(409);
    expect((await post('/v1/sessions/bad/continue', { output_tokens: -1 })).status).toBe(400);
    expect((await post('/v1/sessions/bad/continue', {})).status).toBe(400);
    expect((await post('/v1/sessions/bad/end', { status: 'exploded' })).status).toBe(400);
    expect((await post('/v1/sessions/bad/compactions', { ok: 'yes', summary: 's' })).status).toBe(400);
    expect((await api(gw).operator('/v1/sessions/bad/reset', {})).status).toBe(400);
    expect((await post(`/v1/sessions/${'x'.repeat(300)}/continue`, { output_tokens: 1 })).status).toBe(400);
  });
});

describe('restart', () => {
  it('keeps budgets, streaks, breaker state, checkpoints and memory across a gateway restart', async () => {
    const first = await startTestGateway();
    try {
      patchGovernance(first, { budgets: { session: { calls: 50 } } });
      const a = api(first);
      for (let i = 0; i < 3; i++) {
        const r = (await a.bash('rst', 'make test')).body;
        await a.report({ decision_id: r.decision_id, exit_code: 2, tokens_in: 100, output_sha256: 'c'.repeat(64) });
      }
      for (let i = 0; i < 3; i++) await a.post('/v1/sessions/rst/compactions', { ok: false, summary: 'x' });
      const cp = (await a.post('/v1/sessions/rst/checkpoints', { label: 'mid', state: { n: 1 } })).body;
      await a.send('PUT', '/v1/memory/session/k?session_id=rst', { value: 42 });
      const before = (await a.get('/v1/sessions/rst')).body;
      await first.stop();

      const second = await startTestGateway({ db: first.db, dir: first.dir });
      try {
        patchGovernance(second, { budgets: { session: { calls: 50 } } });
        const b = api(second);
        const after = (await b.get('/v1/sessions/rst')).body;
        expect(after.session.usage).toEqual({ ...before.session.usage, wall_ms: after.session.usage.wall_ms });
        expect(after.session.compaction).toEqual(before.session.compaction);
        expect(after.session.compaction.consecutive_failures).toBe(3);
        const next = (await b.bash('rst', 'make test')).body;
        // The failure streak carried over: the fourth identical failing run is asked, not allowed.
        expect(next.decision).toBe('ask');
        expect(next.reasons.map((r: any) => r.rule)).toContain('session.loop.failure_streak');
        const resume = (await b.get('/v1/sessions/rst/resume')).body;
        expect(resume.checkpoint.id).toBe(cp.checkpoint_id);
        expect(resume.memory.session.k.value).toBe(42);
        expect(resume.budget.usage.tokens).toBe(300);
      } finally {
        await second.stop();
      }
    } finally {
      await first.close();
    }
  });
});

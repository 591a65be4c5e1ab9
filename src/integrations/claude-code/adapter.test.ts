/**
 * The Claude Code adapter against a real gateway: the http hook route (POST /v1/hooks/claude-code
 * over real HTTP) and the command hook (runCommandHook, what `toolgate hook claude-code` runs),
 * with Claude Code's event JSON as 2.1.332 sends it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../../test/support/gateway.js';
import { FileCallLedger } from '../shared/call-ledger.js';
import { resolveAdapterConfig } from '../shared/config.js';
import { deadGatewayUrl } from '../../../test/support/dead-gateway.js';
import { runCommandHook } from './command-hook.js';
import { FileUsageCursor } from './usage.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
});

const hook = (body: unknown, headers: Record<string, string> = {}) => postJson(`${gw.url}/v1/hooks/claude-code`, body, headers);

const pre = (session: string, command: string, extra: Record<string, unknown> = {}) => ({
  session_id: session,
  transcript_path: '/tmp/t.jsonl',
  cwd: '/home/dev/project',
  permission_mode: 'dontAsk',
  hook_event_name: 'PreToolUse',
  tool_name: 'Bash',
  tool_input: { command, description: 'x' },
  tool_use_id: `toolu_${command.length}`,
  ...extra,
});

async function decisions(session: string) {
  return gw.gateway.store.db.selectFrom('decisions').selectAll().where('session_id', '=', session).orderBy('seq').execute();
}

describe('POST /v1/hooks/claude-code', () => {
  it('answers PreToolUse with a deny and the reason, and logs the call as Claude Code sent it', async () => {
    const r = await hook(pre('cc-deny', 'cat ~/.ssh/id_rsa'), { 'X-Toolgate-Home': '/home/dev' });
    expect(r.status).toBe(200);
    expect(r.body.hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny' });
    expect(r.body.hookSpecificOutput.permissionDecisionReason).toMatch(/^toolgate blocked: .*credential.*\(decision [0-9a-f-]{36}\)$/);
    const [row] = await decisions('cc-deny');
    expect(row).toMatchObject({ tool: 'Bash', decision: 'deny' });
    expect(JSON.parse(row.context)).toMatchObject({ cwd: '/home/dev/project', home: '/home/dev' });
  });

  it('judges only the fields Claude Code runs: a model-added cwd or cmd cannot steer the analysis', async () => {
    const steered = await hook(pre('cc-fields', 'rm -rf ..', { tool_input: { command: 'rm -rf ..', cwd: '/tmp/x', cmd: 'ls' } }), { 'X-Toolgate-Home': '/home/dev' });
    expect(steered.body.hookSpecificOutput.permissionDecision).toBe('deny');
    const [row] = await decisions('cc-fields');
    expect(JSON.parse(row.input)).toEqual({ command: 'rm -rf ..' });
    expect(JSON.parse(row.context).cwd).toBe('/home/dev/project');
  });

  it('allows an everyday call and reports its outcome after PostToolUse', async () => {
    const r = await hook(pre('cc-allow', 'ls -la'));
    expect(r.body.hookSpecificOutput.permissionDecision).toBe('allow');
    const post = await hook({
      session_id: 'cc-allow', cwd: '/home/dev/project', hook_event_name: 'PostToolUse', tool_name: 'Bash',
      tool_input: { command: 'ls -la' }, tool_response: { stdout: 'a\nb\n', stderr: '', interrupted: false }, tool_use_id: 'toolu_6', duration_ms: 12.7,
    });
    expect(post).toEqual({ status: 200, body: {} });
    const [row] = await decisions('cc-allow');
    const result = await gw.gateway.store.db.selectFrom('tool_results').selectAll().where('decision_id', '=', row.id).executeTakeFirst();
    expect(result).toMatchObject({ exit_code: 0, ok: 1, duration_ms: 13 });
  });

  it('reports a failed call as not ok, with the exit code from the error text', async () => {
    await hook(pre('cc-fail', 'npm test'));
    await hook({ session_id: 'cc-fail', hook_event_name: 'PostToolUseFailure', tool_name: 'Bash', tool_input: {}, tool_use_id: 'toolu_8', error: 'Exit code 1\nnpm ERR! test failed' });
    const [row] = await decisions('cc-fail');
    const result = await gw.gateway.store.db.selectFrom('tool_results').selectAll().where('decision_id', '=', row.id).executeTakeFirst();
    expect(result).toMatchObject({ exit_code: 1, ok: 0 });
  });

  it('puts a subagent\'s calls in a child session of the main one', async () => {
    await hook(pre('cc-main', 'ls', { agent_id: 'sub-1', agent_type: 'Explore' }));
    const [row] = await decisions('cc-main/sub-1');
    expect(row.tool).toBe('Bash');
    const session = await gw.gateway.store.getSession('cc-main/sub-1');
    expect(session?.parent_session_id).toBe('cc-main');
  });

  it('after a resume or a compaction, gives back what the session must not forget', async () => {
    await hook(pre('cc-resume', 'ls'));
    const cp = await postJson(`${gw.url}/v1/sessions/cc-resume/checkpoints`, { label: 'tests green', step: 3, state: { todo: ['docs'] } });
    expect(cp.status).toBeLessThan(300);
    const r = await hook({ session_id: 'cc-resume', hook_event_name: 'SessionStart', source: 'compact' });
    expect(r.body.hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(r.body.hookSpecificOutput.additionalContext).toContain('last checkpoint: tests green (step 3)');
    expect(await hook({ session_id: 'cc-resume', hook_event_name: 'SessionStart', source: 'startup' })).toEqual({ status: 200, body: {} });
    expect(await hook({ session_id: 'cc-never-seen', hook_event_name: 'SessionStart', source: 'resume' })).toEqual({ status: 200, body: {} });
  });

  it('ends a loop that a Stop hook keeps forcing once the gateway sees diminishing returns', async () => {
    await hook(pre('cc-forced', 'ls'));
    const stop = { session_id: 'cc-forced', hook_event_name: 'Stop', stop_hook_active: true, last_assistant_message: 'Still working on it.' };
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await hook(stop)).body);
    expect(answers[0]).toEqual({});
    const stopped = answers.find((a) => a.continue === false);
    expect(stopped?.stopReason).toMatch(/^toolgate: /);
    // An ordinary end of turn is not a continuation: nothing is sent, nothing is answered.
    expect(await hook({ ...stop, session_id: 'cc-normal', stop_hook_active: false })).toEqual({ status: 200, body: {} });
  });

  it('answers events it has no use for with "no decision"', async () => {
    for (const event of ['Stop', 'Notification', 'UserPromptSubmit', 'SessionStart', 'PreCompact', 'SomeFutureEvent']) {
      expect(await hook({ session_id: 'cc-other', hook_event_name: event })).toEqual({ status: 200, body: {} });
    }
    expect(await decisions('cc-other')).toEqual([]);
  });

  it('denies a call the gateway refuses to evaluate (a tool name with control characters)', async () => {
    const r = await hook({ ...pre('cc-hostile', 'ls'), tool_name: 'Bash\u0000\u001b[2J' });
    expect(r.status).toBe(200);
    expect(r.body.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(r.body.hookSpecificOutput.permissionDecisionReason).toMatch(/rejected the check request \(HTTP 400/);
  });

  it('refuses an event over the body limit (413), which Claude Code turns into a block', async () => {
    const r = await hook(pre('cc-huge', 'x'.repeat(2 * 1024 * 1024)));
    expect(r.status).toBe(413);
  });

  it.each([
    ['not JSON', '{"session_id":'],
    ['no event name', { session_id: 's' }],
    ['no session', { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {} }],
    ['a PreToolUse without a tool', { session_id: 's', hook_event_name: 'PreToolUse', tool_input: {} }],
    ['a tool input that is not an object', { session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: 'rm -rf /' }],
    ['an array', [1, 2]],
  ])('refuses %s with a 4xx (Claude Code then blocks the call: onFailure "block")', async (_l, body) => {
    const r = await hook(body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.error.message).toBeTruthy();
  });
});

describe('toolgate hook claude-code (command hook)', () => {
  const ledger = new FileCallLedger(mkdtempSync(path.join(tmpdir(), 'toolgate-ledger-')));
  const config = () => resolveAdapterConfig({ gatewayUrl: gw.url }, {});

  it('prints the decision as hook JSON and exits 0', async () => {
    const r = await runCommandHook(JSON.stringify(pre('cmd-deny', 'cat ~/.aws/credentials')), config(), ledger);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('says whether the token is in the environment the agent tools inherit: a dump asks only then', async () => {
    const saved = process.env.TOOLGATE_TOKEN;
    try {
      delete process.env.TOOLGATE_TOKEN;
      const without = await runCommandHook(JSON.stringify(pre('cmd-env-none', 'env')), config(), ledger);
      expect(JSON.parse(without.stdout).hookSpecificOutput.permissionDecision).toBe('allow');
      expect(JSON.parse((await decisions('cmd-env-none'))[0].context).token_env).toEqual([]);
      process.env.TOOLGATE_TOKEN = 'tg_example';
      const withToken = await runCommandHook(JSON.stringify(pre('cmd-env-token', 'env')), config(), ledger);
      expect(JSON.parse(withToken.stdout).hookSpecificOutput.permissionDecision).toBe('ask');
      expect(JSON.parse((await decisions('cmd-env-token'))[0].context).token_env).toEqual(['TOOLGATE_TOKEN']);
    } finally {
      if (saved === undefined) delete process.env.TOOLGATE_TOKEN;
      else process.env.TOOLGATE_TOKEN = saved;
    }
  });

  it('denies by itself, naming the gateway, when the gateway is down', async () => {
    const dead = await deadGatewayUrl();
    const r = await runCommandHook(JSON.stringify(pre('cmd-down', 'ls')), resolveAdapterConfig({ gatewayUrl: dead, timeoutMs: 500 }, {}), ledger);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe('deny');
    expect(out.permissionDecisionReason).toContain(dead);
    expect(out.permissionDecisionReason).toContain('ECONNREFUSED');
  });

  it.each([
    ['empty input', ''],
    ['not JSON', 'rm -rf /'],
    ['JSON that is not an event', '{"tool":"Bash"}'],
    ['an input over the size limit', `{"x":"${'a'.repeat(17 * 1024 * 1024)}"}`],
  ])('exits 2 (blocking) with a message on stderr for %s', async (_l, raw) => {
    const r = await runCommandHook(raw, config(), ledger);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^toolgate hook: .*blocked\n$/);
  });

  it('sends how full the context is, from the transcript, and the window from TOOLGATE_CONTEXT_WINDOW', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolgate-cc-'));
    const transcriptPath = path.join(dir, 't.jsonl');
    writeFileSync(transcriptPath, JSON.stringify({ type: 'assistant', message: { usage: { input_tokens: 180_000, output_tokens: 500 } } }) + '\n');
    const previous = process.env.TOOLGATE_CONTEXT_WINDOW;
    process.env.TOOLGATE_CONTEXT_WINDOW = '200000';
    try {
      await runCommandHook(JSON.stringify(pre('cmd-context', 'ls', { transcript_path: transcriptPath })), config(), ledger);
    } finally {
      if (previous === undefined) delete process.env.TOOLGATE_CONTEXT_WINDOW;
      else process.env.TOOLGATE_CONTEXT_WINDOW = previous;
    }
    const [row] = await decisions('cmd-context');
    expect(JSON.parse(row.context)).toMatchObject({ context_tokens: 180_500, context_window: 200_000 });
  });

  it('links PostToolUse to its decision across processes (the ledger is files)', async () => {
    await runCommandHook(JSON.stringify(pre('cmd-report', 'pwd')), config(), ledger);
    const post = { session_id: 'cmd-report', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {}, tool_response: { stdout: '/x' }, tool_use_id: 'toolu_3' };
    const r = await runCommandHook(JSON.stringify(post), config(), new FileCallLedger(ledger.dir));
    expect(r).toMatchObject({ exitCode: 0, stdout: '{}\n' });
    const [row] = await decisions('cmd-report');
    expect(await gw.gateway.store.db.selectFrom('tool_results').select('ok').where('decision_id', '=', row.id).executeTakeFirst()).toEqual({ ok: 1 });
  });

  it('reports token usage from the transcript, each assistant message once, so token budgets fire', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolgate-cc-usage-'));
    const transcriptPath = path.join(dir, 't.jsonl');
    const msg = (id: string, input: number, output: number) =>
      JSON.stringify({ type: 'assistant', message: { id, usage: { input_tokens: input, cache_read_input_tokens: 100, output_tokens: output } } }) + '\n';
    // One message streamed as two lines (same id): counted once.
    writeFileSync(transcriptPath, msg('m1', 1000, 50) + msg('m1', 1000, 50) + msg('m2', 2000, 70));
    const cursor = new FileUsageCursor(mkdtempSync(path.join(tmpdir(), 'toolgate-cursor-')));
    const post = (id: string) => ({ session_id: 'cmd-usage', transcript_path: transcriptPath, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {}, tool_response: { stdout: '' }, tool_use_id: id });
    await runCommandHook(JSON.stringify(pre('cmd-usage', 'ls', { transcript_path: transcriptPath, tool_use_id: 'u1' })), config(), ledger, cursor);
    await runCommandHook(JSON.stringify(post('u1')), config(), new FileCallLedger(ledger.dir), new FileUsageCursor(cursor.dir));
    writeFileSync(transcriptPath, msg('m1', 1000, 50) + msg('m2', 2000, 70) + msg('m3', 3000, 90));
    await runCommandHook(JSON.stringify(pre('cmd-usage', 'pwd', { transcript_path: transcriptPath, tool_use_id: 'u2' })), config(), ledger, cursor);
    await runCommandHook(JSON.stringify(post('u2')), config(), new FileCallLedger(ledger.dir), new FileUsageCursor(cursor.dir));
    const rows = await decisions('cmd-usage');
    const results = await gw.gateway.store.db.selectFrom('tool_results').select(['decision_id', 'tokens_in', 'tokens_out']).where('decision_id', 'in', rows.map((r) => r.id)).execute();
    const byDecision = new Map(results.map((r) => [r.decision_id, r]));
    expect(byDecision.get(rows[0]!.id)).toMatchObject({ tokens_in: 1100 + 2100, tokens_out: 120 });
    expect(byDecision.get(rows[1]!.id)).toMatchObject({ tokens_in: 3100, tokens_out: 90 });
  });

  it('the http hook reads usage from the transcript only when the gateway is told to (serve --read-transcripts)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolgate-cc-http-usage-'));
    const transcriptPath = path.join(dir, 't.jsonl');
    writeFileSync(transcriptPath, JSON.stringify({ type: 'assistant', message: { id: 'h1', usage: { input_tokens: 400, output_tokens: 40 } } }) + '\n');
    const reading = await startTestGateway({ readTranscripts: true });
    try {
      for (const target of [gw, reading]) {
        const session = target === gw ? 'http-usage-off' : 'http-usage-on';
        await postJson(`${target.url}/v1/hooks/claude-code`, pre(session, 'ls', { transcript_path: transcriptPath, tool_use_id: 'h' }));
        await postJson(`${target.url}/v1/hooks/claude-code`, { session_id: session, transcript_path: transcriptPath, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {}, tool_response: { stdout: '' }, tool_use_id: 'h' });
      }
      const tokens = async (target: TestGateway, session: string) => {
        const [row] = await target.gateway.store.db.selectFrom('decisions').select('id').where('session_id', '=', session).execute();
        return target.gateway.store.db.selectFrom('tool_results').select(['tokens_in', 'tokens_out']).where('decision_id', '=', row!.id).executeTakeFirst();
      };
      expect(await tokens(gw, 'http-usage-off')).toMatchObject({ tokens_in: null, tokens_out: null });
      expect(await tokens(reading, 'http-usage-on')).toMatchObject({ tokens_in: 400, tokens_out: 40 });
    } finally {
      await reading.close();
    }
  });
});

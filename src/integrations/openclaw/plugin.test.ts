/**
 * The OpenClaw plugin's logic, registered on a recording stand-in for OpenClaw's plugin API
 * and talking to a real gateway. The real OpenClaw runs it in test/e2e/openclaw.test.ts;
 * these cover the paths an e2e run cannot reach cheaply (approvals, misconfiguration,
 * refuse mode, reports, Code Mode).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../../test/support/gateway.js';
import { createToolgatePlugin, isAgentExecInvocation, type OpenClawApiLike } from './plugin.js';
import { mapOpenClawTool } from './tools.js';
import { deadGatewayUrl } from '../../../test/support/dead-gateway.js';

const ASK_POLICY = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../test/support/ask-policy');

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ policyDirs: [ASK_POLICY] });
}, 120_000);
afterAll(async () => {
  await gw?.close();
});

type Handler = (event: any, ctx: any) => unknown;

function load(pluginConfig: Record<string, unknown>, runtime = {}) {
  const handlers = new Map<string, Handler>();
  const options = new Map<string, Record<string, unknown> | undefined>();
  const logs: string[] = [];
  const api: OpenClawApiLike = {
    pluginConfig,
    config: { agents: { defaults: { workspace: '/home/dev/ws' } } },
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    on: (name, handler, opts) => {
      handlers.set(name, handler);
      options.set(name, opts);
    },
  };
  createToolgatePlugin(runtime).register(api);
  return { handlers, options, logs, call: (name: string, event: unknown, ctx: unknown) => handlers.get(name)!(event, ctx) as Promise<any> };
}

const ctx = (sessionId: string, toolCallId = 'call1') => ({ agentId: 'main', sessionId, toolCallId, toolName: 'exec' });

async function rows(session: string) {
  return gw.gateway.store.db.selectFrom('decisions').selectAll().where('session_id', '=', session).orderBy('seq').execute();
}

describe('toolgate OpenClaw plugin', () => {
  it('registers the tool, compaction and session hooks', () => {
    expect([...load({ gatewayUrl: gw.url }).handlers.keys()].sort()).toEqual(['after_compaction', 'after_tool_call', 'before_tool_call', 'llm_output', 'session_end']);
  });

  it('asks OpenClaw for enough time to wait for a person (its default is 15 s)', () => {
    expect(load({ gatewayUrl: gw.url, approvalWaitMs: 120_000, timeoutMs: 5_000 }).options.get('before_tool_call')).toEqual({ timeoutMs: 135_000 });
    expect(load({ gatewayUrl: gw.url, approvalWaitMs: 0 }).options.get('before_tool_call')).toEqual({ timeoutMs: 15_000 });
    expect(load({ gatewayUrl: gw.url, approvalWaitMs: 3_600_000 }).options.get('before_tool_call')).toEqual({ timeoutMs: 600_000 });
  });

  it('blocks a denied exec with the reason, in the agent workspace and home', async () => {
    const p = load({ gatewayUrl: gw.url, home: '/home/dev' });
    const r = await p.call('before_tool_call', { toolName: 'exec', params: { command: 'cat ~/.ssh/id_rsa' } }, ctx('oc-deny'));
    expect(r.block).toBe(true);
    expect(r.blockReason).toMatch(/^toolgate blocked: .*credential/);
    const [row] = await rows('oc-deny');
    expect(JSON.parse(row.context)).toMatchObject({ cwd: '/home/dev/ws', home: '/home/dev' });
    expect(row.agent_id).toBe('main');
  });

  it('lets an allowed call run (no result) and reports its outcome after it', async () => {
    const p = load({ gatewayUrl: gw.url });
    expect(await p.call('before_tool_call', { toolName: 'exec', params: { command: 'ls', workdir: '/home/dev/ws/sub' } }, ctx('oc-allow', 'c7'))).toBeUndefined();
    await p.call('after_tool_call', { toolName: 'exec', params: {}, toolCallId: 'c7', result: { content: [{ type: 'text', text: 'a' }], details: { exitCode: 3 } }, durationMs: 40.4 }, ctx('oc-allow', 'c7'));
    const [row] = await rows('oc-allow');
    // workdir is where exec runs: the context's cwd, never an input field; the workspace stays the agent's.
    expect(JSON.parse(row.input)).toEqual({ command: 'ls' });
    expect(JSON.parse(row.context)).toMatchObject({ cwd: '/home/dev/ws/sub', workspace_roots: ['/home/dev/ws'] });
    const result = await gw.gateway.store.db.selectFrom('tool_results').selectAll().where('decision_id', '=', row.id).executeTakeFirst();
    expect(result).toMatchObject({ exit_code: 3, ok: 0, duration_ms: 40 });
  });

  it('sends the model usage OpenClaw reports (llm_output) with the next outcome, so token budgets fire', async () => {
    const p = load({ gatewayUrl: gw.url });
    p.handlers.get('llm_output')!({ sessionId: 'oc-usage', usage: { input: 1200, cacheRead: 300, output: 80 } }, ctx('oc-usage', 'u1'));
    p.handlers.get('llm_output')!({ sessionId: 'oc-usage', usage: { input: 100, output: 20 } }, ctx('oc-usage', 'u1'));
    expect(await p.call('before_tool_call', { toolName: 'exec', params: { command: 'ls' } }, ctx('oc-usage', 'u1'))).toBeUndefined();
    await p.call('after_tool_call', { toolName: 'exec', params: {}, toolCallId: 'u1', result: { content: [] } }, ctx('oc-usage', 'u1'));
    const [row] = await rows('oc-usage');
    const result = await gw.gateway.store.db.selectFrom('tool_results').selectAll().where('decision_id', '=', row.id).executeTakeFirst();
    expect(result).toMatchObject({ tokens_in: 1600, tokens_out: 100 });
  });

  it('waits for a person on ask and runs the call once approved', async () => {
    const p = load({ gatewayUrl: gw.url, approvalWaitMs: 10_000 });
    const pending = p.call('before_tool_call', { toolName: 'exec', params: { command: 'echo needs-approval' } }, ctx('oc-ask'));
    let approval: any;
    for (let i = 0; i < 100 && !approval; i++) {
      const list = await (await fetch(`${gw.url}/v1/approvals?status=pending`)).json() as any;
      approval = list.approvals.find((a: any) => a.session_id === 'oc-ask');
      if (!approval) await new Promise((r) => setTimeout(r, 50));
    }
    await postJson(`${gw.url}/v1/approvals/${approval.id}`, { decision: 'approve' }, gw.admin);
    expect(await pending).toBeUndefined();
  });

  it('blocks an ask when nobody approves in time', async () => {
    const p = load({ gatewayUrl: gw.url, approvalWaitMs: 300 });
    const r = await p.call('before_tool_call', { toolName: 'exec', params: { command: 'echo needs-approval' } }, ctx('oc-ask-late'));
    expect(r.block).toBe(true);
    expect(r.blockReason).toMatch(/nobody approved it/);
  });

  it('with ask "native", hands an ask to OpenClaw\'s own approval prompt', async () => {
    const p = load({ gatewayUrl: gw.url, ask: 'native', approvalWaitMs: 5_000 });
    const r = await p.call('before_tool_call', { toolName: 'exec', params: { command: 'echo needs-approval' } }, ctx('oc-native'));
    expect(r.requireApproval).toMatchObject({ title: 'toolgate: exec needs approval', severity: 'warning', timeoutMs: 5_000, allowedDecisions: ['allow-once', 'deny'] });
    expect(r.requireApproval.description).toContain('a person must approve this command');
  });

  it('blocks every call, saying why, when its config is invalid', async () => {
    const p = load({ gatewayUrl: gw.url, failMode: 'sometimes' });
    const r = await p.call('before_tool_call', { toolName: 'read', params: { path: 'README.md' } }, ctx('oc-bad'));
    expect(r.block).toBe(true);
    expect(r.blockReason).toMatch(/misconfigured.*failMode/);
    expect(p.logs.join('\n')).toMatch(/invalid plugin config/);
  });

  it('blocks, naming the gateway, when the gateway is down', async () => {
    const dead = await deadGatewayUrl();
    const p = load({ gatewayUrl: dead, timeoutMs: 500 });
    const r = await p.call('before_tool_call', { toolName: 'read', params: { path: 'README.md' } }, ctx('oc-down'));
    expect(r).toMatchObject({ block: true });
    expect(r.blockReason).toContain(dead);
  });
});

describe('with a gateway that requires tokens', () => {
  it('sends the configured agent token; the decision is the token\'s agent\'s, whatever OpenClaw calls it', async () => {
    const secured = await startTestGateway();
    try {
      const { createToken } = await import('../../store/tokens.js');
      const { token } = await createToken(secured.gateway.store.db, { kind: 'agent', agentId: 'openclaw-prod' });
      const p = load({ gatewayUrl: secured.url, token });
      const r = await p.call('before_tool_call', { toolName: 'exec', params: { command: 'ls' } }, ctx('oc-token'));
      expect(r).toBeUndefined();
      const row = await secured.gateway.store.db.selectFrom('decisions').select(['agent_id', 'decision']).where('session_id', '=', 'oc-token').executeTakeFirst();
      expect(row).toEqual({ agent_id: 'openclaw-prod', decision: 'allow' });
      const wrong = load({ gatewayUrl: secured.url, token: 'tg_agent_nope' });
      const blocked = await wrong.call('before_tool_call', { toolName: 'exec', params: { command: 'ls' } }, ctx('oc-token-2'));
      expect(blocked.block).toBe(true);
      expect(blocked.blockReason).toMatch(/HTTP 401/);
    } finally {
      await secured.close();
    }
  });
});

describe('the agent exec path', () => {
  it('recognises `openclaw agent exec` from the command line, and only that', () => {
    expect(isAgentExecInvocation(['node', 'openclaw.mjs', 'agent', 'exec', 'do it'])).toBe(true);
    expect(isAgentExecInvocation(['node', 'openclaw.mjs', 'agent', '--local', '--message', 'exec'])).toBe(false);
    expect(isAgentExecInvocation(['node', 'openclaw.mjs', 'gateway'])).toBe(false);
  });

  it('starts the hook runner when OpenClaw has not, and refuses calls in refuse mode', async () => {
    const key = Symbol.for('openclaw.plugins.hook-runner-global-state');
    const g = globalThis as Record<symbol, unknown>;
    const argv = process.argv;
    const started: unknown[] = [];
    g[key] = { hookRunner: null, registry: null };
    process.argv = ['node', 'openclaw.mjs', 'agent', 'exec', 'x'];
    try {
      const gate = load({ gatewayUrl: gw.url }, { initializeGlobalHookRunner: (r: unknown) => started.push(r) });
      expect(started).toHaveLength(1);
      expect(gate.logs.join('\n')).toMatch(/toolgate started the hook runner itself/);
      // A second registration in the same run (OpenClaw's metadata pass, then the runtime): said once.
      const again = load({ gatewayUrl: gw.url }, { initializeGlobalHookRunner: (r: unknown) => started.push(r) });
      expect(again.logs.join('\n')).not.toMatch(/started the hook runner/);
      const refuse = load({ gatewayUrl: gw.url, execPath: 'refuse' }, { initializeGlobalHookRunner: () => {} });
      const r = await refuse.call('before_tool_call', { toolName: 'exec', params: { command: 'ls' } }, ctx('oc-refuse'));
      expect(r.block).toBe(true);
      expect(r.blockReason).toMatch(/refuses tool calls on `openclaw agent exec`/);
      // The refused call is in the decision log all the same.
      expect((await rows('oc-refuse')).map((row) => row.tool)).toEqual(['exec']);
      const blind = load({ gatewayUrl: gw.url }, {});
      expect(blind.logs.join('\n')).toMatch(/would NOT be checked/);
    } finally {
      process.argv = argv;
      delete g[key];
    }
  });
});

describe('the agent exec message says only what is true', () => {
  it('says nothing about starting the runner when OpenClaw already has one, and warns when it cannot tell', () => {
    const key = Symbol.for('openclaw.plugins.hook-runner-global-state');
    const g = globalThis as Record<symbol, unknown>;
    const argv = process.argv;
    process.argv = ['node', 'openclaw.mjs', 'agent', 'exec', 'x'];
    try {
      g[key] = { hookRunner: {}, registry: null };
      const present = load({ gatewayUrl: gw.url }, { initializeGlobalHookRunner: () => { throw new Error('must not start a second runner'); } });
      expect(present.logs.join('\n')).not.toMatch(/started the hook runner/);
      delete g[key];
      const unknown = load({ gatewayUrl: gw.url }, {});
      expect(unknown.logs.join('\n')).toMatch(/cannot tell whether/);
      expect(unknown.logs.join('\n')).not.toMatch(/started the hook runner/);
    } finally {
      process.argv = argv;
      delete g[key];
    }
  });
});

describe('mapOpenClawTool', () => {
  it('keeps names and params, adding what the gateway cannot know', () => {
    expect(mapOpenClawTool({ toolName: 'read', params: { path: 'a' } })).toEqual({ tool: 'read', input: { path: 'a' } });
    expect(mapOpenClawTool({ toolName: 'exec', params: { command: 'ls', workdir: '/w' } })).toEqual({ tool: 'exec', input: { command: 'ls' }, cwd: '/w' });
    expect(mapOpenClawTool({ toolName: 'exec', params: { command: 'ls', workdir: 'sub' } }, '/home/dev/ws')).toEqual({ tool: 'exec', input: { command: 'ls' }, cwd: '/home/dev/ws/sub' });
    expect(mapOpenClawTool({ toolName: 'apply_patch', params: { input: '*** Begin Patch' }, derivedPaths: ['/w/a'] }).input).toEqual({ input: '*** Begin Patch', paths: ['/w/a'] });
  });

  it('maps exactly the fields exec runs: command (string or argv) and env; a stray cmd is dropped', () => {
    const mapped = mapOpenClawTool({ toolName: 'exec', params: { command: ['rm', '-rf', '/'], cmd: 'ls', env: { LD_PRELOAD: '/tmp/x.so' }, timeoutSeconds: 5 } });
    expect(mapped.input).toEqual({ command: ['rm', '-rf', '/'], env: { LD_PRELOAD: '/tmp/x.so' }, timeoutSeconds: 5 });
  });

  it('never hands Code Mode JavaScript to the shell analysis', () => {
    expect(mapOpenClawTool({ toolName: 'exec', params: { code: 'fs.rmSync("/")' }, toolKind: 'code_mode_exec', toolInputKind: 'javascript' }).tool).toBe('code_mode_exec');
  });
});

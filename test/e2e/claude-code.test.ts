/**
 * Claude Code end to end: the real CLI (2.1.332, from scripts/install-e2e-claude.sh), a real
 * gateway on loopback, and a scripted model (mock-anthropic.ts). The hooks are exactly what
 * `toolgate install claude-code` writes, passed with --settings. `--permission-mode dontAsk`
 * makes Claude Code run a Bash call only when a hook allowed it, so the test proves both the
 * allow and the deny; `--bare` is never used because it disables hooks.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookCommand } from '../../src/cli/install.js';
import { withToolgateHooks, type HookTransport } from '../../src/integrations/claude-code/settings.js';
import { createToken } from '../../src/store/tokens.js';
import { deadGatewayUrl } from '../support/dead-gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { agentDirs, CLAUDE_BIN, ensureBuilt, missingClient, ROOT, removeRunDirs, run } from './helpers.js';
import { startMockAnthropic, type ScriptedTurn } from './mock-anthropic.js';

/** The script is a function of the run's folders so markers land in this run's workspace. */
type Script = (work: string, home: string) => ScriptedTurn[];

const skip = missingClient([CLAUDE_BIN], 'install-e2e-claude.sh');

let gw: TestGateway;
beforeAll(async () => {
  if (!skip) gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
  removeRunDirs();
});

async function runClaude(
  script: Script,
  transport: ((gatewayUrl: string) => HookTransport) | null,
  extraEnv: Record<string, string> = {},
  gateway = () => gw,
  extraArgs: (work: string, home: string) => string[] = () => [],
) {
  const { home, work } = agentDirs('toolgate-e2e-claude-');
  const mock = await startMockAnthropic(script(work, home));
  const settings = transport ? withToolgateHooks({}, transport(gateway().url)) : {};
  try {
    const result = await run(
      CLAUDE_BIN,
      ['-p', 'run the commands', '--permission-mode', 'dontAsk', '--settings', JSON.stringify(settings), '--output-format', 'stream-json', '--verbose', '--max-turns', '6', ...extraArgs(work, home)],
      {
        cwd: work,
        timeoutMs: 90_000,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          ANTHROPIC_BASE_URL: mock.url,
          ANTHROPIC_API_KEY: 'dummy',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
          DISABLE_AUTOUPDATER: '1',
          ...extraEnv,
        },
      },
    );
    return { result, mock, work, home };
  } finally {
    await mock.close();
  }
}

const deniedThenAllowed: Script = (work) => [
  // Reads a private SSH key: the shipped policy denies credential access. Had it run, the marker would exist.
  { kind: 'tool_use', name: 'Bash', input: { command: `touch ${work}/denied-marker && cat ~/.ssh/id_rsa`, description: 'read key' } },
  { kind: 'tool_use', name: 'Bash', input: { command: `touch ${work}/allowed-marker`, description: 'make marker' } },
  { kind: 'text', text: 'finished' },
];

async function decisionsOf(sessionIdLike: (id: string) => boolean, gateway = gw) {
  const rows = await gateway.gateway.store.db.selectFrom('decisions').selectAll().orderBy('seq').execute();
  return rows.filter((r) => sessionIdLike(r.session_id));
}

function sessionIdOf(stdout: string): string {
  for (const line of stdout.split('\n')) {
    try {
      const m = JSON.parse(line);
      if (m.type === 'system' && m.session_id) return m.session_id;
    } catch {
      /* not a JSON line */
    }
  }
  throw new Error(`no session id in Claude Code's output:\n${stdout.slice(0, 2000)}`);
}

describe.skipIf(skip)('Claude Code 2.1.332 with toolgate hooks', () => {
  it('http hook: a denied Bash call never runs, an allowed one runs, both decisions are logged', async () => {
    const { result, mock, work } = await runClaude(deniedThenAllowed, (url) => ({ kind: 'http', gatewayUrl: url }));
    expect(result.code, result.stderr).toBe(0);
    const seen = JSON.stringify(mock.toolResults());
    expect(existsSync(path.join(work, 'denied-marker')), seen).toBe(false);
    expect(existsSync(path.join(work, 'allowed-marker')), seen).toBe(true);

    const [denied, allowed] = mock.toolResults();
    expect(denied.is_error).toBe(true);
    expect(denied.text).toContain('toolgate blocked');
    expect(denied.text).toContain('credential');
    expect(allowed.is_error).toBeFalsy();

    const session = sessionIdOf(result.stdout);
    const rows = await decisionsOf((id) => id === session);
    expect(rows.map((r) => [r.tool, r.decision])).toEqual([
      ['Bash', 'deny'],
      ['Bash', 'allow'],
    ]);
    expect(JSON.parse(rows[0].categories)).toContain('credential_access');
    // PostToolUse reported the allowed call's outcome.
    const outcome = await gw.gateway.store.db.selectFrom('tool_results').select(['ok', 'exit_code']).where('decision_id', '=', rows[1].id).executeTakeFirst();
    expect(outcome).toEqual({ ok: 1, exit_code: 0 });
    process.stdout.write(`claude e2e (http hook): ${result.ms} ms\n`);
  }, 120_000);

  it('http hook: a gateway that is down blocks the call (onFailure "block")', async () => {
    const dead = await deadGatewayUrl();
    const { result, work, mock } = await runClaude(deniedThenAllowed, () => ({ kind: 'http', gatewayUrl: dead }));
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(work, 'allowed-marker'))).toBe(false);
    expect(existsSync(path.join(work, 'denied-marker'))).toBe(false);
    // What the model is told (docs/integrations.md quotes it).
    const told = mock.toolResults();
    expect(told.every((r) => r.is_error)).toBe(true);
    expect(told[0]?.text).toMatch(/hook error: .*blocking because onFailure is "block"/);
    process.stdout.write(`claude e2e (http hook, gateway down) tool result: ${JSON.stringify(told[0]?.text)}\n`);
  }, 120_000);

  it('command hook (`toolgate hook claude-code`): deny and allow, decisions logged', async () => {
    ensureBuilt();
    const { result, work } = await runClaude(deniedThenAllowed, (url) => ({ kind: 'command', command: hookCommand(url) }));
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(path.join(work, 'denied-marker'))).toBe(false);
    expect(existsSync(path.join(work, 'allowed-marker'))).toBe(true);
    const rows = await decisionsOf((id) => id === sessionIdOf(result.stdout));
    expect(rows.map((r) => r.decision)).toEqual(['deny', 'allow']);
    process.stdout.write(`claude e2e (command hook): ${result.ms} ms\n`);
  }, 180_000);

  describe('a gateway that requires tokens', () => {
    let secured: TestGateway;
    let token: string;
    beforeAll(async () => {
      secured = await startTestGateway();
      ({ token } = await createToken(secured.gateway.store.db, { kind: 'agent', agentId: 'ci-agent' }));
    });
    afterAll(async () => {
      await secured?.close();
    });

    it('the agent token from the environment gets decisions attributed to its agent', async () => {
      const { result, work } = await runClaude(deniedThenAllowed, (url) => ({ kind: 'http', gatewayUrl: url, withToken: true }), { TOOLGATE_TOKEN: token }, () => secured);
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(path.join(work, 'denied-marker'))).toBe(false);
      expect(existsSync(path.join(work, 'allowed-marker'))).toBe(true);
      const rows = await decisionsOf((id) => id === sessionIdOf(result.stdout), secured);
      expect(rows.map((r) => [r.agent_id, r.decision])).toEqual([
        ['ci-agent', 'deny'],
        ['ci-agent', 'allow'],
      ]);
    }, 120_000);

    it('a wrong token blocks every call', async () => {
      const { result, work, mock } = await runClaude(deniedThenAllowed, (url) => ({ kind: 'http', gatewayUrl: url, withToken: true }), { TOOLGATE_TOKEN: 'tg_agent_bogus' }, () => secured);
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(path.join(work, 'allowed-marker'))).toBe(false);
      expect(mock.toolResults().every((r) => r.is_error)).toBe(true);
    }, 120_000);
  });

  it('ask goes to Claude Code\'s own permission handling (in -p with dontAsk there is no prompt, so the call does not run)', async () => {
    const asking = await startTestGateway({ policyDirs: [path.join(ROOT, 'test/support/ask-policy')] });
    try {
      const askScript: Script = (work) => [
        { kind: 'tool_use', name: 'Bash', input: { command: `touch ${work}/asked-marker # needs-approval`, description: 'ask' } },
        { kind: 'text', text: 'finished' },
      ];
      const { result, work, mock } = await runClaude(askScript, (url) => ({ kind: 'http', gatewayUrl: url }), {}, () => asking);
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(path.join(work, 'asked-marker'))).toBe(false);
      const [asked] = mock.toolResults();
      expect(asked.is_error).toBe(true);
      expect(asked.text).toContain('toolgate needs approval: a person must approve this command');
      const rows = await decisionsOf((id) => id === sessionIdOf(result.stdout), asking);
      expect(rows.map((r) => r.decision)).toEqual(['ask']);
    } finally {
      await asking.close();
    }
  }, 180_000);

  it('as an MCP client: Claude Code talks to a server through `toolgate mcp-proxy`, which blocks the key read', async () => {
    const cli = ensureBuilt();
    const trusting = await startTestGateway({ policyDirs: [path.join(ROOT, 'test/e2e/testdata/mcp-policy')] });
    const session = `claude-mcp-${Date.now()}`;
    const fsServer = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
    try {
      const script: Script = (work, home) => [
        { kind: 'tool_use', name: 'mcp__fs__read_text_file', input: { path: path.join(work, 'README.md') } },
        { kind: 'tool_use', name: 'mcp__fs__read_text_file', input: { path: path.join(home, '.ssh', 'id_rsa') } },
        { kind: 'text', text: 'finished' },
      ];
      const { result, mock } = await runClaude(script, null, {}, () => trusting, (work, home) => {
        writeFileSync(path.join(work, 'README.md'), 'readme text\n');
        const mcp = { mcpServers: { fs: { command: process.execPath, args: [cli, 'mcp-proxy', '--name', 'fs', '--gateway', trusting.url, '--session', session, '--', process.execPath, fsServer, home] } } };
        return ['--mcp-config', JSON.stringify(mcp), '--strict-mcp-config', '--allowedTools', 'mcp__fs__read_text_file'];
      });
      expect(result.code, result.stderr).toBe(0);
      const [readme, key] = mock.toolResults();
      expect(readme.is_error, readme.text).toBeFalsy();
      expect(readme.text).toContain('readme text');
      expect(key.is_error).toBe(true);
      expect(key.text).toContain('toolgate blocked');
      expect(key.text).not.toContain('not a real key');
      const rows = await trusting.gateway.store.db.selectFrom('decisions').select(['tool', 'decision']).where('session_id', '=', session).orderBy('seq').execute();
      expect(rows).toEqual([
        { tool: 'mcp__fs__read_text_file', decision: 'allow' },
        { tool: 'mcp__fs__read_text_file', decision: 'deny' },
      ]);
      process.stdout.write(`claude e2e (MCP through mcp-proxy): ${result.ms} ms\n`);
    } finally {
      await trusting.close();
    }
  }, 180_000);
});

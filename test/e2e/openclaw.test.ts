/**
 * OpenClaw end to end: the real openclaw 2026.9.6 CLI (scripts/install-e2e-openclaw.sh) under a
 * Node 26 from npm (the project stays on Node 20), isolated config/state/home folders, a
 * scripted OpenAI-compatible model on loopback (mock-openai.ts), toolgate's plugin loaded from
 * integrations/openclaw, and a real gateway deciding.
 *
 * Both headless paths are run. `openclaw agent exec` is the one where OpenClaw 2026.9.6 never
 * starts its plugin hook runner; the control run (a plugin without toolgate's fix) shows that
 * gap is real, and the gated run shows toolgate closes it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withToolgatePlugin } from '../../src/integrations/openclaw/config.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { agentDirs, missingClient, NODE26_BIN, OPENCLAW_MJS, ROOT, removeRunDirs, run, runDir } from './helpers.js';
import { startMockOpenAI, type ScriptedCall } from './mock-openai.js';

const skip = missingClient([NODE26_BIN, OPENCLAW_MJS], 'install-e2e-openclaw.sh');
const PLUGIN_DIR = path.join(ROOT, 'integrations/openclaw');

let gw: TestGateway;
beforeAll(async () => {
  if (skip) return;
  // OpenClaw loads the plugin's compiled JS: compile the plugin's module graph into dist/.
  execFileSync(process.execPath, [
    path.join(ROOT, 'node_modules/typescript/bin/tsc'),
    '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--strict', '--skipLibCheck',
    '--rootDir', path.join(ROOT, 'src'), '--outDir', path.join(ROOT, 'dist'),
    path.join(ROOT, 'src/integrations/openclaw/plugin.ts'),
  ], { stdio: 'inherit' });
  gw = await startTestGateway();
}, 120_000);
afterAll(async () => {
  await gw?.close();
  removeRunDirs();
});

type Mode = 'local' | 'exec';

async function runOpenClaw(
  mode: Mode,
  script: (work: string, home: string) => ScriptedCall[],
  pluginDir = PLUGIN_DIR,
  options: { gateway?: TestGateway; pluginConfig?: Record<string, unknown>; defaultWorkspace?: boolean } = {},
) {
  const gateway = options.gateway ?? gw;
  const { dir, home, work } = agentDirs(`toolgate-e2e-openclaw-${mode}-`);
  const mock = await startMockOpenAI(script(work, home));
  const config = withToolgatePlugin(
    {
      models: {
        providers: {
          mock: {
            baseUrl: mock.baseUrl, apiKey: 'dummy', api: 'openai-completions',
            models: [{ id: 'mock-1', name: 'mock', input: ['text'], contextWindow: 128000, maxTokens: 4096 }],
          },
        },
      },
      // defaultWorkspace: OpenClaw's default config, which sets no workspace at all.
      agents: { defaults: { ...(options.defaultWorkspace ? {} : { workspace: work }), model: { primary: 'mock/mock-1' } } },
    },
    { gatewayUrl: gateway.url, pluginDir, pluginConfig: { home, approvalWaitMs: 0, ...options.pluginConfig } },
  );
  writeFileSync(path.join(dir, 'openclaw.json'), JSON.stringify(config, null, 2));
  const sessionId = randomUUID();
  const args =
    mode === 'local'
      ? [OPENCLAW_MJS, 'agent', '--local', '--agent', 'main', '--session-id', sessionId, '--message', 'run the commands', '--json', '--model', 'mock/mock-1']
      : [OPENCLAW_MJS, 'agent', 'exec', 'run the commands', '--json', '--model', 'mock/mock-1', '--cwd', work];
  try {
    const result = await run(NODE26_BIN, args, {
      // Started from the home folder, as a user starts it from a terminal.
      cwd: options.defaultWorkspace ? home : work,
      timeoutMs: 150_000,
      env: {
        PATH: `${path.dirname(NODE26_BIN)}:${process.env.PATH}`,
        HOME: home,
        OPENCLAW_CONFIG_PATH: path.join(dir, 'openclaw.json'),
        OPENCLAW_STATE_DIR: path.join(dir, 'state'),
      },
    });
    return { result, mock, work, home, state: path.join(dir, 'state'), sessionIds: [sessionId, ...sessionsIn(result.stdout)] };
  } finally {
    await mock.close();
  }
}

const deniedThenAllowed = (work: string): ScriptedCall[] => [
  // Reads a private SSH key: the shipped policy denies credential access. Had it run, the marker would exist.
  { kind: 'tool_call', name: 'exec', arguments: { command: `touch ${work}/denied-marker && cat ~/.ssh/id_rsa` } },
  { kind: 'tool_call', name: 'exec', arguments: { command: `touch ${work}/allowed-marker` } },
  { kind: 'text', text: 'finished' },
];

function sessionsIn(stdout: string): string[] {
  return [...stdout.matchAll(/"sessionId":\s*"([^"]+)"/g)].map((m) => m[1]);
}

async function decisionsFor(sessions: string[]) {
  return gw.gateway.store.db.selectFrom('decisions').select(['id', 'tool', 'decision', 'categories']).where('session_id', 'in', sessions).orderBy('seq').execute();
}

describe.skipIf(skip)('OpenClaw 2026.9.6 with the toolgate plugin', () => {
  for (const mode of ['local', 'exec'] as const) {
    it(`agent ${mode === 'local' ? '--local' : 'exec'}: a blocked exec never runs and the model gets the reason; an allowed one runs`, async () => {
      const { result, mock, work, sessionIds } = await runOpenClaw(mode, deniedThenAllowed);
      expect(result.code, result.stderr.slice(-3000)).toBe(0);
      expect(existsSync(path.join(work, 'denied-marker'))).toBe(false);
      expect(existsSync(path.join(work, 'allowed-marker'))).toBe(true);
      const [denied, allowed] = mock.toolResults();
      expect(denied.text).toContain('toolgate blocked');
      expect(denied.text).toContain('credential');
      expect(allowed.text).not.toContain('toolgate');
      const rows = await decisionsFor(sessionIds);
      expect(rows.map((r) => [r.tool, r.decision])).toEqual([
        ['exec', 'deny'],
        ['exec', 'allow'],
      ]);
      // after_tool_call reported the allowed call's outcome.
      const outcome = await gw.gateway.store.db.selectFrom('tool_results').select(['ok', 'exit_code']).where('decision_id', '=', rows[1].id).executeTakeFirst();
      expect(outcome).toEqual({ ok: 1, exit_code: 0 });
      if (mode === 'exec') expect(result.stderr).toContain('toolgate started the hook runner itself');
      process.stdout.write(`openclaw e2e (agent ${mode}): ${result.ms} ms\n`);
    }, 180_000);
  }

  it('default config (no workspace set): calls are judged in the agent workspace OpenClaw really uses, not the start folder', async () => {
    const { result, home, state, sessionIds } = await runOpenClaw(
      'local',
      (_work, home) => {
        mkdirSync(path.join(home, 'notes'), { recursive: true });
        return [
          { kind: 'tool_call', name: 'exec', arguments: { command: 'rm -rf ~/notes' } },
          { kind: 'text', text: 'finished' },
        ];
      },
      PLUGIN_DIR,
      { defaultWorkspace: true },
    );
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const rows = await gw.gateway.store.db.selectFrom('decisions').select(['decision', 'context']).where('session_id', 'in', sessionIds).orderBy('seq').execute();
    // Started from ~: judged against ~ as the workspace, this was an ask; against the real workspace
    // it is a delete outside the workspace, in home, and denied (home under /tmp is still home).
    expect(JSON.parse(rows[0]!.context).cwd).toBe(path.join(state, 'workspace'));
    expect(rows.map((r) => r.decision)).toEqual(['deny']);
    expect(existsSync(path.join(home, 'notes'))).toBe(true);
    expect(rows.map((r) => r.decision)).toEqual(['deny']);
    expect(JSON.parse(rows[0]!.context).cwd).toBe(path.join(state, 'workspace'));
  }, 180_000);

  it('agent exec without toolgate\'s fix: OpenClaw skips the plugin hook and the call runs (the gap is real), and the plugin says so', async () => {
    // The same plugin, but its entry does not hand in OpenClaw's hook runtime.
    const control = path.join(runDir('toolgate-e2e-openclaw-control-'), 'plugin');
    cpSync(PLUGIN_DIR, control, { recursive: true });
    writeFileSync(
      path.join(control, 'index.js'),
      `import { createToolgatePlugin } from ${JSON.stringify(path.join(ROOT, 'dist/integrations/openclaw/plugin.js'))};\nexport default createToolgatePlugin({});\n`,
    );
    const { result, work } = await runOpenClaw('exec', deniedThenAllowed, control);
    expect(existsSync(path.join(work, 'denied-marker'))).toBe(true);
    expect(result.stderr).toContain('tool calls would NOT be checked');
  }, 180_000);

  it('ask: the run waits for a person past OpenClaw\'s 15 s hook budget, and the approved call runs', async () => {
    const asking = await startTestGateway({ policyDirs: [path.join(ROOT, 'test/support/ask-policy')] });
    try {
      // A person answers 17 s after the approval appears: past OpenClaw's default before_tool_call budget.
      let answeredAfterMs = 0;
      const person = (async () => {
        for (let i = 0; i < 600; i++) {
          const { approvals } = (await (await fetch(`${asking.url}/v1/approvals?status=pending`)).json()) as { approvals: Array<{ id: string }> };
          if (approvals[0]) {
            const seen = Date.now();
            await new Promise((r) => setTimeout(r, 17_000));
            await fetch(`${asking.url}/v1/approvals/${approvals[0].id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...asking.admin }, body: JSON.stringify({ decision: 'approve' }) });
            answeredAfterMs = Date.now() - seen;
            return;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const { result, work, mock } = await runOpenClaw(
        'exec',
        (w) => [
          { kind: 'tool_call', name: 'exec', arguments: { command: `touch ${w}/approved-marker # needs-approval` } },
          { kind: 'text', text: 'finished' },
        ],
        PLUGIN_DIR,
        { gateway: asking, pluginConfig: { approvalWaitMs: 60_000 } },
      );
      await person;
      expect(result.code, result.stderr.slice(-3000)).toBe(0);
      expect(answeredAfterMs).toBeGreaterThan(15_000);
      expect(existsSync(path.join(work, 'approved-marker')), JSON.stringify(mock.toolResults())).toBe(true);
      process.stdout.write(`openclaw e2e (ask, approved after ${answeredAfterMs} ms): ${result.ms} ms\n`);
    } finally {
      await asking.close();
    }
  }, 240_000);
});

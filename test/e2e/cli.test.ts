/**
 * The integration commands as a user runs them (`node bin/toolgate.js …`), against a real
 * gateway: install/uninstall for both clients, the command hook, and answering approvals.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, postJson, type TestGateway } from '../support/gateway.js';
import { ensureBuilt, removeRunDirs, ROOT, runDir } from './helpers.js';

const exec = promisify(execFile);
const BIN = path.join(ROOT, 'bin/toolgate.js');
const ASK_POLICY = path.join(ROOT, 'test/support/ask-policy');

let gw: TestGateway;
beforeAll(async () => {
  ensureBuilt();
  gw = await startTestGateway({ policyDirs: [ASK_POLICY] });
}, 180_000);
afterAll(async () => {
  await gw?.close();
  removeRunDirs();
});

async function toolgate(args: string[], input?: string, env: Record<string, string> = {}) {
  const child = exec(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 30_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('toolgate integration commands', () => {
  it('install and uninstall claude-code keep the user\'s settings', async () => {
    const file = path.join(runDir('toolgate-cli-'), 'settings.json');
    const theirs = { model: 'opus', hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] } };
    writeFileSync(file, JSON.stringify(theirs));
    const installed = await toolgate(['install', 'claude-code', '--settings-file', file, '--url', gw.url]);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain(`http hooks → ${gw.url}`);
    const settings = JSON.parse(readFileSync(file, 'utf8'));
    expect(settings.hooks.PreToolUse[0].hooks[0]).toMatchObject({ type: 'http', url: `${gw.url}/v1/hooks/claude-code`, onFailure: 'block' });
    const removed = await toolgate(['uninstall', 'claude-code', '--settings-file', file]);
    expect(removed.stdout).toContain('removed 7 hook(s)');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(theirs);
  });

  it('refuses a broken settings file, changing nothing', async () => {
    const file = path.join(runDir('toolgate-cli-'), 'settings.json');
    writeFileSync(file, '{ "hooks": ');
    const r = await toolgate(['install', 'claude-code', '--settings-file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON.*nothing was changed/);
    expect(readFileSync(file, 'utf8')).toBe('{ "hooks": ');
  });

  it('install openclaw writes the plugin entry; uninstall takes it out', async () => {
    const file = path.join(runDir('toolgate-cli-'), 'openclaw.json');
    expect((await toolgate(['install', 'openclaw', '--openclaw-config', file, '--url', gw.url])).code).toBe(0);
    const config = JSON.parse(readFileSync(file, 'utf8'));
    expect(config.plugins.load.paths).toEqual([path.join(ROOT, 'integrations/openclaw')]);
    expect(config.plugins.entries.toolgate.config.gatewayUrl).toBe(gw.url);
    expect((await toolgate(['uninstall', 'openclaw', '--openclaw-config', file])).stdout).toContain('removed');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
  });

  it('hook claude-code answers on stdout and exits 0; blocks with exit 2 on garbage', async () => {
    const event = { session_id: 'cli-hook', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'cat ~/.ssh/id_ed25519' }, tool_use_id: 't1' };
    const r = await toolgate(['hook', 'claude-code', '--gateway', gw.url], JSON.stringify(event));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    const bad = await toolgate(['hook', 'claude-code', '--gateway', gw.url], '\u0000\u00ff not json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('blocked');
  });

  it('approvals list shows a waiting call, and approve answers it as the operator (the local admin secret)', async () => {
    const { body: ask } = await postJson(`${gw.url}/v1/check`, { session_id: 'cli-approvals', tool: 'bash', input: { command: 'echo needs-approval' } });
    const { body: approval } = await postJson(`${gw.url}/v1/approvals`, { decision_id: ask.decision_id, timeout_ms: 60_000 });
    const secret = ['--admin-secret', path.join(gw.dir, 'admin.secret')];
    const listed = await toolgate(['approvals', 'list', '--gateway', gw.url, ...secret]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(approval.id);
    expect(listed.stdout).toMatch(/pending, \d+ s left/);
    expect(listed.stdout).toContain('bash: echo needs-approval');
    expect(listed.stdout).toContain('toolgate approvals show <id>');
    expect(listed.stdout).not.toContain('decisions show');
    const shown = await toolgate(['approvals', 'show', approval.id, '--gateway', gw.url, ...secret]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('reason: ');
    expect(shown.stdout).toContain('"command": "echo needs-approval"');
    expect(shown.stdout).toContain(`toolgate approvals approve ${approval.id}`);
    // Without the secret (an agent running the CLI) the answer is refused.
    const unauthorised = await toolgate(['approvals', 'approve', approval.id, '--gateway', gw.url, '--admin-secret', path.join(gw.dir, 'nope')]);
    expect(unauthorised.code).toBe(1);
    expect(unauthorised.stderr).toContain('cannot read the admin secret');
    const approved = await toolgate(['approvals', 'approve', approval.id, '--gateway', gw.url, '--note', 'checked', ...secret]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('approved by local-admin');
    const again = await toolgate(['approvals', 'deny', approval.id, '--gateway', gw.url, ...secret]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already approved');
  });

  it('agents stop denies every session of an agent until agents lift', async () => {
    const secret = ['--admin-secret', path.join(gw.dir, 'admin.secret')];
    const call = (session_id: string) => postJson(`${gw.url}/v1/check`, { session_id, agent_id: 'cli-agent', tool: 'bash', input: { command: 'ls' } });
    expect((await call('cli-agent-1')).body.decision).toBe('allow');
    const stopped = await toolgate(['agents', 'stop', 'cli-agent', '--reason', 'enough', '--gateway', gw.url, ...secret]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ stopped: true, stopped_by: 'local-admin', reason: 'enough' });
    expect((await call('cli-agent-1')).body.decision).toBe('deny');
    expect((await call('cli-agent-2')).body.decision).toBe('deny');
    const lifted = await toolgate(['agents', 'lift', 'cli-agent', '--gateway', gw.url, ...secret]);
    expect(lifted.code, lifted.stderr).toBe(0);
    expect((await call('cli-agent-2')).body.decision).toBe('allow');
  });

  it('approvals says clearly when the gateway is not there', async () => {
    const r = await toolgate(['approvals', 'list', '--gateway', 'http://127.0.0.1:1', '--admin-secret', path.join(gw.dir, 'admin.secret')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach the gateway at http://127.0.0.1:1');
  });
});

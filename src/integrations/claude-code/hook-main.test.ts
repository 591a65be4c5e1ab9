import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../paths.js';
import { deadGatewayUrl } from '../../../test/support/dead-gateway.js';
import { runHookProcess } from './hook-main.js';

const event = JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 's1', tool_name: 'Bash', tool_input: { command: 'ls' }, cwd: '/tmp', transcript_path: '/nonexistent' });

describe('the lean command-hook entry point', () => {
  it('refuses an unknown client or flag with exit 2 and the usage', async () => {
    const unknown = await runHookProcess(['cursor'], async () => event);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/unknown client "cursor".*\n.*usage: toolgate hook claude-code/);
    const badFlag = await runHookProcess(['claude-code', '--gatway', 'x'], async () => event);
    expect(badFlag.exitCode).toBe(2);
    expect(badFlag.stderr).toContain('--gatway');
    const badTimeout = await runHookProcess(['claude-code', '--timeout', 'soon'], async () => event);
    expect(badTimeout.exitCode).toBe(2);
  });

  it('bin/toolgate.js hook claude-code runs the lean entry point and denies when the gateway is down', async () => {
    const url = await deadGatewayUrl();
    const run = spawnSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin/toolgate.js'), 'hook', 'claude-code', '--gateway', url, '--timeout', '500'], {
      input: event,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(out.hookSpecificOutput.permissionDecisionReason).toMatch(/fails closed/);
  });
});

import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installClaudeCode, isToolgateHandler, uninstallClaudeCode, withToolgateHooks, withoutToolgateHooks } from './settings.js';

const http = { kind: 'http' as const, gatewayUrl: 'http://127.0.0.1:8787/', withToken: true };
const command = { kind: 'command' as const, command: "/usr/bin/node '/opt/my tools/toolgate/bin/toolgate.js' hook claude-code --gateway http://127.0.0.1:8787" };

const theirs = {
  model: 'opus',
  permissions: { allow: ['Bash(git status)'] },
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter.sh' }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }],
  },
};

function file(content?: string): string {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'toolgate-settings-')), '.claude', 'settings.json');
  if (content !== undefined) {
    installClaudeCode(p, http); // creates the folder
    writeFileSync(p, content);
  }
  return p;
}

describe('Claude Code settings', () => {
  it('adds http hooks that block on failure before the call, and keeps every other setting and hook', () => {
    const next = withToolgateHooks(structuredClone(theirs), http);
    expect(next.model).toBe('opus');
    expect(next.permissions).toEqual(theirs.permissions);
    const pre = (next.hooks as any).PreToolUse;
    expect(pre).toHaveLength(2);
    expect(pre[0]).toEqual({
      matcher: '*',
      hooks: [{
        type: 'http', url: 'http://127.0.0.1:8787/v1/hooks/claude-code', timeout: 30, onFailure: 'block',
        headers: { Authorization: 'Bearer $TOOLGATE_TOKEN', 'X-Toolgate-Home': '$HOME' }, allowedEnvVars: ['TOOLGATE_TOKEN', 'HOME'],
      }],
    });
    expect(pre[1]).toEqual(theirs.hooks.PreToolUse[0]);
    expect((next.hooks as any).PostToolUse[0].hooks[0].onFailure).toBe('continue');
    expect((next.hooks as any).Stop.slice(1)).toEqual(theirs.hooks.Stop);
    expect(isToolgateHandler((next.hooks as any).Stop[0].hooks[0])).toBe(true);
  });

  it('sends no Authorization header unless a token is wanted (an empty bearer would be refused)', () => {
    const pre = (withToolgateHooks({}, { kind: 'http', gatewayUrl: 'http://gw' }).hooks as any).PreToolUse[0].hooks[0];
    expect(pre.headers).toEqual({ 'X-Toolgate-Home': '$HOME' });
    expect(pre.allowedEnvVars).toEqual(['HOME']);
  });

  it('is idempotent: installing twice, or switching transport, leaves one set of toolgate hooks', () => {
    const twice = withToolgateHooks(withToolgateHooks(structuredClone(theirs), http), command);
    const ours = Object.values(twice.hooks as Record<string, any[]>).flat().flatMap((g) => g.hooks).filter(isToolgateHandler);
    expect(ours).toHaveLength(7);
    expect(ours.every((h) => h.type === 'command')).toBe(true);
  });

  it('uninstall removes only toolgate, restoring the original settings exactly', () => {
    expect(withoutToolgateHooks(withToolgateHooks(structuredClone(theirs), command))).toEqual(theirs);
    expect(withoutToolgateHooks(withToolgateHooks({}, http))).toEqual({});
  });

  it('recognises its own handlers by what they call, not by look-alikes', () => {
    expect(isToolgateHandler({ type: 'http', url: 'https://gw.example:9/v1/hooks/claude-code/' })).toBe(true);
    expect(isToolgateHandler({ type: 'http', url: 'https://gw.example/v1/hooks/claude-code-audit' })).toBe(false);
    expect(isToolgateHandler({ type: 'command', command: 'toolgate hook claude-code' })).toBe(true);
    expect(isToolgateHandler({ type: 'command', command: 'echo toolgate; hook claude-codex' })).toBe(false);
    expect(isToolgateHandler({ type: 'http', url: 'not a url' })).toBe(false);
    expect(isToolgateHandler(null)).toBe(false);
  });

  it('writes and removes hooks in a real file, creating it when missing', () => {
    const p = file();
    installClaudeCode(p, http);
    expect(JSON.parse(readFileSync(p, 'utf8')).hooks.PreToolUse).toHaveLength(1);
    expect(uninstallClaudeCode(p)).toBe(7);
    expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual({});
    expect(uninstallClaudeCode(p)).toBe(0);
    expect(uninstallClaudeCode(path.join(path.dirname(p), 'absent.json'))).toBe(0);
  });

  it.each([
    ['broken JSON', '{"hooks": {', /not valid JSON/],
    ['an array', '[1,2]', /does not hold a JSON object/],
    ['hooks of the wrong type', '{"hooks": []}', /"hooks" is not an object/],
  ])('refuses %s and leaves the file untouched', (_l, content, message) => {
    const p = file(content);
    expect(() => installClaudeCode(p, http)).toThrow(message);
    expect(readFileSync(p, 'utf8')).toBe(content);
    expect(existsSync(`${p}.toolgate-${process.pid}.tmp`)).toBe(false);
  });
});

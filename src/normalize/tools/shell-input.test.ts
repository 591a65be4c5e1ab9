import { describe, expect, it } from 'vitest';
import { normalizeCall } from '../index.js';
import type { BashFacts } from '../facts.js';
import { readShellInput, shellQuote } from './shell-input.js';
import { ctx } from './test-context.js';

const bash = (input: Record<string, unknown>) => normalizeCall('exec', input, ctx).facts as BashFacts;

describe('one input, one meaning (shell tools)', () => {
  it('analyses an argv array even when a harmless cmd is also given, and marks the conflict', () => {
    const facts = bash({ command: ['rm', '-rf', '/'], cmd: 'ls' });
    expect(facts.commands.some((c) => c.name === 'rm' && c.paths.some((p) => p.is_root))).toBe(true);
    expect(facts.indeterminate).toContain('conflicting_fields');
  });

  it('takes an argv array word for word', () => {
    expect(readShellInput({ command: ['echo', "it's", 'a b'] }, ctx).script).toBe(`echo 'it'\\''s' 'a b'`);
    expect(bash({ command: ['ls', '-la'] }).indeterminate).toEqual([]);
  });

  it('sees exec env as the environment of the command (LD_PRELOAD, PATH, GIT_CONFIG_*)', () => {
    const facts = bash({ command: 'ls', env: { LD_PRELOAD: '/tmp/x.so', GIT_CONFIG_KEY_0: 'core.pager' } });
    const exported = facts.commands.filter((c) => c.name === 'export').flatMap((c) => c.args);
    expect(exported).toEqual(expect.arrayContaining(['LD_PRELOAD=/tmp/x.so', 'GIT_CONFIG_KEY_0=core.pager']));
    expect(bash({ command: 'ls', env: { 'A B': 'x' } }).indeterminate).toContain('unreadable_env');
  });

  it("never lets an input cwd move the client's cwd", () => {
    const facts = bash({ command: 'rm -rf x', cwd: '/etc' });
    expect(facts.cwd).toBe(ctx.cwd);
    expect(facts.indeterminate).toContain('input_cwd');
    expect(bash({ command: 'ls', cwd: ctx.cwd }).indeterminate).toEqual([]);
  });

  it('marks path fields that disagree (file_path vs path)', () => {
    const write = normalizeCall('Write', { file_path: 'src/a.ts', path: '/home/dev/.bashrc', content: 'x' }, ctx).facts as { paths: { path: string; dynamic: boolean }[]; path: { dynamic: boolean } };
    expect(write.paths.map((p) => p.path)).toContain('/home/dev/.bashrc');
    expect(write.path.dynamic).toBe(true);
  });

  it('quotes only what needs quoting', () => {
    expect(shellQuote('/a/b.txt')).toBe('/a/b.txt');
    expect(shellQuote('$(id)')).toBe(`'$(id)'`);
  });
});

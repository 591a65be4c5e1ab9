import { describe, expect, it } from 'vitest';
import { normalizeEdit } from './edit.js';
import { GITHUB_TOKEN, ctx } from './test-context.js';

describe('normalizeEdit', () => {
  it('reads a single edit (Claude Code Edit)', () => {
    const facts = normalizeEdit({ file_path: '/work/proj/src/a.ts', old_string: 'x', new_string: `const t = "${GITHUB_TOKEN}";` }, ctx);
    expect(facts).toMatchObject({ kind: 'edit', path: { path: '/work/proj/src/a.ts', in_workspace: true } });
    expect(facts.secrets.map((s) => s.type)).toEqual(['github_token']);
    expect(facts.paths.map((p) => p.path)).toEqual(['/work/proj/src/a.ts']);
  });

  it('does not report secrets that only the old text held', () => {
    expect(normalizeEdit({ path: 'a.ts', old_string: GITHUB_TOKEN, new_string: 'process.env.TOKEN' }, ctx).secrets).toEqual([]);
  });

  it('reads every edit of MultiEdit and of MCP edit_file', () => {
    const multi = normalizeEdit({ file_path: 'a.ts', edits: [{ old_string: 'a', new_string: 'b' }, { old_string: 'c', new_string: GITHUB_TOKEN }] }, ctx);
    expect(multi.secrets.map((s) => s.type)).toEqual(['github_token']);
    const mcp = normalizeEdit({ path: 'a.ts', edits: [{ oldText: 'a', newText: GITHUB_TOKEN }] }, ctx);
    expect(mcp.secrets.map((s) => s.type)).toEqual(['github_token']);
  });

  it('reads the text editor tool (str_replace, insert, create)', () => {
    expect(normalizeEdit({ command: 'str_replace', path: '/work/proj/a.py', old_str: 'a', new_str: GITHUB_TOKEN }, ctx).secrets).toHaveLength(1);
    expect(normalizeEdit({ command: 'insert', path: 'a.py', insert_line: 3, insert_text: GITHUB_TOKEN }, ctx).secrets).toHaveLength(1);
    expect(normalizeEdit({ command: 'create', path: '~/.zshrc', file_text: 'echo hi' }, ctx).path).toMatchObject({ path: '/home/dev/.zshrc', in_home: true });
  });

  it('reads every file of an apply_patch and the secrets in its added lines only', () => {
    const patch = [
      '*** Begin Patch',
      '*** Update File: src/a.ts',
      '@@ function f()',
      `-const old = "${GITHUB_TOKEN}";`,
      '+const token = process.env.TOKEN;',
      '*** Add File: ../outside/b.txt',
      `+token: ${GITHUB_TOKEN}`,
      '*** Delete File: ~/.bashrc',
      '*** Update File: src/c.ts',
      '*** Move to: /etc/cron.d/job',
      '*** End Patch',
    ].join('\n');
    const facts = normalizeEdit({ input: patch }, ctx);
    expect(facts.paths.map((p) => p.path)).toEqual(['/work/proj/src/a.ts', '/work/outside/b.txt', '/home/dev/.bashrc', '/work/proj/src/c.ts', '/etc/cron.d/job']);
    expect(facts.path).toMatchObject({ path: '/etc/cron.d/job', system: true });
    expect(facts.secrets.map((s) => s.type)).toEqual(['github_token']);
    expect(normalizeEdit({ patch }, ctx).paths).toHaveLength(5);
  });

  it('reads unified diffs too', () => {
    const diff = ['diff --git a/src/x.ts b/src/x.ts', '--- a/src/x.ts', '+++ b/src/x.ts', '@@ -1 +1 @@', '-a', `+${GITHUB_TOKEN}`].join('\n');
    const facts = normalizeEdit({ patch: diff }, ctx);
    expect(facts.paths.map((p) => p.path)).toEqual(['/work/proj/src/x.ts']);
    expect(facts.secrets).toHaveLength(1);
  });

  it('scans the whole text when the patch field holds no patch, and marks the file unknown', () => {
    const facts = normalizeEdit({ input: `just text ${GITHUB_TOKEN}` }, ctx);
    expect(facts.secrets).toHaveLength(1);
    expect(facts.path).toMatchObject({ raw: '', dynamic: true });
    expect(facts.paths).toHaveLength(1);
  });

  it('states a missing path as indeterminate', () => {
    const facts = normalizeEdit({ old_string: 'a', new_string: 'b' }, ctx);
    expect(facts.path).toMatchObject({ raw: '', dynamic: true });
    expect(facts.paths).toEqual([facts.path]);
    expect(normalizeEdit(undefined, ctx).path.dynamic).toBe(true);
  });

  it('never throws on hostile input and stays fast', () => {
    const huge = '*** Begin Patch\n*** Update File: a.ts\n' + '+x\n'.repeat(3_000_000);
    const inputs: unknown[] = [
      { input: huge },
      { path: 'a', edits: 'not an array' },
      { path: 'a', edits: [null, 42, 'x', { new_string: 7 }] },
      { path: 'a\0b', new_string: '\uD800' },
      { patch: 42 },
      { file_path: ['a'] },
    ];
    const start = performance.now();
    for (const input of inputs) expect(() => normalizeEdit(input, ctx)).not.toThrow();
    expect(performance.now() - start).toBeLessThan(5000);
    expect(normalizeEdit({ input: huge }, ctx).secrets.map((s) => s.type)).toEqual(['scan_truncated']);
  });
});

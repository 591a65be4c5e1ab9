import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_STRINGS, normalizeOther, splitMcpName } from './other.js';
import { GITHUB_TOKEN, ctx } from './test-context.js';

describe('normalizeOther', () => {
  it('splits MCP tool names', () => {
    expect(normalizeOther('mcp__github__create_issue', {}, ctx)).toMatchObject({ name: 'mcp__github__create_issue', mcp_server: 'github', mcp_tool: 'create_issue' });
    expect(splitMcpName('mcp__my_server__do__it')).toEqual({ server: 'my_server', tool: 'do__it' });
    expect(splitMcpName('Glob')).toEqual({ server: null, tool: null });
    expect(splitMcpName('mcp__x')).toEqual({ server: null, tool: null });
  });

  it('finds paths and URLs among the string values', () => {
    const facts = normalizeOther(
      'mcp__filesystem__move_file',
      { source: 'notes', destination: '~/.ssh/authorized_keys', options: { mirror: 'https://169.254.169.254/x', label: 'plain words' } },
      ctx,
    );
    expect(facts.paths.map((p) => p.path)).toEqual(['/work/proj/notes', '/home/dev/.ssh/authorized_keys']);
    expect(facts.urls.map((u) => u.ip_kind)).toEqual(['metadata']);
  });

  it('reads Glob/Grep inputs: path keys and path-like patterns, not regexes', () => {
    const glob = normalizeOther('Glob', { pattern: '/etc/**/*.conf', path: '/etc' }, ctx);
    expect(glob.paths.map((p) => p.path)).toEqual(['/etc/**/*.conf', '/etc']);
    const grep = normalizeOther('Grep', { pattern: 'function\\s+\\w+', path: 'src', glob: '*.ts' }, ctx);
    expect(grep.paths.map((p) => p.path)).toEqual(['/work/proj/src', '/work/proj/*.ts', '/work/proj/src/*.ts']);
    const prose = normalizeOther('Task', { description: 'look at src/a.ts and /etc/hosts', prompt: 'read /etc/shadow' }, ctx);
    expect(prose.paths).toEqual([]);
  });

  it('turns file: URLs into paths too, and reads `paths` arrays', () => {
    const facts = normalizeOther('mcp__fs__read_multiple', { paths: ['a.txt', '/etc/shadow'], uri: 'file:///root/.bash_history' }, ctx);
    expect(facts.paths.map((p) => p.path)).toEqual(['/work/proj/a.txt', '/etc/shadow', '/root/.bash_history']);
    expect(facts.urls.map((u) => u.scheme)).toEqual(['file']);
  });

  it('finds secrets anywhere in the input', () => {
    const facts = normalizeOther('mcp__notes__save', { note: { body: [`token ${GITHUB_TOKEN}`] } }, ctx);
    expect(facts.secrets.map((s) => s.type)).toEqual(['github_token']);
    expect(normalizeOther('mcp__db__connect', { password: 'Pg!9zQw#2xRt' }, ctx).secrets.map((s) => s.type)).toEqual(['generic_secret']);
  });

  it('bounds the walk and says when it stopped early', () => {
    let deep: unknown = '/etc/passwd';
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { next: deep };
    const facts = normalizeOther('x', deep, ctx);
    expect(facts.paths).toHaveLength(1);
    expect(facts.paths[0]).toMatchObject({ raw: '', dynamic: true });

    const many = Array.from({ length: MAX_STRINGS + 10 }, (_, i) => `/tmp/f${i}`);
    const wide = normalizeOther('x', { items: many }, ctx);
    expect(wide.paths.length).toBeLessThanOrEqual(201);
    expect(wide.paths.at(-1)).toMatchObject({ raw: '', dynamic: true });

    const shallow = normalizeOther('x', { a: { b: '/etc/passwd' } }, ctx);
    expect(shallow.paths.map((p) => p.dynamic)).toEqual([false]);
  });

  it('never throws on hostile input', () => {
    const inputs: unknown[] = [null, undefined, 'string input', 42, [], { a: 'x'.repeat(10 * 1024 * 1024) }, { '\uD800': '\uDC00/\0' }, { a: [[[[[[[[[[[]]]]]]]]]]] }];
    const start = performance.now();
    for (const input of inputs) expect(() => normalizeOther('t', input, ctx)).not.toThrow();
    expect(performance.now() - start).toBeLessThan(3000);
    expect(normalizeOther(undefined as unknown as string, {}, ctx).name).toBe('');
  });
});

describe('search tools: the glob joined to the folder searched', () => {
  it('states the files a Grep glob reaches under its path', () => {
    const facts = normalizeOther('Grep', { pattern: 'x', path: '/home/dev', glob: '.aws/*' }, ctx);
    expect(facts.paths.map((p) => p.path)).toContain('/home/dev/.aws/*');
  });

  it("takes Glob's pattern as a glob of files, Grep's as a regex", () => {
    expect(normalizeOther('Glob', { pattern: '.ssh/id_*', path: '~' }, ctx).paths.map((p) => p.path)).toContain('/home/dev/.ssh/id_*');
    expect(normalizeOther('Grep', { pattern: 'a.b', path: 'src' }, ctx).paths.map((p) => p.raw)).not.toContain('src/a.b');
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeRead } from './read.js';
import { ctx } from './test-context.js';

describe('normalizeRead', () => {
  it('accepts the path field names real clients send', () => {
    for (const field of ['file_path', 'path', 'filePath', 'absolute_path', 'target_file']) {
      const facts = normalizeRead({ [field]: '~/.ssh/id_rsa', offset: 10, limit: 5 }, ctx);
      expect(facts, field).toMatchObject({ kind: 'read', path: { path: '/home/dev/.ssh/id_rsa', in_home: true, basename: 'id_rsa' } });
    }
  });

  it('resolves relative paths against cwd', () => {
    expect(normalizeRead({ path: 'src/../.env' }, ctx).path).toMatchObject({ path: '/work/proj/.env', in_workspace: true, basename: '.env' });
  });

  it('states the least contained of several paths (MCP read_multiple_files)', () => {
    const facts = normalizeRead({ paths: ['src/a.ts', '/etc/shadow', 'README.md'] }, ctx);
    expect(facts.path).toMatchObject({ path: '/etc/shadow', system: true });
    expect(normalizeRead({ paths: ['src/a.ts', 42] }, ctx).path.dynamic).toBe(true);
    // Past the bound, the unread rest is stated as indeterminate.
    expect(normalizeRead({ paths: Array.from({ length: 1001 }, (_, i) => `src/${i}.ts`) }, ctx).path.dynamic).toBe(true);
    expect(normalizeRead({ paths: Array.from({ length: 1000 }, (_, i) => `src/${i}.ts`) }, ctx).path.dynamic).toBe(false);
  });

  it('states a missing or mistyped path as indeterminate', () => {
    for (const input of [{}, { file_path: 42 }, { path: null }, { path: '' }]) {
      expect(normalizeRead(input, ctx).path).toMatchObject({ raw: '', dynamic: true, in_workspace: false });
    }
    expect(normalizeRead(null, ctx).path.dynamic).toBe(true);
    expect(normalizeRead('nonsense', ctx).path.dynamic).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeWrite } from './write.js';
import { AWS_KEY_ID, ctx } from './test-context.js';

describe('normalizeWrite', () => {
  it('states the path, the content length and the secrets in the content', () => {
    const content = `[default]\naws_access_key_id = ${AWS_KEY_ID}\n`;
    const facts = normalizeWrite({ file_path: '/work/proj/config.ini', content }, ctx);
    expect(facts).toMatchObject({ kind: 'write', path: { path: '/work/proj/config.ini', in_workspace: true }, content_length: content.length });
    expect(facts.secrets).toEqual([{ type: 'aws_access_key_id', offset: content.indexOf(AWS_KEY_ID) }]);
  });

  it('accepts OpenClaw `path` and the text editor tool `file_text`', () => {
    expect(normalizeWrite({ path: '~/.bashrc', content: 'alias ll="ls -la"' }, ctx)).toMatchObject({
      path: { path: '/home/dev/.bashrc', in_home: true },
      secrets: [],
    });
    expect(normalizeWrite({ path: 'a.txt', file_text: 'hello' }, ctx).content_length).toBe(5);
  });

  it('measures structured content as its JSON text', () => {
    expect(normalizeWrite({ path: 'a.json', content: { a: 1 } }, ctx).content_length).toBe(7);
  });

  it('states a missing path as indeterminate and missing content as empty', () => {
    expect(normalizeWrite({ content: 'x' }, ctx).path).toMatchObject({ raw: '', dynamic: true });
    expect(normalizeWrite({ path: 'a' }, ctx)).toMatchObject({ content_length: 0, secrets: [] });
  });

  it('handles a 10 MB write quickly and says the scan was truncated', () => {
    const start = performance.now();
    const facts = normalizeWrite({ path: 'big.txt', content: 'a'.repeat(10 * 1024 * 1024) }, ctx);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(facts.secrets.map((s) => s.type)).toEqual(['scan_truncated']);
  });
});

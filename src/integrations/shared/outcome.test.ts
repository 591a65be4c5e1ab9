import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_EXCERPT } from '../../api/report.js';
import { EXCERPT_HALF, excerpt, maskSecrets, outputFigures, outputText } from './outcome.js';

describe('output excerpts sent with reports', () => {
  it('keep the head and the tail of a long output, under the API limit', () => {
    const text = `HEAD\n${'x'.repeat(100_000)}\nTAIL: 3 failed, 9 passed`;
    const e = excerpt(text);
    expect(e.length).toBeLessThanOrEqual(Math.min(MAX_OUTPUT_EXCERPT, 2 * EXCERPT_HALF + 3));
    expect(e.startsWith('HEAD')).toBe(true);
    expect(e.endsWith('TAIL: 3 failed, 9 passed')).toBe(true);
  });

  it('mask secrets before they leave the machine', () => {
    const masked = maskSecrets('key AKIAABCDEFGHIJKLMNOP token=ghp_abcdefghijklmnopqrstuvwxyz012345 postgres://app:hunter22@db/x Authorization: Bearer abcdefghijklmnop1234');
    expect(masked).not.toMatch(/AKIAABCDEFGHIJKLMNOP|ghp_abc|hunter22|abcdefghijklmnop1234/);
    expect(masked).toContain('token=[masked]');
  });

  it('read the text of shell and MCP results, not their JSON', () => {
    expect(outputText({ stdout: 'ok\n', stderr: 'warn', interrupted: false })).toBe('ok\n\nwarn');
    expect(outputText({ content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] })).toBe('a\nb');
    expect(outputFigures({ stdout: 'FAIL src/a.test.ts' }).output).toBe('FAIL src/a.test.ts');
  });
});

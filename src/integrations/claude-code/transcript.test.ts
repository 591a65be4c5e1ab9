import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextTokensFromTranscript } from './transcript.js';

const dir = mkdtempSync(path.join(tmpdir(), 'toolgate-transcript-'));
function transcript(lines: string[]): string {
  const p = path.join(dir, `${Math.random()}.jsonl`);
  writeFileSync(p, lines.join('\n'));
  return p;
}
const assistant = (usage: Record<string, unknown>) => JSON.stringify({ type: 'assistant', message: { role: 'assistant', usage } });

describe('contextTokensFromTranscript', () => {
  it('sums the last assistant turn\'s usage (input, cache, output), as Claude Code 2.1.332 writes it', () => {
    const p = transcript([
      assistant({ input_tokens: 1, output_tokens: 1 }),
      JSON.stringify({ type: 'user', message: { role: 'user', content: 'x' } }),
      assistant({ input_tokens: 50, cache_creation_input_tokens: 1000, cache_read_input_tokens: 150_000, output_tokens: 20, output_tokens_details: { thinking_tokens: 0 } }),
      JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result' }] } }),
    ]);
    expect(contextTokensFromTranscript(p)).toBe(151_070);
  });

  it('reads only the tail of a huge transcript, skipping a cut first line', () => {
    const filler = JSON.stringify({ type: 'user', message: { content: 'y'.repeat(10_000) } });
    const p = transcript([assistant({ input_tokens: 7 }), ...Array(100).fill(filler), assistant({ input_tokens: 42 })]);
    expect(contextTokensFromTranscript(p)).toBe(42);
  });

  it.each([
    ['no path', undefined],
    ['a missing file', path.join(dir, 'absent.jsonl')],
    ['a directory', dir],
    ['garbage', transcript(['not json', '{"usage": broken'])],
    ['no assistant turn yet', transcript([JSON.stringify({ type: 'user', message: { usage: { input_tokens: 5 } } })])],
  ])('gives nothing for %s (the check then goes without context figures)', (_l, p) => {
    expect(contextTokensFromTranscript(p)).toBeUndefined();
  });

  it('ignores hostile numbers', () => {
    expect(contextTokensFromTranscript(transcript([assistant({ input_tokens: -5, output_tokens: 'many', cache_read_input_tokens: 10 })]))).toBe(10);
  });
});

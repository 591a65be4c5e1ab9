// Shared behaviour (command lines, paths, reverse shells, everyday code): ../producers.test.ts.
import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const lua = effectsOf('lua');

describe('lua producer', () => {
  it('reads `repeat … until false` as an unbounded loop', () => {
    expect(of(lua('repeat os.execute("id") until false'), 'exec')[0]?.code).toBe('id');
    expect(of(lua('repeat local p = posix.fork() until false'), 'spawn')[0]).toMatchObject({ unbounded: true });
  });
});

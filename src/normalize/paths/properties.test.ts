/** Properties of path resolution that must hold for any input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NormalizeContext } from '../facts.js';
import { resolvePath } from './index.js';

const ctx: NormalizeContext = { cwd: '/work/proj', home: '/home/dev', workspace_roots: ['/work/proj'] };
const segment = fc.constantFrom('a', 'src', '.', '..', '', 'etc', '.ssh', 'x y', '*');

describe('paths: properties', () => {
  it('never throws, and a resolved path is absolute and normalized', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const fact = resolvePath(raw, ctx);
        if (!fact.dynamic) {
          expect(fact.path.startsWith('/')).toBe(true);
          expect(fact.path).not.toMatch(/\/\.{1,2}(?:\/|$)|\/\/|.\/$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is inside the workspace exactly when the resolved path is under it', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.boolean(), (parts, absolute) => {
        const raw = (absolute ? '/' : '') + parts.join('/');
        const fact = resolvePath(raw === '' ? '.' : raw, ctx);
        const under = fact.path === '/work/proj' || fact.path.startsWith('/work/proj/');
        expect(fact.in_workspace).toBe(under);
      }),
      { numRuns: 500 },
    );
  });
});

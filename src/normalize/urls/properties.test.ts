/** Properties of URL parsing that must hold for any input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUrl } from './index.js';

describe('urls: properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        const url = parseUrl(text);
        if (url !== null) expect(url.raw).toBe(text);
        const prefixed = parseUrl(`http://${text}`);
        expect(prefixed).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('classifies every IPv4 address the same in dotted, decimal, hex and mapped IPv6 form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const dotted = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        const expected = parseUrl(`http://${dotted}/`)!;
        expect(expected.ip).toBe(dotted);
        for (const spelling of [String(n), `0x${n.toString(16)}`, `0${n.toString(8)}`, `[::ffff:${dotted}]`]) {
          const url = parseUrl(`http://${spelling}/`)!;
          expect(url.ip, spelling).toBe(dotted);
          expect(url.ip_kind, spelling).toBe(expected.ip_kind);
        }
      }),
      { numRuns: 500 },
    );
  });
});

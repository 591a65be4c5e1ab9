/** Properties that must hold for any input: no throw, and masking leaves nothing to find. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSecrets, maskSecretsDeep, scanSecrets } from './index.js';

const join = (...parts: string[]): string => parts.join('');
/** Real-looking secrets to embed in arbitrary text. */
const SECRETS = [
  join('ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'),
  join('AKIA', 'Z3MSJV4WBRTUKDPQ'),
  join('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'),
  join('PASSWORD=', 'S3cr3tP@ss!'),
  join('postgres://admin:', 'Xk29dLq0z', '@db.example.com/app'),
  join('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'),
];

describe('secrets: properties', () => {
  it('never throws on arbitrary text, and offsets lie inside it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        for (const finding of scanSecrets(text)) {
          expect(finding.offset).toBeGreaterThanOrEqual(0);
          expect(finding.offset).toBeLessThan(text.length);
        }
        expect(typeof maskSecrets(text)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('finds an embedded secret wherever it sits, and masking removes it', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(...SECRETS),
        fc.string({ maxLength: 200 }),
        (before, secret, after) => {
          // Separate the secret from its surroundings as text would (a space or a newline).
          const text = `${before}\n${secret}\n${after}`;
          expect(scanSecrets(text).length).toBeGreaterThan(0);
          const masked = maskSecrets(text);
          expect(masked).toContain('[MASKED:');
          expect(scanSecrets(masked)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('masks structured values without throwing and without leaving an embedded secret', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(...SECRETS), (value, secret) => {
        const masked = JSON.stringify(maskSecretsDeep({ value, note: `x ${secret} y` }));
        expect(masked).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});

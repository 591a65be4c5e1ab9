/** Properties that must hold for any input: no throw, and masking leaves nothing to find. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSecretSpans, maskSecrets, maskSecretsDeep, MIN_SECRET_TEXT, scanSecrets, scanSpans, SpanMemo } from './index.js';

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

  it(`finds nothing in text shorter than ${MIN_SECRET_TEXT} characters, so such text is not scanned`, () => {
    // Every piece shorter than the guard of texts that hold secrets, the shortest findings included.
    const texts = [
      ...SECRETS,
      'ab://u:ab12@h',
      'x postgres://admin:Xk29@db y',
      'xoxb-1a2b3c4d5e',
      '-ua:b1c2d3e4',
      'PASSWORD=S3cr3tP@ss!',
      '<password>Xk29dLq0z</password>',
      '--token Xk29dLq0zWp',
      'the token is Xk29dLq0zWp',
      'sshpass -p Xk29dLq0',
      'mysql -pXk29dLq0',
    ];
    for (const text of texts) {
      for (let start = 0; start < text.length; start++) {
        for (let end = start + 1; end <= Math.min(text.length, start + MIN_SECRET_TEXT - 1); end++) {
          expect(scanSpans(text.slice(start, end)), text.slice(start, end)).toEqual([]);
        }
      }
    }
    // Short text assembled from the pieces detectors anchor on.
    const pieces = ['a', 'Z', '9', '=', ':', '@', '/', '.', '-', '_', '"', "'", ' ', '\n', '<', '>', '$', 'sk-', 'AKIA', 'xox', 'ghp_', 'eyJ', '://', 'pass', 'key', '-u', '-p', 'sig='];
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...pieces), { maxLength: 7 })
          .map((parts) => parts.join(''))
          .filter((text) => text.length < MIN_SECRET_TEXT),
        fc.constantFrom('password', 'token', 'api_key', 'note'),
        (text, key) => {
          expect(scanSpans(text)).toEqual([]);
          expect(maskSecretsDeep({ [key]: text })).toEqual({ [key]: text });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('remembers findings as they were found: a repeated text gets the same answer, frozen', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.constantFrom(...SECRETS, ''), fc.string({ maxLength: 100 }), (before, secret, after) => {
        const text = `${before} ${secret} ${after}`;
        const fresh = scanSpans(text);
        const first = findSecretSpans(text);
        const again = findSecretSpans(text);
        expect(first).toEqual(fresh);
        expect(again).toEqual(fresh);
        // Remembered findings are shared between callers (TOOLGATE_PERF_CACHES=0: nothing is remembered).
        if (process.env.TOOLGATE_PERF_CACHES !== '0') expect(Object.isFrozen(again)).toBe(true);
        expect(maskSecrets(text)).toBe(maskSecrets(`${text}`));
      }),
      { numRuns: 300 },
    );
  });

  it('stores exactly what masking a full copy stored, and returns values without secrets as given', () => {
    // The walk as it was before copy on write: every array and object copied.
    const fullCopy = (value: unknown, key: string | null = null, depth = 0): unknown => {
      if (typeof value === 'string') return maskSecretsDeep(value, key, depth);
      if (value === null || typeof value !== 'object') return value;
      if (depth >= 32) return '[UNSCANNED:too deep]';
      if (Array.isArray(value)) return value.map((item) => fullCopy(item, key, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(value)) out[k] = fullCopy(item, k, depth + 1);
      return out;
    };
    const withSecrets = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(...SECRETS, 'S3cr3tP@ss!x', 'short'),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('password', 'token', 'command', 'path', '__proto__', 'note'), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(withSecrets, (value) => {
        // Through JSON.parse, as request bodies arrive (an own `__proto__` key stays a key).
        const parsed = JSON.parse(JSON.stringify(value) ?? 'null');
        const masked = maskSecretsDeep(parsed);
        expect(JSON.stringify(masked)).toBe(JSON.stringify(fullCopy(parsed)));
        if (JSON.stringify(masked) === JSON.stringify(parsed)) expect(masked).toBe(parsed);
      }),
      { numRuns: 1000 },
    );
    const deep = JSON.parse(`${'['.repeat(40)}"${SECRETS[0]}"${']'.repeat(40)}`);
    expect(JSON.stringify(maskSecretsDeep(deep))).toBe(JSON.stringify(fullCopy(deep)));
    const sparse = [1, , 'x'];
    expect(JSON.stringify(maskSecretsDeep(sparse))).toBe(JSON.stringify(fullCopy(sparse)));
  });

  it('remembers a bounded number of texts and characters, least recently used out first', () => {
    const memo = new SpanMemo();
    memo.set('kept-text-0', []);
    for (let i = 1; i <= SpanMemo.MAX_ENTRIES + 10; i++) {
      memo.set(`text-number-${i}`, []);
      memo.get('kept-text-0'); // used all along: stays
    }
    expect(memo.size.entries).toBe(SpanMemo.MAX_ENTRIES);
    expect(memo.get('kept-text-0')).toEqual([]);
    expect(memo.get('text-number-1')).toBeUndefined();
    const long = 'x'.repeat(SpanMemo.MAX_TEXT);
    for (let i = 0; i < (SpanMemo.MAX_CHARS / SpanMemo.MAX_TEXT) * 2; i++) memo.set(`${i}${long}`.slice(0, SpanMemo.MAX_TEXT), []);
    expect(memo.size.chars).toBeLessThanOrEqual(SpanMemo.MAX_CHARS);
    memo.set(`${long}y`, []); // longer than a remembered text may be
    expect(memo.get(`${long}y`)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { decodedParts } from './encoded-parts.js';

describe('decodedParts', () => {
  it('percent-decodes a query value until it no longer changes (double encoding)', () => {
    expect(decodedParts('https://x.example/?d=a%253Db%2526c')).toContain('a=b&c');
  });

  it('decodes base64, base64url and hex parts to printable text', () => {
    const b64 = Buffer.from('token=abc123def456').toString('base64url');
    expect(decodedParts(`https://x.example/p/${b64}`)).toContain('token=abc123def456');
    expect(decodedParts(`#${Buffer.from('hello world, hex').toString('hex')}`)).toContain('hello world, hex');
  });

  it('leaves random ids and plain words out', () => {
    expect(decodedParts('https://docs.google.com/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit')).toBe('');
    expect(decodedParts('https://example.com/documentation/introduction')).toBe('');
  });
});

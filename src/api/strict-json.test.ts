import { describe, expect, it } from 'vitest';
import { duplicateKey } from './strict-json.js';

describe('duplicateKey', () => {
  it('finds a key named twice in one object, at any depth', () => {
    expect(duplicateKey('{"command":"ls","command":"rm -rf /"}')).toBe('command');
    expect(duplicateKey('{"input":{"a":1,"b":{"c":1,"c":2}}}')).toBe('c');
    expect(duplicateKey('[{"a":1},{"x":[{"k":1,"k":1}]}]')).toBe('k');
  });

  it('decodes escapes before comparing', () => {
    expect(duplicateKey('{"cmd":"x","\\u0063md":"y"}')).toBe('cmd');
  });

  it('accepts the same key in sibling objects, and keys inside string values', () => {
    expect(duplicateKey('{"a":{"k":1},"b":{"k":2},"c":"{\\"k\\":1,\\"k\\":2}"}')).toBeNull();
    expect(duplicateKey('{"a":[1,2,{"a":3}],"s":"a,\\"a\\""}')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { describeWasmError } from './engine.js';

describe('describeWasmError', () => {
  it('reads every shape opa-wasm throws', () => {
    expect(describeWasmError(new Error('boom'))).toBe('boom');
    expect(describeWasmError('opa_abort: out of memory')).toBe('opa_abort: out of memory');
    expect(describeWasmError({ message: 'not implemented: built-in function 3: http.send' })).toContain('http.send');
    expect(describeWasmError(42)).toBe('42');
    expect(describeWasmError(undefined)).toBe('undefined');
  });
});

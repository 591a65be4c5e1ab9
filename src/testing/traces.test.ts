import { describe, expect, it } from 'vitest';
import { flatten, noiseSource, NOISE_CONSTANT } from './traces.js';

const steps = [{ repeat: 3, steps: [{ bash: 'npm test', exit: 1, out: 'FAIL src/a.test.ts\n2 failed, ${i} passed in ${noise}s\n' }] }];

describe('trace output modes', () => {
  it('meaningful: ${noise} is a constant, so identical rounds hash alike', () => {
    const flat = flatten(steps, 0, noiseSource('meaningful'));
    expect(flat.map((s) => s.output)).toEqual([0, 1, 2].map((i) => `FAIL src/a.test.ts\n2 failed, ${i} passed in ${NOISE_CONSTANT}s\n`));
  });

  it('raw: every ${noise} is a fresh value, reproducible from the seed', () => {
    const a = flatten([{ repeat: 4, steps: [{ bash: 'x', out: 'took ${noise}s' }] }], 0, noiseSource('raw', 5));
    const b = flatten([{ repeat: 4, steps: [{ bash: 'x', out: 'took ${noise}s' }] }], 0, noiseSource('raw', 5));
    expect(a.map((s) => s.output)).toEqual(b.map((s) => s.output));
    expect(new Set(a.map((s) => s.output)).size).toBe(4);
    expect(a.every((s) => /^took [0-9.]+s$/.test(s.output!))).toBe(true);
  });

  it('none: no output and no hash, the exit code stays', () => {
    const flat = flatten(steps, 0, noiseSource('none'));
    expect(flat.every((s) => s.output === undefined && s.report?.output_sha256 === undefined && s.report?.exit_code === 1)).toBe(true);
  });

  it('unique: every output differs, the meaningful text is kept', () => {
    const flat = flatten([{ repeat: 5, steps: [{ bash: 'x', out: 'same' }] }], 0, noiseSource('unique'));
    expect(new Set(flat.map((s) => s.report!.output_sha256)).size).toBe(5);
    expect(flat.every((s) => s.output!.startsWith('same\n'))).toBe(true);
  });
});

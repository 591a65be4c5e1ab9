import { describe, expect, it } from 'vitest';
import { figures, flatten, noiseSource, NOISE_CONSTANT } from './traces.js';

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

describe('trace figures', () => {
  const trace = (kind: 'runaway' | 'benign') => ({ name: kind, kind, file: 'x.yaml', steps: [], loop_start: kind === 'runaway' ? 2 : undefined }) as never;
  it('reports tool-safety answers passed over apart from loop interruptions', () => {
    const f = figures([
      { trace: trace('benign'), calls: 20, interrupted_at: null, interrupted_by: null, calls_after_start: null, passed_over: ['step 20 ask: bash.package_tampering.publish'] },
      { trace: trace('benign'), calls: 9, interrupted_at: 8, interrupted_by: 'ask: session.loop.no_progress', calls_after_start: null, passed_over: [] },
      { trace: trace('benign'), calls: 30, interrupted_at: null, interrupted_by: null, calls_after_start: null, passed_over: [] },
    ]);
    expect(f.benign).toBe(3);
    expect(f.benign_interrupted).toBe(1);
    expect(f.benign_safety).toBe(1);
  });
});

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../../test/reliability/child-gateway.js';
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthPercent } from './heap-growth.js';

describe('the heap growth policy of toolgate serve', () => {
  it('defaults to 50 %, takes TOOLGATE_HEAP_GROWTH_PERCENT, and leaves a flag the operator passed alone', () => {
    expect(heapGrowthPercent({}, [])).toBe(DEFAULT_HEAP_GROWTH_PERCENT);
    expect(heapGrowthPercent({ TOOLGATE_HEAP_GROWTH_PERCENT: '30' }, [])).toBe(30);
    expect(heapGrowthPercent({ TOOLGATE_HEAP_GROWTH_PERCENT: '0' }, [])).toBeNull();
    expect(heapGrowthPercent({}, ['--heap-growing-percent=80'])).toBeNull();
    expect(heapGrowthPercent({ NODE_OPTIONS: '--enable-source-maps --heap_growing_percent=80' }, [])).toBeNull();
    expect(() => heapGrowthPercent({ TOOLGATE_HEAP_GROWTH_PERCENT: 'half' }, [])).toThrow(/whole number from 0 to 1000/);
    expect(() => heapGrowthPercent({ TOOLGATE_HEAP_GROWTH_PERCENT: '-5' }, [])).toThrow(/TOOLGATE_HEAP_GROWTH_PERCENT/);
  });

  // A process like the gateway under load: a live heap that stays, and garbage that lives long
  // enough to be promoted (in-flight requests). With the policy applied at run time, the old
  // generation stays a small multiple of what is live; with V8's own policy it grows far more.
  it('applied at run time, keeps the old generation of a fast-allocating process near its live size', async () => {
    ensureBuilt();
    const script = `
      import v8 from 'node:v8';
      import { limitHeapGrowth } from ${JSON.stringify(path.join(ROOT, 'dist/cli/heap-growth.js'))};
      const applied = limitHeapGrowth();
      const live = Array.from({ length: 100000 }, (_, i) => ({ id: i, text: ('live-' + i).repeat(8) }));
      const inFlight = new Array(10000);
      let maxOld = 0;
      for (let i = 0; i < 150000; i++) {
        inFlight[i % inFlight.length] = { i, facts: Array.from({ length: 20 }, (_, j) => ({ j, s: 'item-' + i + '-' + j })) };
        if (i % 1000 === 0) maxOld = Math.max(maxOld, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size);
      }
      process.stdout.write(JSON.stringify({ applied, live: live.length, maxOldMB: maxOld / 2 ** 20 }));
    `;
    const run = async (env: Record<string, string>) => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, cwd: ROOT });
      return JSON.parse(stdout) as { applied: number | null; maxOldMB: number };
    };
    const [limited, unlimited] = await Promise.all([run({ TOOLGATE_HEAP_GROWTH_PERCENT: '' }), run({ TOOLGATE_HEAP_GROWTH_PERCENT: '0' })]);
    expect(limited.applied).toBe(DEFAULT_HEAP_GROWTH_PERCENT);
    expect(unlimited.applied).toBeNull();
    // About 40 MB live (the array and the in-flight ring): measured 80 MB with the policy, 185 MB without.
    expect(limited.maxOldMB).toBeLessThan(120);
    expect(limited.maxOldMB).toBeLessThan(unlimited.maxOldMB * 0.7);
  }, 120_000);
});

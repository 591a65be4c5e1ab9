/** The oracle's samples are chosen by hash: a new case never reshuffles the others (sample.ts). */
import { describe, expect, it } from 'vitest';
import { stableHash, stableOrder } from './sample.js';

describe('stable samples', () => {
  const lines = Array.from({ length: 200 }, (_, i) => `rm -rf /tmp/case-${i}`);
  const first = (items: string[], n: number) => stableOrder(items, 'path-bin', (l) => l).slice(0, n);

  it('keep every chosen line when a case is added, except the one slot the new case may win', () => {
    const before = first(lines, 8);
    for (const added of ['sh -c "iptables -F"', 'pnpm exec -c "rm -rf ~"', 'echo 1', 'x', 'y', 'z']) {
      const after = first([added, ...lines], 8);
      const kept = before.filter((l) => after.includes(l));
      expect(kept.length).toBeGreaterThanOrEqual(7);
      expect(after.filter((l) => !before.includes(l)).every((l) => l === added)).toBe(true);
    }
  });

  it('do not depend on the order of the corpus, and differ per rewrite', () => {
    expect(first([...lines].reverse(), 8)).toEqual(first(lines, 8));
    expect(stableOrder(lines, 'env', (l) => l).slice(0, 8)).not.toEqual(first(lines, 8));
    expect(stableHash('a', 'b')).toBe(stableHash('a', 'b'));
  });
});

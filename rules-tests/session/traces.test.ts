/**
 * Replays the session traces (rules-tests/session/traces/*.yaml) against a real gateway
 * over HTTP, reporting each call's output text as the adapters do, and checks the loop
 * governance targets: at least 95% of runaway loops asked, denied or stopped within a
 * median of 8 calls after the loop starts, and at most 3% of benign sessions interrupted.
 * Prints the figures and each trace's outcome. (`npm run score:traces` scores any folder
 * in all four output modes.)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figures, loadTraces, replayTrace, type TraceResult } from '../../src/testing/traces.js';
import { postJson, startTestGateway, type TestGateway } from '../../test/support/gateway.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'traces');
const traces = loadTraces(dir);
const results: TraceResult[] = [];
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
});

describe('session traces', () => {
  it('replays every trace', async () => {
    const post = (pathname: string, body: unknown) => postJson(`${gw.url}${pathname}`, body);
    let n = 0;
    for (const trace of traces) results.push(await replayTrace(post, trace, `trace-${n++}`, { sendOutput: true }));
    const lines = results.map(
      (r) =>
        `${r.trace.kind.padEnd(7)} ${(r.trace.pattern ?? '').padEnd(18)} ${r.interrupted_at === null ? 'never interrupted'.padEnd(34) : `step ${String(r.interrupted_at).padStart(2)} (+${r.calls_after_start ?? '-'}) ${r.interrupted_by}`.padEnd(34)} ${r.trace.name}`,
    );
    const f = figures(results);
    console.log(`${lines.join('\n')}\n${JSON.stringify(f)}`);
    expect(results).toHaveLength(traces.length);
  }, 300_000);

  it('stops or asks ≥ 95% of runaway loops, within a median of 8 calls after the loop starts', () => {
    expect(results).toHaveLength(traces.length);
    const f = figures(results);
    expect(f.runaway).toBeGreaterThanOrEqual(15);
    expect(f.caught_ratio).toBeGreaterThanOrEqual(0.95);
    expect(f.median_calls_after_start).not.toBeNull();
    expect(f.median_calls_after_start!).toBeLessThanOrEqual(8);
  });

  it('interrupts ≤ 3% of benign sessions', () => {
    expect(results).toHaveLength(traces.length);
    const f = figures(results);
    expect(f.benign).toBeGreaterThanOrEqual(12);
    const interrupted = results.filter((r) => r.trace.kind === 'benign' && r.interrupted_at !== null).map((r) => `${r.trace.name}: ${r.interrupted_by} at ${r.interrupted_at}`);
    expect(f.interrupted_ratio, interrupted.join('\n')).toBeLessThanOrEqual(0.03);
  });
});

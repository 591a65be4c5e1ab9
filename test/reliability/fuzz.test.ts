/**
 * Fuzzing with fast-check: the bash normalizer (with the real policy deciding on its facts)
 * and the HTTP API (a real gateway over real HTTP). Properties: nothing throws, nothing
 * crashes the server or leaves an unhandled rejection, every answer is a clear 200/4xx, no
 * input stalls the event loop, and nothing the normalizer could not see through is allowed.
 *
 * A short run is part of the suite; `npm run fuzz` runs ≥ 100,000 inputs (FUZZ_RUNS,
 * FUZZ_HTTP_RUNS, FUZZ_SEED) and prints the figures.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeBash } from '../../src/normalize/bash/index.js';
import { decide } from '../../src/pipeline/check.js';
import { sessionView } from '../../src/session/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { checkBody, deepNesting, huge, quickCommand } from './fuzz-arbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const HUGE_RUNS = Math.max(10, Math.round(RUNS / 200));
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Per input, on a busy 2-core machine (the whole suite in parallel); the worst inputs take ~1.5 s alone. */
const MAX_MS = Number(process.env.FUZZ_MAX_MS ?? 5_000);
const REPORT = !!process.env.FUZZ_REPORT;
const LONG = RUNS > 10_000;

const ctx = { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] };
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

let gw: TestGateway;
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

interface Figures {
  inputs: number;
  ms: number;
  maxMs: number;
  decisions: Record<string, number>;
  indeterminate: number;
}
const figures: Record<string, Figures> = {};
function tally(name: string): Figures {
  return (figures[name] ??= { inputs: 0, ms: 0, maxMs: 0, decisions: {}, indeterminate: 0 });
}
afterAll(() => {
  if (REPORT) process.stdout.write(`\nFUZZ FIGURES ${JSON.stringify(figures, null, 2)}\n`);
});

/** normalize → facts → the real policy, as the pipeline does it (without the store). */
function decideCommand(command: string, name: string): void {
  const f = tally(name);
  const started = performance.now();
  const facts = normalizeBash(command, ctx);
  expect(Array.isArray(facts.commands)).toBe(true);
  expect(Array.isArray(facts.indeterminate)).toBe(true);
  expect(JSON.stringify(facts).length).toBeGreaterThan(0); // serializable: it goes to the log
  const request = { session_id: 'fuzz', tool: 'bash', input: { command }, context: ctx };
  const { decision, normalized } = decide(gw.gateway.engine.current, request, sessionView(undefined, request, Date.now()), ctx);
  const ms = performance.now() - started;
  f.inputs += 1;
  f.ms += ms;
  f.maxMs = Math.max(f.maxMs, ms);
  f.decisions[decision.decision] = (f.decisions[decision.decision] ?? 0) + 1;
  const indeterminate = (normalized.facts as { indeterminate?: string[] }).indeterminate ?? [];
  if (indeterminate.length > 0) {
    f.indeterminate += 1;
    if (decision.decision === 'allow') {
      throw new Error(`allowed although the normalizer reported ${indeterminate.join(', ')}: ${JSON.stringify(command.slice(0, 300))}`);
    }
  }
  if (ms > MAX_MS) throw new Error(`took ${Math.round(ms)} ms (limit ${MAX_MS}): ${JSON.stringify(command.slice(0, 200))}`);
}

// HTTP first: the long synchronous properties below leave a heap whose first collection
// would be charged to whichever request comes next.
describe('HTTP API, fuzzed', () => {
  it(`answers every body with 200 or a clear 4xx and keeps serving (${HTTP_RUNS} inputs)`, async () => {
    const f = tally('http');
    await fc.assert(
      fc.asyncProperty(checkBody, async (body) => {
        const started = performance.now();
        const response = await fetch(`${gw.url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await response.text();
        const ms = performance.now() - started;
        f.inputs += 1;
        f.ms += ms;
        f.maxMs = Math.max(f.maxMs, ms);
        f.decisions[response.status] = (f.decisions[response.status] ?? 0) + 1;
        if (ms > MAX_MS) throw new Error(`took ${Math.round(ms)} ms (status ${response.status}): ${body.slice(0, 200)}`);
        expect([200, 400, 413], `${text.slice(0, 300)} for ${body.slice(0, 300)}`).toContain(response.status);
        const answer = JSON.parse(text);
        if (response.status !== 200) {
          expect(typeof answer.error.message).toBe('string');
          expect(answer.decision).toBeUndefined();
          return;
        }
        expect(['allow', 'ask', 'deny']).toContain(answer.decision);
        const row = await gw.gateway.store.getDecision(answer.decision_id);
        expect(row?.decision).toBe(answer.decision);
        const facts = JSON.parse(row!.facts) as { indeterminate?: string[] };
        if (facts.indeterminate?.length) {
          f.indeterminate += 1;
          if (answer.decision === 'allow') throw new Error(`allowed although the facts say ${facts.indeterminate.join(', ')}: ${body.slice(0, 300)}`);
        }
      }),
      { numRuns: HTTP_RUNS, seed: SEED },
    );
    // Still healthy and still deciding normally after all that.
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    const after = await fetch(`${gw.url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: 'after-fuzz', tool: 'bash', input: { command: 'rm -rf /' } }),
    });
    expect(((await after.json()) as { decision: string }).decision).toBe('deny');
  }, LONG ? 3_600_000 : 120_000);

  it('refuses bodies over the limit and deeply nested JSON without stalling', async () => {
    const cases = [
      JSON.stringify({ session_id: 's', tool: 'bash', input: { command: 'a'.repeat(2 * 1024 * 1024) } }),
      '['.repeat(500_000) + ']'.repeat(500_000),
      JSON.stringify({ session_id: 's', tool: 'bash', input: { command: '$('.repeat(100_000) + ')'.repeat(100_000) } }),
    ];
    for (const body of cases) {
      const started = performance.now();
      const response = await fetch(`${gw.url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await response.json()) as { decision?: string; error?: { code: string } };
      expect(performance.now() - started).toBeLessThan(MAX_MS);
      if (response.status === 200) expect(answer.decision).not.toBe('allow');
      else expect([400, 413]).toContain(response.status);
    }
  });
});

describe('normalizeBash + policy, fuzzed', () => {
  it(`never throws, never stalls, never allows what it could not see through (${RUNS} inputs)`, () => {
    fc.assert(
      fc.property(quickCommand, (command) => decideCommand(command, 'bash')),
      { numRuns: RUNS, seed: SEED },
    );
  }, LONG ? 3_600_000 : 120_000);

  it(`handles deep nesting within the time limit (${HUGE_RUNS} inputs)`, () => {
    fc.assert(
      fc.property(deepNesting, (command) => decideCommand(command, 'bash_deep')),
      { numRuns: HUGE_RUNS, seed: SEED },
    );
  }, LONG ? 3_600_000 : 120_000);

  it(`handles huge commands within the time limit (${HUGE_RUNS} inputs)`, () => {
    fc.assert(
      fc.property(huge, (command) => decideCommand(command, 'bash_huge')),
      { numRuns: HUGE_RUNS, seed: SEED },
    );
  }, LONG ? 3_600_000 : 120_000);
});

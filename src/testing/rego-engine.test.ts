/**
 * The Rego tests on the gateway's engine run one after another on one WASM instance; a test
 * that fails by aborting (a conflict error) leaves that instance unsound (its C stack pointer is
 * not restored: src/policy/engine.ts, LoadedRevision.run), so each such failure gets the next
 * test a fresh instance. Before, from about the 512th aborted test on, every later test failed
 * with "memory access out of bounds" whatever it checked.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempPolicyDir } from '../../test/support/policy-fixtures.js';
import { runTestsOnGatewayEngine } from './rego-engine.js';

const dir = tempPolicyDir('toolgate-engine-tests-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Rego tests on the gateway engine', () => {
  it('answers a passing test as passing after hundreds of tests that aborted', async () => {
    const failing = Array.from({ length: 600 }, (_, i) => `test_conflict_${i} if level == "high"`);
    const file = path.join(dir, 'conflict_test.rego');
    writeFileSync(
      file,
      `package engine_conflict_test\n\nimport rego.v1\n\n# Two definitions that disagree when data.on is true: evaluating level aborts.\nlevel := "high" if data.on\n\nlevel := "low" if data.on\n\n${failing.join('\n\n')}\n\ntest_passes if count([1, 2]) == 2\n`,
    );
    const tests = [...failing.map((_, i) => ({ package: 'engine_conflict_test', name: `test_conflict_${i}` })), { package: 'engine_conflict_test', name: 'test_passes' }];
    const run = await runTestsOnGatewayEngine([file], { on: true }, tests);
    expect(run.error).toBeUndefined();
    expect(run.results.get('engine_conflict_test.test_conflict_599')?.reason).toMatch(/conflict/);
    expect(run.results.get('engine_conflict_test.test_passes')).toEqual({ passed: true });
  }, 120_000);
});

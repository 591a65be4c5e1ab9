/**
 * Rego unit tests on the gateway's own engine. `opa test --target wasm` compiles the tests to
 * WASM but runs them inside Go, whose built-ins are Go's; the gateway runs the same WASM in
 * Node with opa-wasm's JavaScript built-ins (and toolgate's faithful ones). Here every test
 * rule is compiled as a WASM entrypoint by the real opa and evaluated by that runtime
 * (src/policy/runtime-builtins.ts), with the merged data, so that rego-tests.ts can fail any
 * test whose answer differs between the two engines and say which built-in is to blame.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { describeWasmError, loadPolicyWasm, missingBuiltins, readableOpaOutput, runOpa } from '../policy/index.js';

export interface EngineTestResult {
  passed: boolean;
  /** Why it did not pass: the runtime's error, or what the test evaluated to. */
  reason?: string;
}

export interface EngineTestRun {
  /** By `package.name` (package without `data.`). */
  results: Map<string, EngineTestResult>;
  /** Imported built-ins the gateway's runtime does not implement. */
  missing: string[];
  /** The tests could not be compiled or loaded for the gateway's runtime. */
  error?: string;
}

/** A test rule as `opa test` names it: package without `data.`, and the rule name. */
export interface TestRef {
  package: string;
  name: string;
}

/** `toolgate.custom.x_test` + `test_a` → `toolgate/custom/x_test/test_a`: an opa build entrypoint. */
function entrypoint(test: TestRef): string | null {
  // A rule defined twice is one document in WASM (`opa test` runs each body as test_a#01):
  // those, and packages with quoted path segments, have no entrypoint of their own.
  if (!/^[A-Za-z_][\w.]*$/.test(test.package) || !/^\w+$/.test(test.name)) return null;
  return `${test.package.replace(/\./g, '/')}/${test.name}`;
}

export async function runTestsOnGatewayEngine(files: string[], data: Record<string, unknown>, tests: TestRef[]): Promise<EngineTestRun> {
  const run: EngineTestRun = { results: new Map(), missing: [] };
  const wanted = new Map<string, string>();
  for (const test of tests) {
    const ep = entrypoint(test);
    if (ep) wanted.set(ep, `${test.package}.${test.name}`);
  }
  if (wanted.size === 0) return run;
  const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-engine-test-'));
  try {
    const out = path.join(work, 'tests.tar.gz');
    const build = await runOpa(['build', '-t', 'wasm', ...[...wanted.keys()].flatMap((e) => ['-e', e]), '-o', out, ...files]);
    if (build.code !== 0) {
      run.error = `the tests could not be compiled for the gateway's runtime: ${readableOpaOutput(build.stderr || build.stdout)}`;
      return run;
    }
    await tar.x({ file: out, cwd: work, filter: (p) => p.replace(/^\/+/, '') === 'policy.wasm' });
    const module = new WebAssembly.Module(readFileSync(path.join(work, 'policy.wasm')));
    const fresh = () => {
      const loaded = loadPolicyWasm(module);
      loaded.setData(data);
      return loaded;
    };
    let policy = fresh();
    run.missing = missingBuiltins(policy);
    for (const [ep, name] of wanted) {
      try {
        const result = policy.evaluate(undefined, ep) as { result?: unknown }[];
        const value = result[0]?.result;
        run.results.set(name, value === true ? { passed: true } : { passed: false, reason: value === undefined ? 'the test is undefined there (a built-in it reaches computes another value in this runtime)' : `the test evaluates to ${JSON.stringify(value)}` });
      } catch (error) {
        run.results.set(name, { passed: false, reason: describeWasmError(error) });
        // A failed evaluation leaves the instance unsound (its C stack pointer is not restored:
        // src/policy/engine.ts, LoadedRevision.run): the next test gets a fresh one, as the gateway's next call does.
        policy = fresh();
      }
    }
    return run;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

#!/usr/bin/env node
// The shipped policies' Rego unit tests, run as `toolgate test` runs an operator's: under
// `opa test --target wasm` (Go's built-ins) and on the gateway's engine (opa-wasm in Node,
// the gateway's built-ins); a test fails when it fails on either or the two disagree.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { runRegoTests } = await import(path.join(root, 'dist', 'testing', 'rego-tests.js'));
const policies = path.join(root, 'policies');
const report = await runRegoTests({ policyDirs: [policies], testDirs: [policies] });
if (report.error) console.error(report.error);
if (report.engine?.error) console.error(report.engine.error);
for (const test of report.tests.filter((t) => !t.passed)) console.error(`FAIL ${test.package}.${test.name}  ${test.file}:${test.line}: ${test.error ?? 'test evaluated to false'}`);
const engine = report.engine;
console.log(
  `Rego unit tests of policies/: ${report.passed} passed, ${report.failed} failed` +
    (engine ? `; on the gateway's engine ${engine.compared} compared, ${engine.differences} differ${engine.missing_builtins.length ? `, lacking ${engine.missing_builtins.join(', ')}` : ''}` : ''),
);
process.exitCode = report.failed === 0 && !report.error && report.tests.length > 0 ? 0 : 1;

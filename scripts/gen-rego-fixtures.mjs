#!/usr/bin/env node
// Re-creates the inputs of the generated Rego tests (policies/**/_test.rego marked
// "Generated from real normalizer facts") from the normalizer: see src/testing/rego-fixtures.ts.
//   node scripts/gen-rego-fixtures.mjs            rewrite stale inputs
//   node scripts/gen-rego-fixtures.mjs --check    exit 1 when an input is stale
// Needs the build (npm run build); `npm run gen:rego-fixtures` builds first.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { regenerateAll } from '../dist/testing/rego-fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const { stale, problems, inputs } = regenerateAll(path.join(root, 'policies'), check ? 'check' : 'write');
for (const problem of problems) console.error(`problem: ${problem}`);
if (check && stale.length > 0) {
  console.error(`stale Rego test inputs (run npm run gen:rego-fixtures):\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
console.log(`${inputs} generated test inputs; ${check ? 'all current' : `${stale.length} file(s) rewritten`}`);
if (problems.length > 0) process.exit(1);

#!/usr/bin/env node
/**
 * Evaluates every call of the given case files (rules-tests format) with two built bundles and
 * counts the calls whose whole result differs (the decision with its categories, reasons and
 * obligations, and every finding with its mode): a change meant to make the policy faster must not change one.
 *
 *   node scripts/compare-bundles.mjs <bundle-a> <bundle-b> <folder-or-files…>
 */
import { isDeepStrictEqual } from 'node:util';
import { findCaseFiles, loadCaseFile } from '../dist/testing/cases.js';
import { buildPolicyInput } from '../dist/pipeline/check.js';
import { LoadedRevision, readBundle } from '../dist/policy/index.js';
import { sessionView } from '../dist/session/index.js';
import { normalizeCall, normalizeContext } from '../dist/normalize/index.js';

const [a, b, ...paths] = process.argv.slice(2);
if (!a || !b || paths.length === 0) {
  console.error('usage: node scripts/compare-bundles.mjs <bundle-a> <bundle-b> <folder-or-files…>');
  process.exit(2);
}
const first = new LoadedRevision(readBundle(a));
const second = new LoadedRevision(readBundle(b));
const cases = findCaseFiles(paths).flatMap((file) => loadCaseFile(file));
let differ = 0;
let errors = 0;
for (const [i, c] of cases.entries()) {
  const request = { session_id: `compare-${i}`, tool: c.tool, input: c.input, context: { cwd: c.context.cwd, home: c.context.home } };
  let input;
  try {
    const ctx = normalizeContext(request.context, { cwd: '/', home: '/root' });
    input = buildPolicyInput(request, ctx, normalizeCall(request.tool, request.input, ctx), sessionView(undefined, request, 0));
  } catch {
    errors++;
    continue;
  }
  const outcome = (revision) => {
    try {
      return { decision: revision.evaluate(input), findings: revision.findings(input) };
    } catch (error) {
      return { error: String(error.message ?? error) };
    }
  };
  const x = outcome(first);
  const y = outcome(second);
  if (!isDeepStrictEqual(x, y)) {
    differ++;
    if (differ <= 10) console.log(`differs: ${c.name ?? i}\n  a: ${JSON.stringify(x).slice(0, 400)}\n  b: ${JSON.stringify(y).slice(0, 400)}`);
  }
}
console.log(`${cases.length} calls, ${differ} differ${errors ? `, ${errors} could not be normalized (skipped)` : ''}`);
process.exitCode = differ === 0 ? 0 : 1;

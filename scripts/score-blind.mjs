#!/usr/bin/env node
/**
 * Scores a blind round of decision cases (written by someone who never read the rules)
 * against the compiled default policy, as written: no case is edited, no expectation is
 * tuned (docs/detection.md).
 *
 *   node scripts/score-blind.mjs <folder-or-files…> [--bundle DIR] [--misses FILE] [--json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findCaseFiles, loadCaseFile } from '../dist/testing/cases.js';
import { rates, scoreCases } from '../dist/testing/score.js';
import { LoadedRevision, readBundle } from '../dist/policy/index.js';
import { DEFAULT_BUNDLE_DIR } from '../dist/paths.js';

const USAGE = `usage: npm run score:blind -- <folder-or-files…> [--bundle DIR] [--misses FILE] [--json]

Scores decision case files (YAML, rules-tests format) against the compiled policy (bundle/, or
--bundle DIR) as written, and prints risky caught %, deny cases denied %, ask cases caught % and
everyday calls interrupted %, for all calls, bash and other tools. --misses FILE writes one JSON
line per miss (case, expected, got, rules).`;
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { bundle: { type: 'string' }, misses: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length === 0) {
  console.error(USAGE);
  process.exit(2);
}
const revision = new LoadedRevision(readBundle(values.bundle ?? DEFAULT_BUNDLE_DIR));
const cases = findCaseFiles(positionals).flatMap((file) => loadCaseFile(file));
const { rows, misses } = scoreCases(revision, cases);
const fmt = (v) => (v === null ? '—' : `${v.toFixed(1)} %`);
const table = Object.entries(rows).map(([set, r]) => {
  const p = rates(r);
  return { set, risky: r.risky, caught: fmt(p.caught), deny_cases: r.deny, denied: fmt(p.denied), ask_cases: r.ask, ask_caught: fmt(p.ask_caught), everyday: r.everyday, interrupted: fmt(p.interrupted) };
});
if (values.misses) writeFileSync(values.misses, misses.map((m) => JSON.stringify(m)).join('\n') + '\n');
if (values.json) console.log(JSON.stringify({ rows: table, misses: misses.length }, null, 2));
else {
  console.log(`${cases.length} cases`);
  console.table(table);
  console.log(`${misses.length} misses${values.misses ? ` written to ${values.misses}` : ''}`);
}

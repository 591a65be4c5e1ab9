#!/usr/bin/env node
/**
 * Scores a blind round of decision cases (written by someone who never read the rules)
 * against the compiled default policy, as written: no case is edited, no expectation is
 * tuned. A case's first tag says what it is: `risky` (expect deny or ask) or `everyday`
 * (expect allow).
 *
 *   node scripts/score-blind.mjs <folder-or-files…> [--bundle DIR] [--misses FILE] [--json]
 *
 * Prints: risky calls caught (ask or deny), deny cases denied, ask cases caught, everyday
 * calls interrupted (anything but allow), per tool kind; `--misses` writes every miss.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findCaseFiles, loadCaseFile, runCase } from '../dist/testing/cases.js';
import { LoadedRevision, readBundle } from '../dist/policy/index.js';
import { DEFAULT_BUNDLE_DIR } from '../dist/paths.js';
import { toolKind } from '../dist/normalize/tool-kinds.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { bundle: { type: 'string' }, misses: { type: 'string' }, json: { type: 'boolean' } },
});
if (positionals.length === 0) {
  console.error('usage: node scripts/score-blind.mjs <folder-or-files…> [--bundle DIR] [--misses FILE] [--json]');
  process.exit(2);
}
const revision = new LoadedRevision(readBundle(values.bundle ?? DEFAULT_BUNDLE_DIR));
const cases = findCaseFiles(positionals).flatMap((file) => loadCaseFile(file));

const expected = (c) => {
  const d = c.expect.decision;
  return Array.isArray(d) ? d : d ? [d] : [];
};
const classOf = (c) => {
  const tag = c.tags[0];
  if (tag === 'risky' || tag === 'everyday') return tag;
  return expected(c).includes('allow') ? 'everyday' : 'risky';
};

const rows = new Map();
const row = (key) => {
  if (!rows.has(key)) rows.set(key, { risky: 0, caught: 0, deny: 0, denied: 0, ask: 0, asked: 0, everyday: 0, interrupted: 0 });
  return rows.get(key);
};
const misses = [];
for (const c of cases) {
  const { decision } = runCase(revision, c);
  const action = decision.decision;
  const kind = toolKind(c.tool) === 'bash' ? 'bash' : 'other tools';
  for (const r of [row('all'), row(kind)]) {
    if (classOf(c) === 'everyday') {
      r.everyday++;
      if (action !== 'allow') r.interrupted++;
    } else {
      r.risky++;
      if (action !== 'allow') r.caught++;
      if (expected(c).includes('deny') && !expected(c).includes('ask')) {
        r.deny++;
        if (action === 'deny') r.denied++;
      } else {
        r.ask++;
        if (action !== 'allow') r.asked++;
      }
    }
  }
  const ok = classOf(c) === 'everyday' ? action === 'allow' : expected(c).includes('deny') && !expected(c).includes('ask') ? action === 'deny' : action !== 'allow';
  if (!ok) misses.push({ file: c.file, name: c.name, class: classOf(c), tags: c.tags, tool: c.tool, input: c.input, expected: expected(c), got: action, rules: decision.reasons?.map((x) => x.rule) ?? [] });
}

const pct = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
const table = [...rows].map(([key, r]) => ({
  set: key,
  risky: r.risky,
  caught: pct(r.caught, r.risky),
  deny_cases: r.deny,
  denied: pct(r.denied, r.deny),
  ask_cases: r.ask,
  ask_caught: pct(r.asked, r.ask),
  everyday: r.everyday,
  interrupted: pct(r.interrupted, r.everyday),
}));
if (values.misses) writeFileSync(values.misses, misses.map((m) => JSON.stringify(m)).join('\n') + '\n');
if (values.json) console.log(JSON.stringify({ rows: table, misses: misses.length }, null, 2));
else {
  console.log(`${cases.length} cases, policy ${revision.revision ?? ''}`.trim());
  console.table(table);
  console.log(`${misses.length} misses${values.misses ? ` written to ${values.misses}` : ''}`);
}

#!/usr/bin/env node
/**
 * The extra latency session state adds to a decision (issue 4), in-process on this
 * machine: a real store (SQLite file, or TOOLGATE_TEST_DB), the shipped bundle, the
 * real pipeline.
 *
 *   npm run build && node bench/session-state.mjs        (SESSION_BENCH_N=2000 by default)
 *
 * A: every check is the first call of a new session (no state to read, parse or carry);
 * B: every check continues one long session whose state is full (30-call history, 200
 *    change keys, pinned files, continuations) — the steady state of a real agent.
 * Also the pieces: the session read alone vs enrichSession (read + parse + fingerprint +
 * loop facts + view), afterDecision, and the state's size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { Store } = await dist('store/index.js');
const { Pipeline } = await dist('pipeline/check.js');
const { PolicyEngine, readBundle } = await dist('policy/index.js');
const { DEFAULT_BUNDLE_DIR } = await dist('paths.js');
const { enrichSession, afterDecision } = await dist('session/index.js');
const { normalizeCall, normalizeContext } = await dist('normalize/index.js');

const N = Number(process.env.SESSION_BENCH_N ?? 2000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-session-bench-'));
const db = process.env.TOOLGATE_TEST_DB ?? path.join(dir, 'bench.db');
const store = await Store.open(db);
const engine = new PolicyEngine();
engine.activate(readBundle(DEFAULT_BUNDLE_DIR));
const defaults = { cwd: '/home/dev/project', home: '/home/dev' };
const pipeline = new Pipeline({ engine, store, defaults });

const mix = (i) => {
  switch (i % 5) {
    case 0:
      return { tool: 'bash', input: { command: `npm test -- part${i % 7}` } };
    case 1:
      return { tool: 'Read', input: { file_path: `/home/dev/project/src/f${i % 11}.ts` } };
    case 2:
      return { tool: 'Edit', input: { file_path: `/home/dev/project/src/f${i % 11}.ts`, old_string: `v${i}`, new_string: `v${i + 1}` } };
    case 3:
      return { tool: 'bash', input: { command: 'git status --short' } };
    default:
      return { tool: 'Grep', input: { pattern: `name${i % 13}`, path: 'src' } };
  }
};

const pct = (values, p) => {
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = (label, values) =>
  `${label.padEnd(44)} p50 ${pct(values, 50).toFixed(0).padStart(6)} µs   p95 ${pct(values, 95).toFixed(0).padStart(6)} µs   mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(0).padStart(6)} µs`;

async function runChecks(sessionOf) {
  const totals = [];
  const enrich = [];
  const commit = [];
  for (let i = 0; i < N; i++) {
    const { timings } = await pipeline.check({ session_id: sessionOf(i), ...mix(i), context: defaults });
    totals.push(timings.total);
    enrich.push(timings.enrich);
    commit.push(timings.commit);
  }
  return { totals, enrich, commit };
}

// Warm up the policy and the database.
for (let i = 0; i < 200; i++) await pipeline.check({ session_id: `warm-${i}`, ...mix(i), context: defaults });

// Reports (outcomes) make the long session's state realistic; generous budgets so nothing stops it.
const data = structuredClone(engine.current.policy.data);
data.config.governance.budgets.session = { calls: null, tokens: null, cost_usd: null, wall_time_ms: null };
data.config.governance.loop.generic_repeat = {};
engine.activate({ ...engine.current.policy, data, revision: 'bench-session' });

const fresh = await runChecks((i) => `fresh-${i}`);
const long = await runChecks(() => 'long');

const row = await store.getSession('long');
const bareRead = [];
const enrichOnly = [];
const after = [];
const ctx = normalizeContext(defaults, defaults);
for (let i = 0; i < N; i++) {
  const call = mix(i);
  const normalized = normalizeCall(call.tool, call.input, ctx);
  let t = process.hrtime.bigint();
  await store.getSession('long');
  bareRead.push(Number(process.hrtime.bigint() - t) / 1000);
  t = process.hrtime.bigint();
  const enriched = await enrichSession(store, { session_id: 'long', ...call }, { ...call, ...normalized }, engine.current.policy.data, Date.now());
  enrichOnly.push(Number(process.hrtime.bigint() - t) / 1000);
  t = process.hrtime.bigint();
  afterDecision(enriched, { session_id: 'long' }, { id: `x${i}`, decision: 'allow', categories: [], obligations: [], reasons: [] });
  after.push(Number(process.hrtime.bigint() - t) / 1000);
}

console.log(`# session state overhead (${N} checks each, ${store.dialect}, node ${process.version})`);
console.log(summary('A: total, new session every call', fresh.totals));
console.log(summary('B: total, one long session (full state)', long.totals));
console.log(summary('A: enrich stage', fresh.enrich));
console.log(summary('B: enrich stage', long.enrich));
console.log(summary('A: commit stage', fresh.commit));
console.log(summary('B: commit stage', long.commit));
console.log(summary('session row read alone (skeleton enrich)', bareRead));
console.log(summary('enrichSession (read + facts + view)', enrichOnly));
console.log(summary('afterDecision (next state)', after));
console.log(`state column of the long session: ${Buffer.byteLength(row.state)} bytes; decisions: ${Number(row.calls)}`);
console.log(
  `extra per decision from session state (p50): enrich ${(pct(enrichOnly, 50) - pct(bareRead, 50)).toFixed(0)} µs + afterDecision ${pct(after, 50).toFixed(0)} µs; end to end B − A p50 ${(pct(long.totals, 50) - pct(fresh.totals, 50)).toFixed(0)} µs`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });

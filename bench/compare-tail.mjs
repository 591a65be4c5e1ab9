#!/usr/bin/env node
/**
 * First-sight normalize + evaluate of the calls of bench/tail-inputs.mjs (bash under 1 KB of
 * rules-tests/ and the blind rounds), timed for two builds in one process, call by call and
 * alternated (A, B, A, B, … for each call, each round), so that both see the same load: on a
 * shared machine that is the only fair comparison. Each build is a checkout with its dist/ and
 * bundle/ (e.g. `git worktree add /tmp/before <commit>` and `npm run build` there). Each call's
 * fastest of R rounds (default 7); TOOLGATE_PERF_CACHES=0 is set, so every round normalizes again.
 * CPU=1 times the process's CPU instead of the wall clock; ONLY=normalize times normalize alone.
 *
 *   node bench/compare-tail.mjs /tmp/before .
 */
import os from 'node:os';
import path from 'node:path';

process.env.TOOLGATE_PERF_CACHES = '0';
// ONLY=normalize times the normalization alone.
const normalizeOnly = process.env.ONLY === 'normalize';
const roots = process.argv.slice(2, 4).map((r) => path.resolve(r));
if (roots.length !== 2) {
  console.error('usage: node bench/compare-tail.mjs <checkout-a> <checkout-b>');
  process.exit(2);
}
const builds = await Promise.all(
  roots.map(async (root) => {
    const dist = (p) => import(path.join(root, 'dist', p));
    const { buildPolicyInput } = await dist('pipeline/check.js');
    const { LoadedRevision, readBundle } = await dist('policy/index.js');
    const { sessionView } = await dist('session/index.js');
    const { normalizeCall } = await dist('normalize/index.js');
    const revision = new LoadedRevision(readBundle(path.join(root, 'bundle')));
    const decide = normalizeOnly
      ? (r, ctx) => normalizeCall(r.tool, r.input, ctx)
      : (r, ctx) => revision.evaluate(buildPolicyInput(r, ctx, normalizeCall(r.tool, r.input, ctx), sessionView(undefined, r, Date.now())));
    return { root, decide };
  }),
);
const { requests, contexts } = await import('./tail-inputs.mjs');
const rounds = Number(process.env.R ?? 7);
// CPU=1: the process's CPU time (user + system) instead of wall time: under a load above the
// core count a call is often descheduled, which the CPU time does not count.
const cpu = Boolean(process.env.CPU);
const fastest = builds.map(() => new Float64Array(requests.length).fill(Infinity));
for (let round = 0; round < rounds; round++) {
  requests.forEach((r, i) => {
    for (const b of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const t0 = cpu ? process.cpuUsage() : process.hrtime.bigint();
      builds[b].decide(r, contexts[i]);
      const spent = cpu ? ((u) => u.user + u.system)(process.cpuUsage(t0)) : Number(process.hrtime.bigint() - t0) / 1000;
      fastest[b][i] = Math.min(fastest[b][i], spent);
    }
  });
}
const at = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(0);
console.log(`${requests.length} calls × ${rounds} rounds, alternated, ${cpu ? 'CPU time' : 'wall time'}, load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
builds.forEach((b, k) => {
  const sorted = Float64Array.from(fastest[k]).sort();
  console.log(`${b.root}: ${normalizeOnly ? 'normalize' : 'normalize + evaluate'}, per-call fastest: p50 ${at(sorted, 50)} µs, p90 ${at(sorted, 90)} µs, p99 ${at(sorted, 99)} µs, max ${sorted[sorted.length - 1].toFixed(0)} µs`);
});

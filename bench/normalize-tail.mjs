#!/usr/bin/env node
/**
 * The normalization alone of each first-sight bash call under 1 KB of rules-tests/ (the calls of
 * bench/evaluate-tail.mjs), its fastest of R rounds (default 7), with the facts cache off so
 * that every round parses again. Prints p50, p90, p99 and the slowest calls. PROFILE_LOOPS=n
 * then normalizes the slowest 5 % n more times, for `node --cpu-prof bench/normalize-tail.mjs`.
 *
 *   npm run build && node bench/normalize-tail.mjs
 */
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

process.env.TOOLGATE_PERF_CACHES = process.env.TOOLGATE_PERF_CACHES ?? '0';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { findCaseFiles, loadCaseFile } = await dist('testing/cases.js');
const { normalizeCall, normalizeContext } = await dist('normalize/index.js');

const requests = findCaseFiles([path.join(root, 'rules-tests')])
  .flatMap((file) => loadCaseFile(file))
  .map((c) => ({ tool: c.tool, input: c.input, context: { cwd: c.context.cwd, home: c.context.home } }))
  .filter((r) => ['bash', 'Bash', 'exec'].includes(r.tool) && String(r.input.command ?? '').length < 1024);
const contexts = requests.map((r) => normalizeContext(r.context, { cwd: '/', home: '/root' }));
const rounds = Number(process.env.R ?? 7);
const fastest = new Float64Array(requests.length).fill(Infinity);
for (let round = 0; round < rounds; round++) {
  requests.forEach((r, i) => {
    const t0 = process.hrtime.bigint();
    normalizeCall(r.tool, r.input, contexts[i]);
    fastest[i] = Math.min(fastest[i], Number(process.hrtime.bigint() - t0) / 1000);
  });
}
const sorted = Float64Array.from(fastest).sort();
const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(0);
console.log(`${requests.length} calls × ${rounds} rounds, load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
console.log(`normalize, per-call fastest: p50 ${at(50)} µs, p90 ${at(90)} µs, p99 ${at(99)} µs, max ${sorted[sorted.length - 1].toFixed(0)} µs`);
const order = [...fastest.keys()].sort((a, b) => fastest[b] - fastest[a]);
for (const i of order.slice(0, Number(process.env.TOP ?? 10))) console.log(`${fastest[i].toFixed(0).padStart(6)} µs  ${JSON.stringify(requests[i].input.command).slice(0, 110)}`);
const loops = Number(process.env.PROFILE_LOOPS ?? 0);
const slow = order.slice(0, Math.ceil(requests.length * 0.05));
for (let l = 0; l < loops; l++) for (const i of slow) normalizeCall(requests[i].tool, requests[i].input, contexts[i]);

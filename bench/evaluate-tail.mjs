#!/usr/bin/env node
/**
 * The evaluation alone of each first-sight bash call under 1 KB of rules-tests/ and the blind rounds
 * (bench/tail-inputs.mjs), its fastest of
 * R rounds (default 7): on a shared machine the fastest is the call's own cost. Prints p50, p90,
 * p99 and the slowest calls. BUNDLE=dir evaluates another bundle (a build of an earlier commit),
 * so two policies can be compared on the same inputs, alternated within minutes.
 *
 * TOTAL=1 times normalize + evaluate instead (the first-sight cost; the facts, code and
 * secrets caches off, so that every round normalizes again).
 *
 *   npm run build && node bench/evaluate-tail.mjs
 *   BUNDLE=/tmp/old-bundle R=5 node bench/evaluate-tail.mjs
 *   TOTAL=1 node bench/evaluate-tail.mjs
 *   TOTAL=1 PROFILE_LOOPS=20 node --cpu-prof bench/evaluate-tail.mjs   (then the slowest 5 % n more times)
 */
import os from 'node:os';

const total = Boolean(process.env.TOTAL);
if (total) process.env.TOOLGATE_PERF_CACHES = '0';
const { revision, requests, inputFor } = await import('./tail-inputs.mjs');
const inputs = requests.map((_, i) => inputFor(i));
const rounds = Number(process.env.R ?? 7);
const fastest = new Float64Array(inputs.length).fill(Infinity);
for (let round = 0; round < rounds; round++) {
  inputs.forEach((input, i) => {
    const t0 = process.hrtime.bigint();
    revision.evaluate(total ? inputFor(i) : input);
    fastest[i] = Math.min(fastest[i], Number(process.hrtime.bigint() - t0) / 1000);
  });
}
const sorted = Float64Array.from(fastest).sort();
const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(0);
console.log(`bundle ${revision.revision}, ${inputs.length} calls × ${rounds} rounds, load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
console.log(`${total ? 'normalize + evaluate' : 'evaluate'}, per-call fastest: p50 ${at(50)} µs, p90 ${at(90)} µs, p99 ${at(99)} µs, max ${sorted[sorted.length - 1].toFixed(0)} µs`);
const slowest = [...fastest.keys()].sort((a, b) => fastest[b] - fastest[a]).slice(0, Number(process.env.TOP ?? 10));
for (const i of slowest) console.log(`${fastest[i].toFixed(0).padStart(6)} µs  ${JSON.stringify(requests[i].input.command).slice(0, 110)}`);
const loops = Number(process.env.PROFILE_LOOPS ?? 0);
const tail = [...fastest.keys()].sort((a, b) => fastest[b] - fastest[a]).slice(0, Math.ceil(inputs.length * 0.05));
for (let l = 0; l < loops; l++) for (const i of tail) revision.evaluate(total ? inputFor(i) : inputs[i]);

#!/usr/bin/env node
/**
 * A profiling harness for the evaluation tail: the first-sight bash calls under 1 KB of
 * rules-tests/ (as bench/evaluate-tail.mjs), the slowest SHARE (default 0.05) of them picked
 * by their fastest of 3 rounds, then evaluated again LOOPS times (default 20), for
 * `node --cpu-prof --cpu-prof-dir=/tmp/p bench/evaluate-profile.mjs`. Then
 * `node bench/evaluate-profile.mjs --summarize /tmp/p/<file>.cpuprofile` lists self time by function.
 * ALL=1 profiles every call instead of the slowest share; DUMP=file writes the picked inputs
 * (one JSON a line), e.g. for `opa eval --profile` over the same calls.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

if (process.argv[2] === '--summarize') {
  const profile = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const key = `${n.callFrame.functionName || '(anon)'} ${path.basename(n.callFrame.url)}`;
    self.set(key, (self.get(key) ?? 0) + dt[i]);
    total += dt[i];
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 60));
  for (const [k, v] of top) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  process.exit(0);
}

const { revision, requests, inputFor } = await import('./tail-inputs.mjs');
const inputs = requests.map((_, i) => inputFor(i));
let picked = inputs;
if (!process.env.ALL) {
  const fastest = new Float64Array(inputs.length).fill(Infinity);
  for (let round = 0; round < 3; round++) {
    inputs.forEach((input, i) => {
      const t0 = process.hrtime.bigint();
      revision.evaluate(input);
      fastest[i] = Math.min(fastest[i], Number(process.hrtime.bigint() - t0));
    });
  }
  const order = [...fastest.keys()].sort((a, b) => fastest[b] - fastest[a]);
  picked = order.slice(0, Math.ceil(inputs.length * Number(process.env.SHARE ?? 0.05))).map((i) => inputs[i]);
}
if (process.env.DUMP) writeFileSync(process.env.DUMP, picked.map((input) => JSON.stringify(input)).join('\n') + '\n');
const loops = Number(process.env.LOOPS ?? 20);
const t0 = performance.now();
for (let l = 0; l < loops; l++) for (const input of picked) revision.evaluate(input);
console.log(`${picked.length} calls × ${loops}: ${((1000 * (performance.now() - t0)) / (loops * picked.length)).toFixed(0)} µs mean`);

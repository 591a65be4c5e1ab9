#!/usr/bin/env node
/**
 * Per-call cost of normalizeBash over the bash commands of rules-tests/ that are under
 * 1 KiB (a few hundred typical and hostile commands). Not a test: it prints figures.
 *
 *   npm run build && node src/normalize/bash/measure.mjs
 *
 * Two figures: CPU time per call (process.cpuUsage; unaffected by other processes taking
 * the CPU on a shared machine) and wall-clock time (what a caller waits, including that).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { normalizeBash } = await import(path.join(root, 'dist/normalize/bash/index.js'));
const ctx = { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] };

const commands = [];
function collect(value) {
  if (typeof value === 'string') commands.push(value);
  else if (Array.isArray(value)) value.forEach(collect);
  else if (value && typeof value === 'object') {
    if (typeof value.command === 'string') commands.push(value.command);
    else if (value.input && typeof value.input.command === 'string') commands.push(value.input.command);
  }
}
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.ya?ml$/.test(name)) {
      try {
        collect(YAML.parse(readFileSync(full, 'utf8'))?.cases);
      } catch {
        // not a case file
      }
    }
  }
}
walk(path.join(root, 'rules-tests/bash'));
const small = commands.filter((c) => Buffer.byteLength(c) < 1024);
if (small.length === 0) {
  console.error('no bash cases found under rules-tests/bash');
  process.exit(1);
}

for (let i = 0; i < 3; i++) for (const c of small) normalizeBash(c, ctx);
const cpu = [];
const wall = [];
for (let round = 0; round < 5; round++) {
  for (const c of small) {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    normalizeBash(c, ctx);
    const u = process.cpuUsage(u0);
    wall.push(performance.now() - t0);
    cpu.push((u.user + u.system) / 1000);
  }
}
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))].toFixed(3);
console.log(`normalizeBash over ${small.length} commands < 1 KiB from rules-tests/bash, ${cpu.length} calls`);
console.log(`cpu time   p50=${q(cpu, 0.5)} ms  p90=${q(cpu, 0.9)} ms  p99=${q(cpu, 0.99)} ms  max=${q(cpu, 1)} ms`);
console.log(`wall clock p50=${q(wall, 0.5)} ms  p90=${q(wall, 0.9)} ms  p99=${q(wall, 0.99)} ms  max=${q(wall, 1)} ms`);

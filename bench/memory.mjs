#!/usr/bin/env node
/**
 * Memory of a fresh gateway process (`toolgate serve`, SQLite) under many live sessions:
 * RSS idle, then after each checkpoint of sessions (one decision each over HTTP, a new
 * session id per request). Reaching 10,000 then 30,000 tells a leak (grows with sessions)
 * from a plateau (grows, then stays).
 *
 * The figure is the process's RSS as the kernel reports it (/proc/<pid>/status), read right
 * after the load, with no forced GC: what an operator sees. bench/memory-probe.mjs, loaded
 * into the gateway, adds where the memory is (V8 heap, WASM memory, native) and what a
 * forced GC would give back.
 *
 * Run alone: `npm run build && node bench/memory.mjs` (BENCH_MEMORY_SESSIONS=10000,30000;
 * BENCH_MEMORY_CACHES=on|off|both, default both). bench/run.mjs imports memoryRun.
 * Diagnosis: BENCH_MEMORY_GC=1 forces a GC at each checkpoint (the live heap, to tell a leak;
 * it changes what follows), BENCH_MEMORY_SNAPSHOTS=<dir> writes a heap snapshot at each,
 * BENCH_MEMORY_MAPS=1 prints the biggest resident anonymous mappings, BENCH_MEMORY_NODE_ARGS
 * passes node flags to the gateway; BENCH_PROBE_V8_FLAGS and BENCH_PROBE_WORKER_LIMITS (JSON
 * resourceLimits) are set inside it by the probe, for experiments.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { whenListening } from './lib/listening.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

function startGateway(db, env, nodeArgs = []) {
  const args = [...nodeArgs, '--import', path.join(root, 'bench', 'memory-probe.mjs'), 'bin/toolgate.js', 'serve', '--port', '0', '--db', db];
  const child = spawn('node', args, {
    cwd: root,
    env: { ...process.env, TOOLGATE_PRINT_PORT: '1', TOOLGATE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return whenListening(child, 'toolgate serve');
}

function probe(child, options = {}) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 10_000);
    const onMessage = (message) => {
      if (message?.probe !== 'memory') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ probe: 'memory', ...options });
  });
}

/**
 * One fresh gateway, loaded with `checkpoints` sessions in turn (cumulative: 10,000 then
 * 20,000 more to reach 30,000). `requests` is the call mix; request i gets session live-i.
 */
export async function memoryRun({ requests, checkpoints = [10_000], env = {}, work, dbName = 'memory.db', connections = 32, gcEach = false, snapshots = null, nodeArgs = [] }) {
  const db = path.join(work, dbName);
  const gw = await startGateway(db, env, nodeArgs);
  try {
    // Let startup settle (lazy compilation, first GCs) before the idle reading.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = rssOf(gw.child.pid);
    const idleReading = await probe(gw.child, { gc: gcEach });
    const idle = { rss: idleRss, probe: idleReading?.before ?? null, collected: idleReading?.afterGc ?? null };
    const points = [];
    let n = 0;
    for (const target of checkpoints) {
      const result = await autocannon({
        url: `http://127.0.0.1:${gw.port}/v1/check`,
        method: 'POST',
        connections,
        amount: target - n,
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => { const i = n++; return { ...req, body: JSON.stringify({ ...requests[i % requests.length], session_id: `live-${i}` }) }; } }],
      });
      const rss = rssOf(gw.child.pid);
      // gcEach (diagnosis only: it changes what follows): the live heap at each checkpoint, to tell a leak.
      const reading = await probe(gw.child, { gc: gcEach, ...(snapshots ? { heapSnapshot: path.join(snapshots, `${target}.heapsnapshot`) } : {}) });
      points.push({ sessions: target, rss, ok: result['2xx'], rps: result.requests.average, probe: reading?.before ?? null, collected: reading?.afterGc ?? null });
    }
    const collected = (await probe(gw.child, { gc: true }))?.afterGc ?? null;
    const { default: Database } = await import('better-sqlite3');
    const sessionsDb = new Database(db, { readonly: true });
    const stored = sessionsDb.prepare('select count(*) as n from sessions').get().n;
    sessionsDb.close();
    return { idle, points, collected, stored };
  } finally {
    gw.child.kill('SIGTERM');
  }
}

/** One line per reading: where the memory is, from the probe. */
export function describeProbe(p) {
  if (!p) return 'no probe';
  const wasm = p.wasm.length ? p.wasm.map((m) => `${m}`).join('+') : '0';
  return `RSS ${p.proc.rss.toFixed(0)} MB (peak ${p.proc.hwm.toFixed(0)}, anon ${p.proc.rssAnon.toFixed(0)}, file ${p.proc.rssFile.toFixed(0)}); V8 heap used ${p.heap.used} of ${p.heap.total} MB, resident ${p.heap.physical} (old ${p.spaces.old_space?.used}/${p.spaces.old_space?.size}, new ${p.spaces.new_space?.used}/${p.spaces.new_space?.size}, code ${p.spaces.code_space?.size}, large ${p.spaces.large_object_space?.size}), external ${p.usage.external} MB, arrayBuffers ${p.usage.arrayBuffers} MB, WASM memory ${wasm} MB, V8 malloced ${p.heap.malloced} MB; anon outside the main V8 heap ${(p.proc.rssAnon - p.heap.physical).toFixed(0)} MB`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { findCaseFiles, loadCaseFile } = await import(path.join(root, 'dist', 'testing', 'cases.js'));
  const cases = findCaseFiles([path.join(root, 'rules-tests')]).flatMap((file) => loadCaseFile(file));
  const requests = cases.map((c) => ({ tool: c.tool, input: c.input, context: { cwd: c.context.cwd, home: c.context.home } }));
  const checkpoints = (process.env.BENCH_MEMORY_SESSIONS ?? '10000,30000').split(',').map(Number);
  const which = process.env.BENCH_MEMORY_CACHES ?? 'both';
  const variants = [['caches on', {}], ['TOOLGATE_PERF_CACHES=0', { TOOLGATE_PERF_CACHES: '0' }]].filter(([name]) => which === 'both' || (which === 'on') === (name === 'caches on'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-memory-'));
  try {
    for (const [name, env] of variants) {
      const run = await memoryRun({ requests, checkpoints, env, nodeArgs: (process.env.BENCH_MEMORY_NODE_ARGS ?? '').split(' ').filter(Boolean), work, dbName: `${name.replace(/\W+/g, '-')}.db`, gcEach: process.env.BENCH_MEMORY_GC === '1', snapshots: process.env.BENCH_MEMORY_SNAPSHOTS ?? null });
      let previous = { sessions: 0, probe: run.idle.probe };
      const cpuPerCall = (p) => {
        const calls = p.sessions - previous.sessions;
        const us = (p.probe?.cpuUs - previous.probe?.cpuUs) / calls;
        const pauses = ['minor', 'major', 'incremental'].map((kind) => `${kind} ${((1000 * (p.probe?.gcPauses[kind] - previous.probe?.gcPauses[kind])) / calls).toFixed(0)}`).join(', ');
        previous = p;
        return `${us.toFixed(0)} µs/call; GC pauses µs/call: ${pauses}`;
      };
      console.log(`${name}: idle ${run.idle.rss.toFixed(0)} MB; ${run.points.map((p) => `after ${p.sessions} sessions ${p.rss.toFixed(0)} MB (${p.ok} 2xx, ${p.rps.toFixed(0)} req/s, gateway CPU ${cpuPerCall(p)})`).join('; ')}; ${run.stored} sessions stored`);
      console.log(`  idle:        ${describeProbe(run.idle.probe)}`);
      if (run.idle.collected) console.log(`    after GC:  ${describeProbe(run.idle.collected)}`);
      for (const p of run.points) {
        console.log(`  ${String(p.sessions).padEnd(6)} sess: ${describeProbe(p.probe)}`);
        if (p.collected) console.log(`    after GC:  ${describeProbe(p.collected)}`);
      }
      console.log(`  forced GC:   ${describeProbe(run.collected)}`);
      if (process.env.BENCH_MEMORY_MAPS === '1') for (const p of [run.idle.probe, ...run.points.map((q) => q.probe)]) console.log(JSON.stringify(p?.anon));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

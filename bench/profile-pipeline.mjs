#!/usr/bin/env node
/**
 * A profiling harness: the in-process pipeline (normalize → enrich → evaluate → durable
 * SQLite commit) over the rules-tests call mix, for `node --cpu-prof bench/profile-pipeline.mjs`.
 * Env: PROFILE_CALLS (default 4000), PROFILE_CONCURRENCY (default 64), PROFILE_SESSIONS (default 500),
 * PROFILE_WORKERS (analysis worker threads, default 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { findCaseFiles, loadCaseFile } = await dist('testing/cases.js');
const { createGateway, createLogger } = await dist('gateway.js');

const count = Number(process.env.PROFILE_CALLS ?? 4000);
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 64);
const sessions = Number(process.env.PROFILE_SESSIONS ?? 500);
const cases = findCaseFiles([path.join(root, 'rules-tests')]).flatMap((file) => loadCaseFile(file));
const requests = cases.map((c) => ({ tool: c.tool, input: c.input, context: { cwd: c.context.cwd, home: c.context.home } }));

const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-profile-'));
const workers = Number(process.env.PROFILE_WORKERS ?? 0);
const gateway = await createGateway({ db: path.join(work, 'p.db'), logger: createLogger('silent'), defaults: { cwd: '/', home: '/root' }, analysis: { workers } });
const cpuStart = process.cpuUsage();
const stages = { normalize: 0, enrich: 0, evaluate: 0, commit: 0, total: 0 };
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const { timings } = await gateway.pipeline.check({ ...requests[i % requests.length], session_id: `s-${i % sessions}` });
      for (const key of Object.keys(stages)) stages[key] += timings[key];
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const stats = gateway.store.committer.stats;
await gateway.close();
rmSync(work, { recursive: true, force: true });
const mean = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v / count)]));
console.log(JSON.stringify({ count, concurrency, workers, perSecond: Math.round(count / seconds), cpuUsPerDecision: Math.round((cpu.user + cpu.system) / count), meanUs: mean, avgBatch: +(stats.jobs / stats.batches).toFixed(1) }));

#!/usr/bin/env node
/**
 * The session file ledger on the hot path: what a check costs in a session that has written
 * many files (the ledger holds up to 256, each looked up when a call runs or writes a file).
 * An in-process gateway (real SQLite file, one analysis worker, as `toolgate serve`) answers
 * the same kinds of checks in a fresh session and in a session that wrote 200 scripts first:
 * a trivial `git status`, a run of one of the written scripts (`bash s-17.sh`: the ledger
 * judges it), and a write of one more file (its content judged and recorded).
 *
 * Standalone: `node bench/ledger.mjs` (needs `npm run build`); `npm run bench` runs it as one
 * section of its report. Env: LEDGER_FILES (default 200), LEDGER_ROUNDS (checks per kind, default 200).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function percentile(values, p) {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function ledgerBench({ out = console.log, files = Number(process.env.LEDGER_FILES ?? 200), rounds = Number(process.env.LEDGER_ROUNDS ?? 200) } = {}) {
  const { createGateway, createLogger } = await import(path.join(root, 'dist', 'gateway.js'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-ledger-'));
  const gateway = await createGateway({ db: path.join(work, 'ledger.db'), logger: createLogger('silent'), defaults: { cwd: '/home/dev/project', home: '/home/dev' } });
  const context = { cwd: '/home/dev/project', home: '/home/dev' };
  const check = async (session, tool, input) => {
    const started = performance.now();
    const { response } = await gateway.pipeline.check({ session_id: session, tool, input, context });
    return { ms: performance.now() - started, decision: response.decision };
  };
  try {
    // The busy session: `files` scripts written (Write tool), each judged and recorded.
    for (let i = 0; i < files; i++) await check('busy', 'Write', { file_path: `/home/dev/project/scripts/s-${i}.sh`, content: `#!/bin/sh\nnpm run build -- --filter pkg-${i}\nnpm test\n` });
    const kinds = {
      'trivial check (git status)': (s, i) => check(s, 'Bash', { command: `git status # ${i}` }),
      'run a written script (bash scripts/s-N.sh)': (s, i) => check(s, 'Bash', { command: `bash scripts/s-${i % files}.sh # ${i}` }),
      'write one more file (Write, content judged)': (s, i) => check(s, 'Write', { file_path: `/home/dev/project/more/m-${i % 50}.sh`, content: `#!/bin/sh\nmake test-${i}\n` }),
    };
    const rows = [];
    for (const [name, run] of Object.entries(kinds)) {
      for (let i = 0; i < 20; i++) await run(`warm-${name}-${i}`, i);
      const fresh = [];
      const busy = [];
      for (let i = 0; i < rounds; i++) {
        fresh.push((await run(`fresh-${name}-${i}`, i)).ms);
        busy.push((await run('busy', i)).ms);
      }
      rows.push({ name, freshP50: percentile(fresh, 50), freshP99: percentile(fresh, 99), busyP50: percentile(busy, 50), busyP99: percentile(busy, 99) });
    }
    const ms = (v) => `${v.toFixed(2)} ms`;
    out(`## The session file ledger on the hot path`);
    out();
    out(`In-process gateway (SQLite file, one analysis worker). Each kind of check ${rounds} times in a fresh session and in a session that wrote ${files} scripts first (the ledger keeps the last 256). Load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores. Command: \`node bench/ledger.mjs\`.`);
    out();
    out(`| check | fresh session p50 / p99 | after ${files} written files p50 / p99 | added at p50 |`);
    out(`| --- | ---: | ---: | ---: |`);
    for (const r of rows) out(`| ${r.name} | ${ms(r.freshP50)} / ${ms(r.freshP99)} | ${ms(r.busyP50)} / ${ms(r.busyP99)} | ${ms(r.busyP50 - r.freshP50)} |`);
    out();
    return rows;
  } finally {
    await gateway.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ledgerBench();
  process.exit(0);
}

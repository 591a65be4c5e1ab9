#!/usr/bin/env node
/**
 * The cost of one Claude Code hook event, per hook form, against a real gateway on loopback:
 * - http hook: Claude Code posts the event to the gateway (no process);
 * - command hook, lean entry (`toolgate hook claude-code`: bin/toolgate.js goes straight to the
 *   adapter), one process per event as Claude Code runs it;
 * - command hook through the whole CLI (dist/cli/main.js), what every event cost before.
 * Wall time per event, median and p90 over BENCH_HOOK_RUNS runs (default 20). Run alone:
 * `node bench/hook.mjs`; `npm run bench` runs it too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createGateway, createLogger } = await import(path.join(root, 'dist', 'gateway.js'));
/** Runs every hook form `runs` times and prints a table; returns the rows (npm run bench uses them). */
export async function hookBench({ out = console.log, runs = Number(process.env.BENCH_HOOK_RUNS ?? 20) } = {}) {

  const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-bench-hook-'));
  const gateway = await createGateway({ db: path.join(work, 'hook.db'), logger: createLogger('silent'), defaults: { cwd: '/', home: '/root' } });
  const { server, port } = await new Promise((resolve) => {
    const s = serve({ fetch: gateway.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ server: s, port: info.port }));
  });
  const url = `http://127.0.0.1:${port}`;

  const event = (i) =>
    JSON.stringify({ hook_event_name: 'PreToolUse', session_id: `bench-hook-${i}`, tool_name: 'Bash', tool_input: { command: 'git status' }, cwd: '/home/dev/project', tool_use_id: `t${i}` });

  function runProcess(args, input) {
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (code !== 0 || !out.includes('"allow"')) reject(new Error(`hook exited ${code}: ${out}`));
        else resolve(ms);
      });
      child.stdin.end(input);
    });
  }

  async function httpHook(i) {
    const started = process.hrtime.bigint();
    const res = await fetch(`${url}/v1/hooks/claude-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: event(i) });
    const body = await res.text();
    if (!body.includes('"allow"')) throw new Error(`http hook answered ${res.status}: ${body}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }

  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    return { median: at(0.5), p90: at(0.9) };
  };
  const forms = [
    ['http hook (POST /v1/hooks/claude-code)', (i) => httpHook(i)],
    ['command hook, lean entry (toolgate hook claude-code)', (i) => runProcess([path.join(root, 'bin/toolgate.js'), 'hook', 'claude-code', '--gateway', url], event(i))],
    ['command hook through the whole CLI (before)', (i) => runProcess([path.join(root, 'dist/cli/main.js'), 'hook', 'claude-code', '--gateway', url], event(i))],
    ['node -e 0 (the floor: starting Node)', () => runProcess(['-e', 'process.stdout.write(\'"allow"\')'], '')],
  ];
  const rows = [];
  try {
    for (const [name, once] of forms) {
      await once(-1); // warm the file cache
      const times = [];
      for (let i = 0; i < runs; i++) times.push(await once(i));
      const { median, p90 } = stats(times);
      rows.push({ form: name, median_ms: Number(median.toFixed(1)), p90_ms: Number(p90.toFixed(1)) });
    }
  } finally {
    server.close();
    await gateway.close();
    rmSync(work, { recursive: true, force: true });
  }
  out(`## Claude Code hook cost per event (${runs} runs each, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
  out('');
  out('| hook form | median | p90 |');
  out('| --- | ---: | ---: |');
  for (const r of rows) out(`| ${r.form} | ${r.median_ms} ms | ${r.p90_ms} ms |`);
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await hookBench();
}

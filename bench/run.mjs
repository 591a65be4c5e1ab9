#!/usr/bin/env node
/**
 * npm run bench: toolgate's cost per decision, in-process and over HTTP, side by side
 * with OPA's own server on the same policy and a bare Hono endpoint, on this machine,
 * in this run. Prints a table and writes docs/benchmarks.md.
 *
 * Options (env): BENCH_SECONDS (HTTP run length, default 5), BENCH_QUICK=1 (short run).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const quick = process.env.BENCH_QUICK === '1';
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 2 : 5));

const { findCaseFiles, loadCaseFile } = await dist('testing/cases.js');
const { decide } = await dist('pipeline/check.js');
const { LoadedRevision, readBundle, buildPolicy } = await dist('policy/index.js');
const { sessionView } = await dist('session/index.js');
const { createGateway, createLogger } = await dist('gateway.js');
const { DEFAULT_BUNDLE_DIR, DEFAULT_POLICY_DIR } = await dist('paths.js');
const { normalizeCall, normalizeContext } = await dist('normalize/index.js');

const work = mkdtempSync(path.join(os.tmpdir(), 'toolgate-bench-'));
const children = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

// ---------- the call mix: every case in rules-tests (short and long bash, nested, non-bash tools)
const cases = findCaseFiles([path.join(root, 'rules-tests')]).flatMap((file) => loadCaseFile(file));
const requests = cases.map((c, i) => ({
  session_id: `bench-${i % 997}`,
  tool: c.tool,
  input: c.input,
  context: { cwd: c.context.cwd, home: c.context.home },
}));
const bashUnder1k = requests.filter((r) => ['bash', 'Bash', 'exec'].includes(r.tool) && String(r.input.command ?? '').length < 1024);

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`);
const lines = [];
const out = (line = '') => {
  lines.push(line);
  console.log(line);
};

out(`# toolgate benchmarks`);
out();
out(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}.`);
out(`Call mix: ${requests.length} calls from rules-tests/ (${bashUnder1k.length} bash under 1 KB). Command: \`npm run bench\`.`);
out();

// ---------- 1. in-process: normalize + evaluate, per call
const revision = new LoadedRevision(readBundle(DEFAULT_BUNDLE_DIR));
function timeDecide(rev, list, rounds) {
  const normalizeUs = [];
  const evaluateUs = [];
  const totalUs = [];
  for (let round = 0; round < rounds; round++) {
    for (const request of list) {
      const t0 = process.hrtime.bigint();
      const ctx = normalizeContext(request.context, { cwd: '/', home: '/root' });
      const normalized = normalizeCall(request.tool, request.input, ctx);
      const t1 = process.hrtime.bigint();
      decide(rev, request, sessionView(undefined, request, Date.now()), { cwd: '/', home: '/root' });
      const t2 = process.hrtime.bigint();
      normalizeUs.push(Number(t1 - t0) / 1000);
      evaluateUs.push(Number(t2 - t1) / 1000 - Number(t1 - t0) / 1000);
      totalUs.push(Number(t2 - t1) / 1000);
      void normalized;
    }
  }
  return { normalizeUs, evaluateUs, totalUs };
}
timeDecide(revision, requests, 1); // warm up JIT and caches
const mix = timeDecide(revision, requests, quick ? 2 : 5);
const bash = timeDecide(revision, bashUnder1k, quick ? 2 : 5);

out(`## In-process decision (normalize + evaluate, no store)`);
out();
out(`| set | calls | normalize p50 | normalize p99 | evaluate p50 | evaluate p99 | total p50 | total p99 |`);
out(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const [name, r] of [['whole mix', mix], ['bash < 1 KB', bash]]) {
  out(`| ${name} | ${r.totalUs.length} | ${fmt(percentile(r.normalizeUs, 50))} | ${fmt(percentile(r.normalizeUs, 99))} | ${fmt(percentile(r.evaluateUs, 50))} | ${fmt(percentile(r.evaluateUs, 99))} | ${fmt(percentile(r.totalUs, 50))} | ${fmt(percentile(r.totalUs, 99))} |`);
}
out();

// ---------- 2. in-process full pipeline with a durable SQLite commit, per stage
async function pipelineStages(db, count, concurrency) {
  const gateway = await createGateway({ db, logger: createLogger('silent'), defaults: { cwd: '/', home: '/root' } });
  const stages = { normalize: [], enrich: [], evaluate: [], commit: [], total: [] };
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const request = { ...requests[i % requests.length], session_id: `s-${i % 500}` };
      const { timings } = await gateway.pipeline.check(request);
      for (const key of Object.keys(stages)) stages[key].push(timings[key]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = gateway.store.committer.stats;
  await gateway.close();
  return { stages, perSecond: count / elapsed, stats };
}
const sqlitePath = path.join(work, 'pipeline.db');
const serial = await pipelineStages(sqlitePath, quick ? 500 : 2000, 1);
const parallel = await pipelineStages(path.join(work, 'pipeline-par.db'), quick ? 2000 : 8000, 64);
out(`## In-process pipeline with durable SQLite commit (WAL, synchronous=FULL)`);
out();
out(`| run | decisions/s | normalize p50/p99 | enrich p50/p99 | evaluate p50/p99 | commit p50/p99 | total p50/p99 | avg batch |`);
out(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const [name, r] of [['one at a time', serial], ['64 concurrent', parallel]]) {
  const cell = (key) => `${fmt(percentile(r.stages[key], 50))} / ${fmt(percentile(r.stages[key], 99))}`;
  out(`| ${name} | ${r.perSecond.toFixed(0)} | ${cell('normalize')} | ${cell('enrich')} | ${cell('evaluate')} | ${cell('commit')} | ${cell('total')} | ${(r.stats.jobs / Math.max(1, r.stats.batches)).toFixed(1)} |`);
}
out();

// ---------- 3. over HTTP, side by side
function startChild(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let buffered = '';
    let errText = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${errText}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const match = /listening (\d+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.stderr.on('data', (chunk) => {
      errText += chunk;
    });
    if (env.BENCH_PORT) {
      // opa logs no usable port for :0, so it gets a free port and is polled until healthy.
      const poll = async () => {
        try {
          const response = await fetch(`http://127.0.0.1:${env.BENCH_PORT}/health`);
          if (response.ok) {
            clearTimeout(timer);
            return resolve({ child, port: Number(env.BENCH_PORT) });
          }
        } catch {}
        setTimeout(poll, 100);
      };
      poll();
    }
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${errText.slice(-500)}`)));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function load(url, bodies, connections) {
  let i = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
  const ok = result['2xx'];
  return { rps: ok / seconds, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

// Bodies: toolgate gets raw calls (it parses); OPA gets the already-normalized policy input.
const toolgateBodies = requests.map((r, i) => JSON.stringify({ ...r, session_id: `http-${i % 997}` }));
const opaBodies = requests.map((r) => {
  const { input } = decide(revision, r, sessionView(undefined, r, Date.now()), { cwd: '/', home: '/root' });
  return JSON.stringify({ input });
});

const opaBin = path.join(root, '.tools', 'bin', 'opa');
const levels = quick ? [1, 32] : [1, 16, 64];
const rows = [];
const gatewayDb = path.join(work, 'http.db');
const gw = await startChild('node', ['bin/toolgate.js', 'serve', '--port', '0', '--db', gatewayDb], { TOOLGATE_PRINT_PORT: '1', TOOLGATE_LOG_LEVEL: 'warn' });
const hello = await startChild('node', ['bench/hello-hono.mjs']);
let opa = null;
try {
  const port = await freePort();
  opa = await startChild(opaBin, ['run', '--server', '--addr', `127.0.0.1:${port}`, '--log-level', 'error', path.join(root, 'policies')], { BENCH_PORT: String(port) });
} catch (error) {
  console.error(`opa run --server not started (${error.message}); the OPA column is skipped. Run npm run install:opa.`);
}
for (const connections of levels) {
  const t = await load(`http://127.0.0.1:${gw.port}/v1/check`, toolgateBodies, connections);
  const o = opa ? await load(`http://127.0.0.1:${opa.port}/v1/data/toolgate/decision`, opaBodies, connections) : null;
  const h = await load(`http://127.0.0.1:${hello.port}/v1/check`, toolgateBodies, connections);
  rows.push({ connections, t, o, h });
}
out(`## Over HTTP (${seconds} s per cell, autocannon on the same machine; every toolgate decision durably committed to SQLite)`);
out();
out(`| connections | toolgate req/s | p50 / p99 | opa run --server req/s (normalized input) | p50 / p99 | bare Hono req/s | toolgate ÷ OPA | toolgate ÷ Hono |`);
out(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
for (const { connections, t, o, h } of rows) {
  out(`| ${connections} | ${t.rps.toFixed(0)} | ${t.p50} / ${t.p99} ms | ${o ? o.rps.toFixed(0) : '–'} | ${o ? `${o.p50} / ${o.p99} ms` : '–'} | ${h.rps.toFixed(0)} | ${o ? (t.rps / o.rps).toFixed(2) : '–'} | ${(t.rps / h.rps).toFixed(2)} |`);
  if (t.errors) out(`(toolgate answered ${t.errors} non-2xx/errors at ${connections} connections)`);
}
out();

// ---------- 4. memory: RSS after 10,000 live sessions
{
  const gateway = await createGateway({ db: path.join(work, 'sessions.db'), logger: createLogger('silent'), defaults: { cwd: '/', home: '/root' } });
  const sessions = quick ? 2000 : 10_000;
  const batch = [];
  for (let i = 0; i < sessions; i++) {
    batch.push(gateway.pipeline.check({ ...requests[i % requests.length], session_id: `live-${i}` }));
    if (batch.length === 256) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  global.gc?.();
  const rss = process.memoryUsage().rss / 2 ** 20;
  out(`## Memory`);
  out();
  out(`RSS of the benchmark process after ${sessions} live sessions (one decision each, gateway in-process): ${rss.toFixed(0)} MB (target ≤ 200 MB).`);
  out();
  await gateway.close();
}

// ---------- 5. policy scale: shipped rules vs ten times as many custom rules
{
  const shippedRules = Object.keys(revision.policy.rules).length;
  const customDir = path.join(work, 'custom');
  mkdirSync(customDir, { recursive: true });
  const extra = shippedRules * 9;
  const perFile = 50;
  for (let f = 0; f * perFile < extra; f++) {
    const rules = [];
    for (let r = 0; r < perFile && f * perFile + r < extra; r++) {
      const n = f * perFile + r;
      // Each generated rule is dispatched on a command name, like the shipped ones.
      rules.push(`findings contains lib.finding("custom.gen${f}.r${n}", "ask", "process_control", "low", "generated rule ${n}") if {
\tsome c in lib.commands
\tc.name == "gen-tool-${n}"
\tsome a in c.args
\ta == "--dangerous-${n}"
}`);
    }
    writeFileSync(path.join(customDir, `gen${f}.rego`), `package toolgate.custom.gen${f}\n\nimport rego.v1\n\nimport data.toolgate.lib\n\n${rules.join('\n\n')}\n`);
  }
  let scaled = null;
  try {
    scaled = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, customDir]));
  } catch (error) {
    out(`Policy scale: could not build the generated policy: ${error.message}`);
  }
  if (scaled) {
    const big = timeDecide(scaled, bashUnder1k, quick ? 1 : 3);
    const base = timeDecide(revision, bashUnder1k, quick ? 1 : 3);
    out(`## Policy scale`);
    out();
    out(`| policy | rules | evaluate p50 | evaluate p99 |`);
    out(`| --- | ---: | ---: | ---: |`);
    out(`| shipped | ${shippedRules} | ${fmt(percentile(base.evaluateUs, 50))} | ${fmt(percentile(base.evaluateUs, 99))} |`);
    out(`| shipped + ${extra} custom | ${shippedRules + extra} | ${fmt(percentile(big.evaluateUs, 50))} | ${fmt(percentile(big.evaluateUs, 99))} |`);
    out();
  }
}

// ---------- 6. no optimisation changes a decision: in-process decide vs logged HTTP decisions
{
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(gatewayDb, { readonly: true });
  const logged = sqlite.prepare('select tool, input, context, session, decision, policy_revision from decisions where policy_revision = ? limit 2000').all(revision.revision);
  let mismatches = 0;
  for (const row of logged) {
    const request = { session_id: 'x', tool: row.tool, input: JSON.parse(row.input), context: JSON.parse(row.context) };
    // The session as the server saw it is logged with the decision, so the re-decision is exact.
    const { decision } = decide(revision, request, JSON.parse(row.session), { cwd: '/', home: '/root' });
    if (decision.decision !== row.decision && !row.input.includes('[MASKED')) mismatches += 1;
  }
  sqlite.close();
  out(`Decision identity: ${logged.length} decisions logged over HTTP re-decided in-process (plain normalize + evaluate, with the logged session state): ${mismatches} differ.`);
}

mkdirSync(path.join(root, 'docs'), { recursive: true });
writeFileSync(path.join(root, 'docs', 'benchmarks.md'), lines.join('\n') + '\n');
console.log(`\nwritten to docs/benchmarks.md`);
process.exit(0);

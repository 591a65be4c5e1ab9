#!/usr/bin/env node
/**
 * The decision log at scale (issue 6): builds a keyed chain of N realistic rows in a
 * SQLite file, every tenth with a reported outcome and every fiftieth ask with an approval
 * (each hashed with its decision, as the gateway writes them), then times `verify` (the chain,
 * then the approvals and outcomes; and its memory: it walks in pages), an OPA export,
 * a filtered list page, a text search and the viewer's counts.
 *
 *   npm run build && node bench/audit-chain.mjs [N]        (N = 100000 by default)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { Store } = await import(path.join(root, 'dist/store/index.js'));
const { appendDecision, followUpHash } = await import(path.join(root, 'dist/store/decision-log/index.js'));
const { verifyChain } = await import(path.join(root, 'dist/audit/verify.js'));
const { exportDecisions } = await import(path.join(root, 'dist/audit/export.js'));

const N = Number(process.argv[2] ?? 100_000);
const KEY = 'bench-chain-key';
const dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-audit-bench-'));
const store = await Store.open(path.join(dir, 'audit.db'), { chainKey: KEY });

const facts = JSON.stringify({
  kind: 'bash',
  commands: [{ name: 'rm', argv: ['rm', '-rf', 'build'], flags: ['r', 'f'], paths: [{ raw: 'build', abs: '/w/build' }] }],
  signals: [],
});
const session = JSON.stringify({ calls: 12, usage: { tokens: 1234 }, loop: { repeats: 0 } });

const time = async (label, run) => {
  const start = process.hrtime.bigint();
  const result = await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, result, label };
};

try {
  let t = Date.now() - N * 1000;
  const built = await time('build', async () => {
    for (let i = 0; i < N; i += 5000) {
      await store.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(N, i + 5000); j++) {
          const deny = j % 7 === 0;
          await appendDecision(
            trx,
            'sqlite',
            {
              id: `d-${j}`,
              created_at: (t += 1000),
              session_id: `s-${j % 50}`,
              agent_id: `agent-${j % 5}`,
              tool: 'bash',
              kind: 'bash',
              input: JSON.stringify({ command: `rm -rf build-${j}` }),
              context: '{"cwd":"/w"}',
              facts,
              session,
              decision: deny ? 'deny' : 'allow',
              categories: deny ? '["destructive_fs"]' : '[]',
              risk: deny ? 95 : 0,
              reasons: '[]',
              obligations: '[]',
              result: JSON.stringify({ decision: deny ? 'deny' : 'allow', matched: deny ? ['bash.rm'] : [], reasons: [] }),
              policy_revision: 'rev',
              latency_us: 300,
            },
            KEY,
          ).then(async (stored) => {
            if (j % 10 === 0) {
              const outcome = { decision_id: stored.id, session_id: stored.session_id, created_at: t + 500, exit_code: 0, ok: 1, output_tokens: 10, tokens_in: null, tokens_out: null, cost_usd: null, duration_ms: 20, output_sha256: null };
              await trx.insertInto('tool_results').values({ ...outcome, hash: followUpHash('outcome', stored.hash, outcome, KEY) }).execute();
            }
            if (j % 50 === 1) {
              const approval = { id: `a-${j}`, decision_id: stored.id, session_id: stored.session_id, agent_id: stored.agent_id, tool: 'bash', status: 'approved', created_at: t + 100, expires_at: t + 60_000, decided_at: t + 400, decided_by: 'local-admin', note: null };
              await trx.insertInto('approvals').values({ ...approval, hash: followUpHash('approval', stored.hash, approval, KEY) }).execute();
            }
          });
        }
      });
    }
  });
  console.log(`rows built:          ${N} in ${built.ms.toFixed(0)} ms`);

  const rssBefore = process.memoryUsage().rss;
  const verify = await time('verify', () => verifyChain(store.audit, { key: KEY }));
  const rssAfter = process.memoryUsage().rss;
  console.log(
    `verify (HMAC):       ok=${verify.result.ok} ${verify.result.checked} rows, ${verify.result.follow_ups.approvals} approvals, ${verify.result.follow_ups.outcomes} outcomes in ${verify.ms.toFixed(0)} ms ` +
      `(${Math.round(verify.result.checked / (verify.ms / 1000))} rows/s), RSS ${Math.round(rssBefore / 1e6)} -> ${Math.round(rssAfter / 1e6)} MB`,
  );

  let bytes = 0;
  const exported = await time('export', () => exportDecisions(store.audit, {}, 'opa', (chunk) => void (bytes += chunk.length)));
  console.log(`export --format opa: ${exported.result} rows, ${(bytes / 1e6).toFixed(0)} MB in ${exported.ms.toFixed(0)} ms`);

  const page = await time('list', () => store.audit.list({ agent: 'agent-3', decision: 'deny', category: 'destructive_fs' }, { limit: 50 }));
  console.log(`list agent+deny+category, newest 50: ${page.result.length} rows in ${page.ms.toFixed(1)} ms`);
  const search = await time('q', () => store.audit.list({ q: `build-${N - 1}` }, { limit: 50 }));
  console.log(`list q=<text> (scans the input column): ${search.result.length} row in ${search.ms.toFixed(1)} ms`);
  const counts = await time('counts', async () => {
    const window = { since: Date.now() - 14 * 86_400_000 };
    await store.audit.countsOverTime(window, 86_400_000);
    await store.audit.countsByCategory(window);
  });
  console.log(`viewer counts (14-day window): ${counts.ms.toFixed(0)} ms`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

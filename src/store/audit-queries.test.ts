/**
 * The audit SQL on every dialect at hand: SQLite always, PostgreSQL when TOOLGATE_TEST_DB
 * points at one (scripts/with-postgres.sh) — in a database of its own, so that counts
 * are exact. Rows go in through the store's own append, as the pipeline writes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../audit/verify.js';
import { requestApproval, resolveApproval } from './approvals.js';
import { insertToolResult } from './governance.js';
import { Store, type DecisionRecord } from './index.js';
import { storeTargets } from '../../test/support/store-targets.js';

const targets = storeTargets('audit_q');

const T0 = Date.UTC(2026, 9, 1, 0, 0, 0);
const HOUR = 3_600_000;

function decision(n: number, fields: Partial<DecisionRecord> & { matched?: string[] }): DecisionRecord {
  const { matched = [], ...rest } = fields;
  const verdict = rest.decision ?? 'allow';
  return {
    id: `d-${n}`,
    created_at: T0 + n * HOUR,
    session_id: 's1',
    agent_id: 'builder',
    tool: 'bash',
    kind: 'bash',
    input: { command: 'ls' },
    context: {},
    facts: {},
    session: {},
    decision: verdict,
    categories: [],
    risk: 0,
    reasons: [],
    obligations: [],
    result: { decision: verdict, matched, reasons: [] },
    policy_revision: 'rev1',
    latency_us: 100,
    ...rest,
  };
}

const ROWS: DecisionRecord[] = [
  decision(1, {}),
  decision(2, { decision: 'deny', categories: ['destructive_fs'], matched: ['bash.rm'], input: { command: 'rm -rf /' } }),
  decision(3, { decision: 'ask', categories: ['destructive_git', 'destructive_fs'], matched: ['git.force', 'bash.rm_ws'], agent_id: 'reviewer', session_id: 's2' }),
  decision(4, { input: { command: 'echo "50%_off" \\ done' }, tool: 'Bash' }),
  decision(5, { decision: 'deny', categories: ['secret_leak'], matched: ['files.secret', 'bash.rm'], agent_id: null }),
  decision(30, { input: { command: 'ÉCHO ünïcode' } }),
];

for (const target of targets) {
  describe(`audit queries on ${target.name}`, () => {
    let store: Store;

    beforeAll(async () => {
      store = await Store.open(await target.url());
      for (const row of ROWS) {
        await store.commitDecision(row, { policyData: {} }, {
          id: row.session_id,
          agent_id: row.agent_id,
          parent_session_id: null,
          status: 'active',
          created_at: row.created_at,
          last_seen_at: row.created_at,
          calls: 1,
          state: '{}',
        });
      }
    });
    afterAll(async () => {
      await store?.close();
      await target.drop();
    });

    const ids = async (filter: Parameters<Store['audit']['list']>[0], order: 'asc' | 'desc' = 'asc') =>
      (await store.audit.list(filter, { order, limit: 100 })).map((r) => r.id);

    it('filters by each column and by JSON array membership', async () => {
      expect(await ids({})).toEqual(['d-1', 'd-2', 'd-3', 'd-4', 'd-5', 'd-30']);
      expect(await ids({}, 'desc')).toEqual(['d-30', 'd-5', 'd-4', 'd-3', 'd-2', 'd-1']);
      expect(await ids({ decision: 'deny' })).toEqual(['d-2', 'd-5']);
      expect(await ids({ agent: 'reviewer' })).toEqual(['d-3']);
      expect(await ids({ session: 's2' })).toEqual(['d-3']);
      expect(await ids({ tool: 'Bash' })).toEqual(['d-4']);
      expect(await ids({ category: 'destructive_fs' })).toEqual(['d-2', 'd-3']);
      expect(await ids({ category: 'destructive' })).toEqual([]);
      expect(await ids({ rule: 'bash.rm' })).toEqual(['d-2', 'd-5']);
      expect(await ids({ rule: 'bash' })).toEqual([]);
      expect(await ids({ since: T0 + 2 * HOUR, until: T0 + 5 * HOUR })).toEqual(['d-2', 'd-3', 'd-4']);
      expect(await ids({ decision: 'deny', agent: 'builder', category: 'destructive_fs', rule: 'bash.rm' })).toEqual(['d-2']);
    });

    it('finds text literally, case-insensitively for ASCII', async () => {
      expect(await ids({ q: 'RM -RF' })).toEqual(['d-2']);
      expect(await ids({ q: '"50%_off" \\ done' })).toEqual(['d-4']);
      expect(await ids({ q: '50%off' })).toEqual([]);
      expect(await ids({ q: '%' })).toEqual(['d-4']);
      expect(await ids({ q: 'ünïcode' })).toEqual(['d-30']);
      expect(await ids({ q: "' or 1=1 --" })).toEqual([]);
    });

    it('pages by seq in both directions', async () => {
      const first = await store.audit.list({}, { order: 'desc', limit: 2 });
      const second = await store.audit.list({}, { order: 'desc', limit: 2, after: Number(first.at(-1)!.seq) });
      expect([...first, ...second].map((r) => r.id)).toEqual(['d-30', 'd-5', 'd-4', 'd-3']);
      const tail = await store.audit.list({}, { order: 'asc', limit: 10, after: 4 });
      expect(tail.map((r) => r.id)).toEqual(['d-5', 'd-30']);
    });

    it('counts per time bucket and per category', async () => {
      const perDay = await store.audit.countsOverTime({}, 24 * HOUR);
      const total = perDay.reduce((n, c) => n + c.count, 0);
      expect(total).toBe(ROWS.length);
      expect(perDay.find((c) => c.bucket === T0 + 24 * HOUR)).toMatchObject({ decision: 'allow', count: 1 });
      const byCategory = await store.audit.countsByCategory({});
      const get = (category: string, d: string) => byCategory.find((c) => c.category === category && c.decision === d)?.count;
      expect(get('destructive_fs', 'deny')).toBe(1);
      expect(get('destructive_fs', 'ask')).toBe(1);
      expect(get('secret_leak', 'deny')).toBe(1);
      expect(await store.audit.countsByCategory({ agent: 'reviewer' })).toHaveLength(2);
    });

    it('prunes a prefix with an anchor, and the rest verifies', async () => {
      expect((await verifyChain(store.audit, { pageSize: 2 })).ok).toBe(true);
      // An approval and an outcome of a pruned decision, and of a kept one.
      // Written as the gateway writes them: hashed with the decision's chain hash, and in the trail.
      for (const id of ['d-2', 'd-4']) {
        const decision = await store.db.selectFrom('decisions').select(['hash', 'seq']).where('id', '=', id).executeTakeFirstOrThrow();
        const of = { hash: decision.hash, seq: Number(decision.seq) };
        const spec = { decision_id: id, decision_hash: of.hash, decision_seq: of.seq, session_id: 's1', agent_id: null, tool: 'bash', timeout_ms: HOUR };
        const { approval } = await requestApproval(store.db, spec, store.signing);
        await resolveApproval(store.db, approval.id, { status: 'approved', by: 'op', note: null }, store.signing);
        const outcome = { decision_id: id, session_id: 's1', created_at: T0, exit_code: 0, ok: 1, output_tokens: null, tokens_in: null, tokens_out: null, cost_usd: null, duration_ms: null, output_sha256: null };
        await store.db.transaction().execute((trx) => insertToolResult(trx, of, store.signing, outcome));
      }
      const anchor = await store.audit.prune(T0 + 3 * HOUR + 1);
      // Nothing is left pointing at a pruned decision.
      expect((await store.db.selectFrom('approvals').select('decision_id').execute()).map((r) => r.decision_id)).toEqual(['d-4']);
      expect((await store.db.selectFrom('tool_results').select('decision_id').execute()).map((r) => r.decision_id)).toEqual(['d-4']);
      expect(anchor).toMatchObject({ seq: 3, pruned_rows: 3 });
      expect(await store.audit.anchors()).toHaveLength(1);
      expect(await ids({})).toEqual(['d-4', 'd-5', 'd-30']);
      const report = await verifyChain(store.audit, { pageSize: 2 });
      expect(report).toMatchObject({ ok: true, checked: 3, start: { from: 'prune_anchor', seq: 3 }, follow_ups: { approvals: 1, outcomes: 1 } });
    });
  });
}

/**
 * Committing decisions through the store: a batch's decisions join the chain together
 * (one chain head read and write per batch), in submission order, and a decision that
 * cannot commit (a session conflict, a bad row) leaves the others of its batch intact.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGGED_FACTS_MAX_CHARS } from './decision-log/index.js';
import { verifyChain } from '../audit/verify.js';
import { SessionConflictError, Store, type DecisionRecord, type SessionRow } from './index.js';
import { storeTargets } from '../../test/support/store-targets.js';

function decision(id: string, sessionId: string): DecisionRecord {
  return {
    id,
    created_at: 1_000,
    session_id: sessionId,
    agent_id: null,
    tool: 'bash',
    kind: 'bash',
    input: { command: `echo ${id}` },
    context: {},
    facts: {},
    session: {},
    decision: 'allow',
    categories: [],
    risk: 0,
    reasons: [],
    obligations: [],
    result: {},
    policy_revision: 'rev',
    latency_us: 1,
  };
}

const NO_PATTERNS = { policyData: {} };

function session(id: string, calls: number): SessionRow {
  return { id, agent_id: null, parent_session_id: null, status: 'active', created_at: 1_000, last_seen_at: 1_000 + calls, calls, state: `{"n":${calls}}` };
}

for (const target of storeTargets('store_commit')) {
  describe(`Store.commitDecision on ${target.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await Store.open(await target.url(), { chainKey: 'k' });
    });
    afterAll(async () => {
      await store?.close();
      await target.drop();
    });

    it('appends a batch in submission order, and skips what conflicted', async () => {
      const batchesBefore = store.committer.stats.batches;
      const outcomes = await Promise.allSettled([
        store.commitDecision(decision('a1', 'sa'), NO_PATTERNS, session('sa', 1), { previous: undefined }),
        store.commitDecision(decision('b1', 'sb'), NO_PATTERNS, session('sb', 1), { previous: undefined }),
        // The same new session again: someone created it first, so this one conflicts.
        store.commitDecision(decision('a-dup', 'sa'), NO_PATTERNS, session('sa', 1), { previous: undefined }),
        store.commitDecision(decision('c1', 'sc'), NO_PATTERNS, session('sc', 1), { previous: undefined }),
      ]);
      expect(store.committer.stats.batches - batchesBefore).toBe(1);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(SessionConflictError);
      const stored = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(stored.map((d) => [d.id, d.seq])).toEqual([
        ['a1', 1],
        ['b1', 2],
        ['c1', 3],
      ]);
      expect(stored[1]!.prev_hash).toBe(stored[0]!.hash);
      expect(stored[2]!.prev_hash).toBe(stored[1]!.hash);
      expect(await store.getDecision('a-dup')).toBeUndefined();
      expect((await store.getDecision('c1'))?.hash).toBe(stored[2]!.hash);
      expect(await verifyChain(store.audit, { key: 'k' })).toMatchObject({ ok: true, checked: 3 });
    });

    it('continues the chain in the next batch, and updates a session only from the row it was based on', async () => {
      const [next, stale] = await Promise.allSettled([
        store.commitDecision(decision('a2', 'sa'), NO_PATTERNS, session('sa', 2), { previous: session('sa', 1) }),
        store.commitDecision(decision('b2', 'sb'), NO_PATTERNS, session('sb', 2), { previous: session('sb', 0) }),
      ]);
      expect(next).toMatchObject({ status: 'fulfilled', value: { id: 'a2', seq: 4 } });
      expect(stale.status).toBe('rejected');
      expect(await store.getSession('sa')).toMatchObject({ calls: 2, state: '{"n":2}' });
      expect(await store.getSession('sb')).toMatchObject({ calls: 1, state: '{"n":1}' });
      expect(await verifyChain(store.audit, { key: 'k' })).toMatchObject({ ok: true, checked: 4 });
    });

    it('rejects only the decision whose row cannot be stored; the rest of its batch commits', async () => {
      const outcomes = await Promise.allSettled([
        store.commitDecision(decision('d1', 'sd'), NO_PATTERNS, session('sd', 1), { previous: undefined }),
        // An id already in the log: the insert fails, the batch is retried decision by decision.
        store.commitDecision(decision('a1', 'se'), NO_PATTERNS, session('se', 1), { previous: undefined }),
        store.commitDecision(decision('f1', 'sf'), NO_PATTERNS, session('sf', 1), { previous: undefined }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.getSession('se')).toBeUndefined();
      expect(await verifyChain(store.audit, { key: 'k' })).toMatchObject({ ok: true, checked: 6 });
      expect((await store.audit.chainHead()).seq).toBe(6);
    });

    it('stores a bounded summary of huge facts (digest and counts), and the chain still verifies', async () => {
      const commands = Array.from({ length: 5000 }, (_, i) => ({ id: i, name: 'curl', argv: ['curl', `http://10.0.0.${i % 250}/p${i}`] }));
      const huge = { ...decision('huge', 'sh'), facts: { kind: 'bash', names: ['curl'], indeterminate: [], commands } };
      const whole = JSON.stringify(huge.facts);
      expect(whole.length).toBeGreaterThan(10 * LOGGED_FACTS_MAX_CHARS);
      const stored = await store.commitDecision(huge, NO_PATTERNS, session('sh', 1), { previous: undefined });
      expect(stored.facts.length).toBeLessThanOrEqual(LOGGED_FACTS_MAX_CHARS);
      expect(JSON.parse(stored.facts)).toEqual({
        capped: { chars: whole.length, sha256: createHash('sha256').update(whole).digest('hex'), counts: { commands: 5000 } },
        kind: 'bash',
        names: ['curl'],
        indeterminate: [],
      });
      // Small facts are stored whole, as before.
      const small = await store.commitDecision(decision('small', 'sm'), NO_PATTERNS, session('sm', 1), { previous: undefined });
      expect(small.facts).toBe('{}');
      expect(await verifyChain(store.audit, { key: 'k' })).toMatchObject({ ok: true, checked: 8 });
      // An edit of the summary breaks the chain like an edit of any column.
      await store.db.updateTable('decisions').set({ facts: stored.facts.replace('"curl"', '"wget"') }).where('id', '=', 'huge').execute();
      expect(await verifyChain(store.audit, { key: 'k' })).toMatchObject({ ok: false });
    });
  });
}

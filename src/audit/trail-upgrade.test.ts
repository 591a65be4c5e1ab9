/**
 * Migration 011 on a database written before it: the migration only adds the trail, so the old
 * rows (an approval from before migration 010 without a hash of its own, an outcome, a policy
 * revision and activation) are in no trail yet. verify says so, and says how to fix it; the first
 * gateway start (Store.sealTrail, with the chain key) adopts them as they are, once; from then on
 * deleting or slipping in a row is caught. SQLite always, PostgreSQL when TOOLGATE_TEST_DB names one.
 */
import { Migrator, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { migrations } from '../store/migrations/index.js';
import { appendDecision } from '../store/decision-log/append.js';
import { followUpHash } from '../store/decision-log/chain.js';
import { activationHash, contentHash } from '../store/policy-history.js';
import { GENESIS_HASH, Store, type Database } from '../store/index.js';
import { verifyChain } from './verify.js';
import { storeTargets } from '../../test/support/store-targets.js';

const KEY = 'upgrade-key';

/** What a gateway of migration 010 left behind: one decision, its approval (pre-010, no hash), its outcome, a revision and its activation. */
async function writeOldDatabase(url: string): Promise<void> {
  const opened = await openDatabase(url, { migrate: false });
  try {
    const db = opened.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: 'toolgate_migrations', migrationLockTableName: 'toolgate_migrations_lock' });
    const { error } = await migrator.migrateTo('010_follow_up_hashes');
    if (error) throw error;
    const decision = await db.transaction().execute((trx) =>
      appendDecision(trx, opened.dialect, {
        id: 'old-1', created_at: 1, session_id: 's', agent_id: null, tool: 'bash', kind: 'bash', input: '{}', context: '{}', facts: '{}', session: '{}',
        decision: 'ask', categories: '[]', risk: 0, reasons: '[]', obligations: '[]', result: '{}', policy_revision: 'rev-old', latency_us: 1,
      }, KEY),
    );
    const loose = db as unknown as Kysely<any>;
    await loose.insertInto('approvals').values({ id: 'appr-old', decision_id: 'old-1', session_id: 's', agent_id: null, tool: 'bash', status: 'approved', created_at: 1, expires_at: 2, decided_at: 1, decided_by: 'local-admin', note: null, hash: null }).execute();
    const outcome = { decision_id: 'old-1', session_id: 's', created_at: 1, exit_code: 0, ok: 1, output_tokens: null, tokens_in: null, tokens_out: null, cost_usd: null, duration_ms: 3, output_sha256: null };
    await loose.insertInto('tool_results').values({ ...outcome, hash: followUpHash('outcome', decision.hash, outcome, KEY) }).execute();
    await loose.insertInto('policy_revisions').values({ revision: 'rev-old', created_at: 1, source: 'p', rules: '{}', sources: null }).execute();
    const activation = { seq: 1, revision: 'rev-old', event: 'activated' as const, at: 1, trigger: 'startup', content_hash: contentHash(null) };
    await loose.insertInto('policy_activations').values({ ...activation, prev_hash: GENESIS_HASH, hash: activationHash(GENESIS_HASH, activation, KEY) }).execute();
  } finally {
    await opened.close();
  }
}

for (const target of storeTargets('trail_upgrade')) {
  describe(`a database from before the trail (${target.name})`, () => {
    afterAll(() => target.drop());

    it('is named by verify until a gateway adopts it, then verifies, and catches what is done after', async () => {
      const url = await target.url();
      await writeOldDatabase(url);
      const store = await Store.open(url, { chainKey: KEY });
      try {
        const before = await verifyChain(store.audit, { key: KEY });
        expect(before.ok).toBe(false);
        expect(before.broken!.problems[0]).toMatch(/not in the trail, which has not started: .*adopted when a gateway .* first opens it/);

        expect(await store.sealTrail()).toBe(4);
        const after = await verifyChain(store.audit, { key: KEY });
        expect(after).toMatchObject({ ok: true, follow_ups: { approvals: 1, outcomes: 1, policy_revisions: 1, policy_activations: 1 }, trail: { events: 5, adopted: 4 } });
        // Once only: a second start adopts nothing, so a row slipped in later is never taken in.
        expect(await store.sealTrail()).toBeNull();

        const db = store.db as unknown as Kysely<any>;
        await db.insertInto('policy_revisions').values({ revision: 'rev-slipped', created_at: 2, source: 'p', rules: '{}', sources: null }).execute();
        await store.sealTrail();
        expect((await verifyChain(store.audit, { key: KEY })).broken).toMatchObject({ follow_up: { kind: 'policy_revision', id: 'rev-slipped' } });
        await db.deleteFrom('policy_revisions').where('revision', '=', 'rev-slipped').execute();

        await db.deleteFrom('approvals').where('id', '=', 'appr-old').execute();
        const deleted = await verifyChain(store.audit, { key: KEY });
        expect(deleted.broken).toMatchObject({ follow_up: { kind: 'approval', id: 'appr-old' } });
        expect(deleted.broken!.problems[0]).toMatch(/is gone/);

        // New writes join the trail after the adopted rows.
        await store.recordPolicyRevision('rev-new', 'p', {});
        expect(await (store.db as Kysely<Database>).selectFrom('trail').select('kind').orderBy('seq', 'desc').limit(1).executeTakeFirst()).toEqual({ kind: 'policy_revision' });
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}

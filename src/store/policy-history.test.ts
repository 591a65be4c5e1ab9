/**
 * The policy history on every database: revisions keep their sources, activations are a
 * hash chain, "which revision was active at T" has an answer, and editing the stored Rego of
 * a revision, an activation row, or deleting one is caught by verification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { activeAt, listActivations, verifyPolicyHistory } from './policy-history.js';
import { storeTargets } from '../../test/support/store-targets.js';

const sourcesOf = (rule: string) => JSON.stringify({ files: { 'p/r.rego': `package toolgate.custom.r\n# ${rule}\n` }, data: { config: {} } });

for (const target of storeTargets('policy_history')) {
  describe(`policy history on ${target.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await Store.open(await target.url(), { chainKey: 'k' });
      await store.recordPolicyRevision('rev-a', 'p', {}, sourcesOf('a'));
      await store.recordPolicyActivation('rev-a', null, 'startup');
      await store.recordPolicyRevision('rev-b', 'p', {}, sourcesOf('b'));
      await store.recordPolicyActivation('rev-b', 'rev-a', 'api');
      // Back to a: a revision is recorded each time it becomes active, not only the first time.
      await store.recordPolicyActivation('rev-a', 'rev-b', 'watch');
    });
    afterAll(async () => {
      await store?.close();
      await target.drop();
    });

    it('records each activation and deactivation, and answers which revision was active when', async () => {
      const rows = await listActivations(store.db);
      expect(rows.map((r) => [r.revision, r.event, r.trigger])).toEqual([
        ['rev-a', 'activated', 'startup'],
        ['rev-a', 'deactivated', 'api'],
        ['rev-b', 'activated', 'api'],
        ['rev-b', 'deactivated', 'watch'],
        ['rev-a', 'activated', 'watch'],
      ]);
      expect(activeAt(rows, Number(rows[0]!.at) - 1)).toBeNull();
      expect(activeAt(rows, Number(rows[4]!.at))).toBe('rev-a');
      expect(await verifyPolicyHistory(store.db, 'k')).toEqual({ ok: true, activations: 5 });
      expect((await verifyPolicyHistory(store.db)).ok).toBe(false);
    });

    it('catches an edit of a revision\'s stored Rego, of an activation, and a deleted activation', async () => {
      await store.db.updateTable('policy_revisions').set({ sources: sourcesOf('edited') }).where('revision', '=', 'rev-b').execute();
      expect((await verifyPolicyHistory(store.db, 'k')).broken).toMatchObject({ seq: 3, reason: expect.stringMatching(/sources of revision rev-b were changed/) });
      await store.db.updateTable('policy_revisions').set({ sources: sourcesOf('b') }).where('revision', '=', 'rev-b').execute();
      expect((await verifyPolicyHistory(store.db, 'k')).ok).toBe(true);

      await store.db.updateTable('policy_activations').set({ trigger: 'startup' }).where('seq', '=', 3).execute();
      expect((await verifyPolicyHistory(store.db, 'k')).broken).toMatchObject({ seq: 3, reason: expect.stringMatching(/edited/) });
      await store.db.updateTable('policy_activations').set({ trigger: 'api' }).where('seq', '=', 3).execute();

      await store.db.deleteFrom('policy_activations').where('seq', '=', 2).execute();
      expect((await verifyPolicyHistory(store.db, 'k')).broken).toMatchObject({ seq: 3, reason: expect.stringMatching(/deleted/) });
    });
  });
}

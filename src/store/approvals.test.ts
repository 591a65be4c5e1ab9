/**
 * Approvals on every database: a page of the decision list finds the approvals of its
 * decisions in one query, with an unanswered one past its time read as expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { approvalsOfDecisions, requestApproval, resolveApproval } from './approvals.js';
import { storeTargets } from '../../test/support/store-targets.js';

for (const target of storeTargets('approvals_store')) {
  describe(`approvals on ${target.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await Store.open(await target.url());
    });
    afterAll(async () => {
      await store?.close();
      await target.drop();
    });

    it('finds the approvals of a page of decisions, each with its status as a person reads it', async () => {
      const ask = (decision_id: string, timeout_ms: number) =>
        requestApproval(store.db, { decision_id, decision_hash: 'h', decision_seq: 1, session_id: 's', agent_id: 'a', tool: 'bash', timeout_ms }, store.signing);
      const answered = (await ask('d-answered', 60_000)).approval;
      await resolveApproval(store.db, answered.id, { status: 'approved', by: 'local-admin', note: null }, store.signing);
      await ask('d-pending', 60_000);
      await ask('d-expired', 1);
      await new Promise((r) => setTimeout(r, 5));
      const found = await approvalsOfDecisions(store.db, ['d-answered', 'd-pending', 'd-expired', 'd-none']);
      expect(Object.fromEntries(found.map((a) => [a.decision_id, [a.status, a.decided_by]]))).toEqual({
        'd-answered': ['approved', 'local-admin'],
        'd-pending': ['pending', null],
        'd-expired': ['expired', null],
      });
      expect(await approvalsOfDecisions(store.db, [])).toEqual([]);
    });
  });
}

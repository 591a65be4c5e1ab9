/**
 * The one path that stores a decision masks it: whatever the pipeline hands Store.commitDecision
 * (typed values), a secret of the call is gone from every column of the stored row — input,
 * facts, context, session view, reasons and result — and the row decodes back to the values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type DecisionRecord } from '../index.js';
import { decodeDecision, encodeDecision } from './record.js';
import { storeTargets } from '../../../test/support/store-targets.js';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

const record: DecisionRecord = {
  id: 'masked-1',
  created_at: 1_000,
  session_id: 's-mask',
  agent_id: null,
  tool: 'bash',
  kind: 'bash',
  input: { command: `curl -H "Authorization: token ${TOKEN}" https://api.example.com` },
  context: { cwd: '/w', note: `exported GH=${TOKEN}` },
  facts: { commands: [{ name: 'curl', argv: ['curl', '-H', `Authorization: token ${TOKEN}`] }] },
  session: { loop: { label: `curl ${TOKEN}` } },
  decision: 'ask',
  categories: ['network'],
  risk: 40,
  reasons: [{ rule: 'net.auth_header', message: `sends ${TOKEN} to api.example.com` }],
  obligations: [],
  result: { decision: 'ask', matched: ['net.auth_header'], reasons: [{ message: `token ${TOKEN}` }] },
  policy_revision: 'rev',
  latency_us: 1,
};

describe('encodeDecision', () => {
  it('masks the secret in every column and decodes back to the same shape', () => {
    const row = encodeDecision(record, { policyData: {} });
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(row.input).toContain('[MASKED');
    const decoded = decodeDecision(row);
    expect(decoded.categories).toEqual(['network']);
    expect((decoded.reasons[0] as { rule: string }).rule).toBe('net.auth_header');
    expect((decoded.context as { cwd: string }).cwd).toBe('/w');
  });
});

for (const target of storeTargets('record_mask')) {
  describe(`Store.commitDecision on ${target.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await Store.open(await target.url());
    });
    afterAll(async () => {
      await store?.close();
      await target.drop();
    });

    it('stores only the masked record', async () => {
      const session = { id: 's-mask', agent_id: null, parent_session_id: null, status: 'active', created_at: 1_000, last_seen_at: 1_000, calls: 1, state: '{}' };
      const stored = await store.commitDecision(record, { policyData: {} }, session);
      expect(JSON.stringify(stored)).not.toContain(TOKEN);
      const row = await store.getDecision('masked-1');
      expect(JSON.stringify(row)).not.toContain(TOKEN);
      expect(row!.seq).toBe(1);
    });
  });
}

/**
 * A complete trail keeps no secret: a secret-shaped value goes through check → store →
 * export (opa, ndjson, csv) → `toolgate audit show`, and appears nowhere, neither in the
 * stored input nor in the stored facts (where the argv has cut it out of the text that made
 * it look secret), the reasons, the result or an export. Real gateway, real SQLite, the built CLI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayWithLog, type Call } from '../../test/support/audit-log.js';
import { runToolgate } from '../../test/support/cli.js';
import type { TestGateway } from '../../test/support/gateway.js';
import { Store } from '../store/index.js';

/** The built CLI, with TOOLGATE_CHAIN_KEY empty whatever the environment running the tests holds. */
const run = (args: string[]) => runToolgate(args, { env: { TOOLGATE_CHAIN_KEY: '' } });

/** Each secret, and a call that carries it in a form the facts split up. */
const SECRETS: Array<{ secret: string; call: Call }> = [
  { secret: 'S3cret!xyz42', call: { session_id: 'mask', tool: 'bash', input: { command: "sshpass -p 'S3cret!xyz42' ssh root@db.internal" } } },
  { secret: 'prodpassw0rd77', call: { session_id: 'mask', tool: 'bash', input: { command: 'mysql -h db -u root -pprodpassw0rd77' } } },
  { secret: 'hunter2Pass99', call: { session_id: 'mask', tool: 'bash', input: { command: 'curl -u admin:hunter2Pass99 https://jenkins.example.com/api/json' } } },
  {
    secret: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    call: { session_id: 'mask', tool: 'bash', input: { command: 'python3 -c "import os; os.system(\'git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/x\')"' } },
  },
];

let gw: TestGateway;
let cleanup: () => Promise<void>;
let ids: string[];

beforeAll(async () => {
  let answers;
  ({ gw, cleanup, answers } = await gatewayWithLog(SECRETS.map((s) => s.call)));
  ids = answers.map((a) => a.decision_id);
});
afterAll(async () => {
  await cleanup?.();
});

function expectNoSecret(text: string, where: string): void {
  for (const { secret } of SECRETS) expect(text, `${where} holds ${secret}`).not.toContain(secret);
}

describe('secrets in the trail', { timeout: 120_000 }, () => {
  it('the stored row (input, facts, reasons, result) masks every secret', async () => {
    const store = await Store.open(gw.db);
    try {
      for (const id of ids) {
        const row = await store.getDecision(id);
        expect(row).toBeDefined();
        expectNoSecret(JSON.stringify(row), `decision ${id}`);
        expect(row!.facts).toContain('[MASKED:');
      }
    } finally {
      await store.close();
    }
  });

  it('exports (opa, ndjson, csv) and `audit show` print no secret', async () => {
    for (const format of ['opa', 'ndjson', 'csv']) {
      const out = path.join(gw.dir, `export.${format}`);
      const { code, stderr } = await run(['audit', 'export', '--db', gw.db, '--format', format, '--session', 'mask', '-o', out]);
      expect(code, stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text).toContain('[MASKED:');
      expectNoSecret(text, `export ${format}`);
    }
    for (const id of ids) {
      const { code, stdout, stderr } = await run(['audit', 'show', id, '--db', gw.db]);
      expect(code, stderr).toBe(0);
      expectNoSecret(stdout, `audit show ${id}`);
    }
  });
});

/**
 * `toolgate audit` as an auditor runs it: the built CLI (npm test builds first) against
 * a real gateway's SQLite file.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayWithLog, MARKED_CALLS, postCalls, tamper, type Call } from '../../test/support/audit-log.js';
import { tempDir, type TestGateway } from '../../test/support/gateway.js';
import { Store } from '../store/index.js';
import { BIN, runToolgate } from '../../test/support/cli.js';

// Every run() starts the CLI (1-2 s, more on a loaded 2-core machine): generous timeouts below.

const run = (args: string[], env: Record<string, string> = {}) => runToolgate(args, { env: { TOOLGATE_CHAIN_KEY: '', ...env } });

const HOSTILE: Call[] = [
  { session_id: 'sess-h', agent_id: 'builder', tool: 'bash', input: { command: 'echo \u001b[2J\u001b[31mfake\nTIME row' } },
  { session_id: 'sess-h', agent_id: 'builder', tool: 'bash', input: { command: '=HYPERLINK("http://evil.example","x")' } },
];

let gw: TestGateway;
let cleanup: () => Promise<void>;
let db: string;

beforeAll(async () => {
  ({ gw, cleanup } = await gatewayWithLog([...MARKED_CALLS, ...HOSTILE], undefined, { markers: true }));
  db = gw.db;
});
afterAll(async () => {
  await cleanup?.();
});

describe('toolgate audit (list)', { timeout: 90_000 }, () => {
  it('prints a readable table of the filtered decisions', async () => {
    const { code, stdout, stderr } = await run(['audit', '--db', db, '--agent', 'builder', '--decision', 'deny']);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+SEQ\s+DECISION\s+AGENT/);
    const body = lines.slice(1).join('\n');
    expect(body).toContain('echo DENY-ME TWICE');
    expect(body).toContain('audit_markers.deny');
    expect(body).not.toContain('reviewer');
    expect(lines.slice(1).every((l) => /\bdeny\b/.test(l))).toBe(true);
  });

  it('--ndjson and --json give the API shape', async () => {
    const nd = await run(['audit', '--db', db, '--rule', 'audit_markers.deny_twice', '--ndjson']);
    const rows = nd.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ decision: 'deny', input: { command: 'echo DENY-ME TWICE' } });
    const js = await run(['audit', '--db', db, '--session', 'sess-b', '--json']);
    expect(JSON.parse(js.stdout)).toHaveLength(3);
  });

  it('shows control characters of logged inputs as escapes, never raw', async () => {
    const { stdout } = await run(['audit', '--db', db, '--session', 'sess-h']);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('\\x1b[2J');
    expect(stdout).toContain('fake\\x0aTIME row');
  });

  it('rejects bad filters and a missing database with a clear message', async () => {
    const bad = await run(['audit', '--db', db, '--since', 'last tuesday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/since: "last tuesday" is not a time/);
    const missing = await run(['audit', '--db', path.join(gw.dir, 'nope.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database at .*nope\.db/);
  });

  it('show prints one decision with its attribution', async () => {
    const list = await run(['audit', '--db', db, '--rule', 'audit_markers.deny_twice', '--ndjson']);
    const id = JSON.parse(list.stdout.trim()).id;
    const { code, stdout } = await run(['audit', 'show', id, '--db', db]);
    expect(code).toBe(0);
    const detail = JSON.parse(stdout);
    expect(detail.attribution.matched.find((m: any) => m.rule === 'audit_markers.deny_twice').file).toMatch(/audit_markers\.rego$/);
  });

  it('--follow prints decisions logged after it started', async () => {
    const child = spawn(process.execPath, [BIN, 'audit', '--db', db, '--follow', '--ndjson', '--limit', '1', '--agent', 'follower']);
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await postCalls(gw, [{ session_id: 'sess-f', agent_id: 'follower', tool: 'bash', input: { command: 'echo followed' } }]);
      const deadline = Date.now() + 10_000;
      while (!stdout.includes('echo followed') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ agent_id: 'follower', input: { command: 'echo followed' } });
    } finally {
      child.kill('SIGINT');
    }
  });
});

describe('toolgate audit export', { timeout: 90_000 }, () => {
  it('--format opa writes OPA decision log events', async () => {
    const { code, stdout } = await run(['audit', 'export', '--db', db, '--format', 'opa', '--decision', 'deny', '--since', '1d']);
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const event of events) {
      expect(event).toMatchObject({ path: 'toolgate/decision', labels: { id: 'toolgate' }, result: { decision: 'deny' } });
      expect(event.labels.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(event.decision_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(event.input.call).toMatchObject({ tool: 'bash' });
      expect(event.revision).toBe(event.bundles.toolgate.revision);
    }
  });

  it('--format csv to a file, with formula cells neutralised', async () => {
    const out = path.join(gw.dir, 'export.csv');
    const { code, stderr } = await run(['audit', 'export', '--db', db, '--format', 'csv', '--session', 'sess-h', '-o', out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/exported 2 decision\(s\)/);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('seq,id,time,session_id,agent_id,tool,kind,decision,categories,risk,decided_by,matched,policy_revision,latency_us,input,hash');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(readFileSync(out, 'utf8')).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('refuses an unknown format', async () => {
    const { code, stderr } = await run(['audit', 'export', '--db', db, '--format', 'xml']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--format must be one of opa, csv, ndjson/);
  });
});

describe('toolgate audit verify / head / prune', { timeout: 120_000 }, () => {
  it('head prints SEQ:HASH and verify --anchor proves it; a tampered row fails verify, naming it', async () => {
    // A log of its own: this one gets tampered with.
    const own = await gatewayWithLog(MARKED_CALLS.slice(0, 4));
    try {
      await own.gw.stop();
      const file = own.gw.db;
      const head = await run(['audit', 'head', '--db', file]);
      expect(head.stdout.trim(), head.stderr).toMatch(/^4:[0-9a-f]{64}$/);
      const ok = await run(['audit', 'verify', '--db', file, '--anchor', head.stdout.trim()]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^ok: 4 row\(s\) verified from genesis/);
      expect(ok.stdout).toMatch(/anchor 4:[0-9a-f]{64} is in the log/);

      const badAnchor = await run(['audit', 'verify', '--db', file, '--anchor', '4:xyz']);
      expect(badAnchor.code).toBe(1);
      expect(badAnchor.stderr).toMatch(/not an anchor/);

      let id = '';
      tamper(file, (sqlite) => {
        id = (sqlite.prepare('select id from decisions where seq = 2').get() as { id: string }).id;
        sqlite.prepare(`update decisions set input = '{"command":"true"}' where seq = 2`).run();
      });
      const broken = await run(['audit', 'verify', '--db', file]);
      expect(broken.code, broken.stdout).toBe(1);
      expect(broken.stdout).toContain(`BROKEN at seq 2 (id ${id})`);
      expect(broken.stdout).toMatch(/the row was edited/);

      const refused = await run(['audit', 'prune', '--db', file, '--older-than', '1s']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/does not verify; nothing was pruned/);
    } finally {
      await own.cleanup();
    }
  });

  it('verify with the chain key from --key-env; prune keeps the rest verifiable', async () => {
    // Rows from 100 days ago and from now, appended by the store as the gateway appends
    // them (keyed), so that `--older-than 90d` has something to prune whatever the clock.
    const folder = tempDir('toolgate-prune-');
    const file = path.join(folder, 'audit.db');
    const store = await Store.open(file, { chainKey: 'k3y-for-tests' });
    const now = Date.now();
    for (const [i, age] of [100, 100, 100, 0, 0].entries()) {
      const created_at = now - age * 86_400_000 + i;
      await store.commitDecision(
        {
          id: `p-${i}`, created_at, session_id: 'p', agent_id: 'builder', tool: 'bash', kind: 'bash',
          input: { command: `echo ${i}` }, context: {}, facts: {}, session: {},
          decision: 'allow', categories: [], risk: 0, reasons: [], obligations: [],
          result: { decision: 'allow', matched: [], reasons: [] }, policy_revision: 'r', latency_us: 1,
        },
        { policyData: {} },
        { id: 'p', agent_id: 'builder', parent_session_id: null, status: 'active', created_at, last_seen_at: created_at, calls: i + 1, state: '{}' },
      );
    }
    await store.close();
    const own = { cleanup: async () => rmSync(folder, { recursive: true, force: true }) };
    try {
      const env = { AUDIT_KEY: 'k3y-for-tests' };
      const pruned = await run(['audit', 'prune', '--db', file, '--older-than', '90d', '--key-env', 'AUDIT_KEY'], env);
      expect(pruned.code, pruned.stderr).toBe(0);
      expect(pruned.stdout).toMatch(/^pruned 3 decision\(s\) older than .*anchor 3:[0-9a-f]{64}/);
      const nothing = await run(['audit', 'prune', '--db', file, '--older-than', '90d', '--key-env', 'AUDIT_KEY'], env);
      expect(nothing.stdout).toMatch(/^nothing to prune/);

      expect((await run(['audit', 'verify', '--db', file, '--key-env', 'AUDIT_KEY'], env)).code).toBe(0);
      expect((await run(['audit', 'verify', '--db', file], { TOOLGATE_CHAIN_KEY: 'k3y-for-tests' })).code).toBe(0);
      const keyless = await run(['audit', 'verify', '--db', file]);
      expect(keyless.code).toBe(1);
      expect(keyless.stdout).toMatch(/--key-env/);
      const unset = await run(['audit', 'verify', '--db', file, '--key-env', 'NO_SUCH_VAR_SET']);
      expect(unset.stderr).toMatch(/NO_SUCH_VAR_SET: that environment variable is not set/);
      const badDuration = await run(['audit', 'prune', '--db', file, '--older-than', 'ninety days'], env);
      expect(badDuration.stderr).toMatch(/not a duration/);
      const after = await run(['audit', 'verify', '--db', file, '--key-env', 'AUDIT_KEY'], env);
      expect(after.code, after.stdout).toBe(0);
      expect(after.stdout).toMatch(/ok: 2 row\(s\) verified from prune anchor at seq 3/);
    } finally {
      await own.cleanup();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { chainHash } from '../store/decision-log/chain.js';
import { gatewayWithLog, postCalls, SAMPLE_CALLS, tamper } from '../../test/support/audit-log.js';
import { formatAnchor, parseAnchor, verifyChain, type VerifyOptions } from './verify.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A stopped gateway's log file with the sample decisions (seq 1..7). */
async function logFile(chainKey?: string): Promise<string> {
  const { gw, cleanup } = await gatewayWithLog(SAMPLE_CALLS, chainKey);
  cleanups.push(cleanup);
  await gw.stop();
  return gw.db;
}

async function verify(file: string, options: VerifyOptions = {}) {
  const store = await Store.open(file);
  try {
    return await verifyChain(store.audit, { pageSize: 3, ...options });
  } finally {
    await store.close();
  }
}

async function head(file: string) {
  const store = await Store.open(file);
  try {
    return await store.audit.chainHead();
  } finally {
    await store.close();
  }
}

describe('verifyChain on an untouched log', () => {
  it('verifies every row, across several pages, up to the head', async () => {
    const file = await logFile();
    const report = await verify(file);
    expect(report.broken).toBeUndefined();
    expect(report).toMatchObject({ ok: true, checked: SAMPLE_CALLS.length, start: { from: 'genesis', seq: 0 } });
    expect(report.head.seq).toBe(SAMPLE_CALLS.length);
  });

  it('proves an anchor taken earlier is still in the log', async () => {
    const file = await logFile();
    const anchor = await head(file);
    const report = await verify(file, { anchor: parseAnchor(formatAnchor(anchor)) });
    expect(report.ok).toBe(true);
    expect(report.anchor).toMatchObject({ ...anchor, found: true });
  });
});

describe('tampering with the SQLite file is detected and the row named', () => {
  it('an edited row (input rewritten, hash left alone)', async () => {
    const file = await logFile();
    let id = '';
    tamper(file, (db) => {
      id = (db.prepare('select id from decisions where seq = 2').get() as { id: string }).id;
      db.prepare(`update decisions set input = ?, decision = 'allow' where seq = 2`).run(JSON.stringify({ command: 'ls' }));
    });
    const report = await verify(file);
    expect(report.ok).toBe(false);
    expect(report.broken).toMatchObject({ seq: 2, id });
    expect(report.broken!.problems.join(' ')).toMatch(/hash does not match its content: the row was edited/);
  });

  it('an edited row whose hash was recomputed (plain sha256): the next row no longer links', async () => {
    const file = await logFile();
    tamper(file, (db) => {
      const row = db.prepare('select * from decisions where seq = 3').get() as Record<string, any>;
      row.decision = 'allow';
      const hash = chainHash(row.prev_hash, row as never);
      db.prepare(`update decisions set decision = 'allow', hash = ? where seq = 3`).run(hash);
    });
    const report = await verify(file);
    expect(report.broken?.seq).toBe(4);
    expect(report.broken!.problems.join(' ')).toMatch(/prev_hash does not match the hash of seq 3/);
  });

  it('a deleted row', async () => {
    const file = await logFile();
    tamper(file, (db) => db.prepare('delete from decisions where seq = 4').run());
    const report = await verify(file);
    expect(report.broken?.seq).toBe(5);
    expect(report.broken!.problems.join(' ')).toMatch(/seq 4 missing: 1 row\(s\) deleted/);
  });

  it('two rows swapped (reordered)', async () => {
    const file = await logFile();
    tamper(file, (db) => {
      db.prepare('update decisions set seq = -1 where seq = 3').run();
      db.prepare('update decisions set seq = 3 where seq = 4').run();
      db.prepare('update decisions set seq = 4 where seq = -1').run();
    });
    const report = await verify(file);
    expect(report.broken?.seq).toBe(3);
    expect(report.broken!.problems.join(' ')).toMatch(/prev_hash does not match the hash of seq 2/);
  });

  it('a row appended outside the gateway (past the chain head)', async () => {
    const file = await logFile();
    tamper(file, (db) => {
      const last = db.prepare('select * from decisions where seq = 7').get() as Record<string, any>;
      db.prepare(`insert into decisions select 'forged-8', 8, created_at, session_id, agent_id, tool, kind, input, context, facts, session, decision, categories, risk, reasons, obligations, result, policy_revision, latency_us, hash, hash from decisions where seq = 7`).run();
      expect(last.seq).toBe(7);
    });
    const report = await verify(file);
    expect(report.broken).toMatchObject({ seq: 8, id: 'forged-8' });
    expect(report.broken!.problems[0]).toMatch(/past the chain head \(seq 7\): they were inserted outside the gateway/);
  });

  it('a truncated tail, the chain head left alone', async () => {
    const file = await logFile();
    tamper(file, (db) => db.prepare('delete from decisions where seq >= 6').run());
    const report = await verify(file);
    expect(report.ok).toBe(false);
    expect(report.broken!.problems.join(' ')).toMatch(/ends at seq 5 but the chain head records seq 7: 2 row\(s\) at the tail were deleted/);
  });

  it('a truncated tail with the chain head rewritten: only the kept anchor catches it', async () => {
    const file = await logFile();
    const anchor = await head(file);
    tamper(file, (db) => {
      db.prepare('delete from decisions where seq >= 6').run();
      const last = db.prepare('select seq, hash from decisions where seq = 5').get() as { seq: number; hash: string };
      db.prepare('update chain_head set seq = ?, hash = ? where id = 1').run(last.seq, last.hash);
    });
    expect((await verify(file)).ok).toBe(true); // consistent on its own…
    const report = await verify(file, { anchor }); // …but the operator's anchor is gone
    expect(report.ok).toBe(false);
    expect(report.broken?.seq).toBe(7);
    expect(report.broken!.problems[0]).toMatch(/beyond the chain head \(seq 5\): the log was truncated/);
  });

  it('the whole tail rewritten consistently (sha256): the anchor hash no longer matches', async () => {
    const file = await logFile();
    const anchor = await head(file);
    tamper(file, (db) => {
      const rows = db.prepare('select * from decisions where seq >= 6 order by seq').all() as Record<string, any>[];
      let prev = (db.prepare('select hash from decisions where seq = 5').get() as { hash: string }).hash;
      for (const row of rows) {
        row.decision = 'allow';
        row.prev_hash = prev;
        row.hash = chainHash(prev, row as never);
        db.prepare('update decisions set decision = ?, prev_hash = ?, hash = ? where seq = ?').run('allow', row.prev_hash, row.hash, row.seq);
        prev = row.hash;
      }
      db.prepare('update chain_head set hash = ? where id = 1').run(prev);
    });
    expect((await verify(file)).ok).toBe(true);
    const report = await verify(file, { anchor });
    expect(report.broken?.seq).toBe(7);
    expect(report.broken!.problems[0]).toMatch(/not the anchored/);
  });
});

describe('the keyed chain (HMAC with TOOLGATE_CHAIN_KEY)', () => {
  const key = 'operator-secret-kept-outside-the-db';

  it('verifies with the key, and says a missing or wrong key is the likely cause otherwise', async () => {
    const file = await logFile(key);
    expect((await verify(file, { key })).ok).toBe(true);
    const keyless = await verify(file);
    expect(keyless.broken?.seq).toBe(1);
    expect(keyless.broken!.problems[0]).toMatch(/written with a chain key/);
    const wrong = await verify(file, { key: 'not-the-key' });
    expect(wrong.broken!.problems[0]).toMatch(/chain key differs/);
  });

  it('a row rewritten with a recomputed plain hash is caught at that row', async () => {
    const file = await logFile(key);
    tamper(file, (db) => {
      const row = db.prepare('select * from decisions where seq = 2').get() as Record<string, any>;
      row.decision = 'allow';
      db.prepare(`update decisions set decision = 'allow', hash = ? where seq = 2`).run(chainHash(row.prev_hash, row as never));
    });
    const report = await verify(file, { key });
    expect(report.broken?.seq).toBe(2);
    expect(report.broken!.problems.join(' ')).toMatch(/edited/);
  });

  it('a log written without a key, verified with one, says so', async () => {
    const file = await logFile();
    const report = await verify(file, { key });
    expect(report.broken!.problems[0]).toMatch(/written without a chain key/);
  });
});

describe('prune keeps the retained chain verifiable', () => {
  it('deletes the old prefix, records an anchor, and verify starts from it', async () => {
    const { gw, cleanup } = await gatewayWithLog(SAMPLE_CALLS.slice(0, 3));
    cleanups.push(cleanup);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cutoff = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postCalls(gw, SAMPLE_CALLS.slice(3));
    await gw.stop();
    const before = await head(gw.db);

    const store = await Store.open(gw.db);
    const anchor = await store.audit.prune(cutoff);
    const again = await store.audit.prune(cutoff);
    const remaining = await store.audit.chainPage(0, 100, 100);
    await store.close();
    expect(anchor).toMatchObject({ seq: 3, pruned_rows: 3 });
    expect(again).toBeNull();
    expect(remaining.map((r) => Number(r.seq))).toEqual([4, 5, 6, 7]);

    const report = await verify(gw.db, { anchor: before });
    expect(report).toMatchObject({ ok: true, checked: 4, start: { from: 'prune_anchor', seq: 3 } });
    // The prune anchor itself can be proven; a pruned seq that is not an anchor cannot.
    expect((await verify(gw.db, { anchor: { seq: 3, hash: anchor!.hash } })).ok).toBe(true);
    const pruned = await verify(gw.db, { anchor: { seq: 2, hash: 'a'.repeat(64) } });
    expect(pruned.broken!.problems[0]).toMatch(/was pruned/);

    // Deleting the first retained row after a prune is still caught.
    tamper(gw.db, (db) => db.prepare('delete from decisions where seq = 4').run());
    expect((await verify(gw.db)).broken).toMatchObject({ seq: 5 });
  });
});

describe('prune anchors on a keyed chain', () => {
  const key = 'operator-secret-kept-outside-the-db';

  it('a prune with the key signs its anchor; a prefix deleted without the key is caught', async () => {
    const file = await logFile(key);
    const store = await Store.open(file);
    const cutoff = (await store.audit.rowAt(3))!.created_at + 1;
    await store.audit.prune(cutoff, { key });
    await store.close();
    const pruned = await verify(file, { key });
    expect(pruned.ok, JSON.stringify(pruned.broken)).toBe(true);

    // Someone with write access only: delete rows 3..4 and forge the anchor a prune would write.
    const forged = await logFile(key);
    tamper(forged, (db) => {
      const last = db.prepare('select seq, hash from decisions where seq = 4').get() as { seq: number; hash: string };
      db.prepare('delete from decisions where seq <= 4').run();
      db.prepare('insert into chain_anchors (seq, hash, created_at, pruned_rows, older_than, mac) values (?, ?, ?, ?, ?, ?)').run(
        last.seq,
        last.hash,
        Date.now(),
        4,
        Date.now(),
        null,
      );
    });
    // Every remaining row still verifies; only the anchor's missing signature gives it away.
    const report = await verify(forged, { key });
    expect(report.broken?.seq).toBe(4);
    expect(report.broken!.problems[0]).toMatch(/prune anchor at seq 4 is unsigned/);

    tamper(forged, (db) => db.prepare(`update chain_anchors set mac = ? where seq = 4`).run('f'.repeat(64)));
    expect((await verify(forged, { key })).broken!.problems[0]).toMatch(/not signed with this chain key/);
  });
});

describe('parseAnchor', () => {
  it('accepts SEQ:HASH and rejects anything else with a hint', () => {
    expect(parseAnchor(`12:${'AB'.repeat(32)}`)).toEqual({ seq: 12, hash: 'ab'.repeat(32) });
    for (const bad of ['', '12', `x:${'a'.repeat(64)}`, `12:${'a'.repeat(63)}`, `12:${'g'.repeat(64)}`, `-1:${'a'.repeat(64)}`]) {
      expect(() => parseAnchor(bad)).toThrow(/SEQ:HASH as printed by `toolgate audit head`/);
    }
  });
});

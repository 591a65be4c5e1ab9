/**
 * Verifying the decision chain: walk every retained row in seq order, a page at a
 * time (a log of millions of rows never sits in memory), and stop at the first row
 * that is missing, edited, reordered or out of line with the chain head, naming it.
 *
 * What each check catches:
 * - a gap in seq: rows deleted;
 * - prev_hash not equal to the previous row's hash: a row deleted, inserted, reordered,
 *   or the previous row rewritten together with its hash;
 * - the row's hash not equal to the hash recomputed over its content: the row edited;
 * - the last row not being the chain head: the tail deleted; rows past the head: rows
 *   inserted outside the gateway;
 * - an operator's anchor (SEQ:HASH kept outside the database) not found: the tail
 *   truncated and the head rewritten, or the whole chain rewritten (without the HMAC
 *   key a forger cannot produce matching hashes);
 * - an approval or a reported outcome whose hash does not match its fields and its decision's
 *   chain hash: the row was edited, or moved onto another decision; one without a decision in
 *   the log, or without a hash: written outside the gateway (or before migration 010).
 */
import { anchorMac, chainHash, followUpHash, GENESIS_HASH, type FollowUpKind } from '../store/decision-log/chain.js';
import type { AuditQueries, DecisionRow, FollowUpRow } from '../store/audit-queries.js';

export interface ChainAnchor {
  seq: number;
  hash: string;
}

export interface VerifyOptions {
  /** The HMAC key the log was written with (TOOLGATE_CHAIN_KEY), if any. */
  key?: string;
  /** An anchor the operator kept: the log must still contain this row with this hash. */
  anchor?: ChainAnchor;
  pageSize?: number;
}

export interface BrokenRow {
  /** The decision's seq (0 when an approval or outcome names no decision in the log). */
  seq: number;
  id: string | null;
  problems: string[];
  /** When what broke is an approval or a reported outcome rather than the decision itself. */
  follow_up?: { kind: FollowUpKind; id: string; decision_id: string };
}

export interface VerifyReport {
  ok: boolean;
  /** Rows whose hash and link were checked. */
  checked: number;
  /** Where the retained chain starts: genesis (seq 1) or a prune anchor. */
  start: { seq: number; hash: string; from: 'genesis' | 'prune_anchor' };
  head: ChainAnchor;
  broken?: BrokenRow;
  /** Approvals and reported outcomes whose hashes were checked. */
  follow_ups: { approvals: number; outcomes: number };
  /** The operator's anchor, when one was given, and whether the log still holds it. */
  anchor?: ChainAnchor & { found: boolean };
}

/** "SEQ:HASH" → anchor; throws with a message for the user on anything else. */
export function parseAnchor(text: string): ChainAnchor {
  const match = /^\s*(\d{1,15}):([0-9a-f]{64})\s*$/i.exec(text);
  if (!match) throw new Error(`"${text}" is not an anchor: expected SEQ:HASH as printed by \`toolgate audit head\` (e.g. 42:9f86d0…, 64 hex digits)`);
  return { seq: Number(match[1]), hash: match[2]!.toLowerCase() };
}

export function formatAnchor(anchor: ChainAnchor): string {
  return `${anchor.seq}:${anchor.hash}`;
}

export async function verifyChain(queries: AuditQueries, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 1000;
  // The head first: rows appended while we walk are beyond it and not our concern.
  const head = await queries.chainHead();
  const anchors = await queries.anchors();
  const pruned = anchors.at(-1);
  const start = pruned
    ? { seq: pruned.seq, hash: pruned.hash, from: 'prune_anchor' as const }
    : { seq: 0, hash: GENESIS_HASH, from: 'genesis' as const };
  const report: VerifyReport = { ok: false, checked: 0, start, head, follow_ups: { approvals: 0, outcomes: 0 } };
  const wanted = options.anchor;
  if (wanted) report.anchor = { ...wanted, found: false };

  const fail = (row: DecisionRow | null, seq: number, problems: string[]): VerifyReport => {
    report.broken = { seq, id: row?.id ?? null, problems };
    return report;
  };

  // With the key, every prune anchor must carry its signature: a prefix deleted by
  // someone without the key and disguised as a prune is caught here.
  if (options.key) {
    for (const anchor of anchors) {
      if (anchor.mac !== anchorMac(anchor, options.key)) {
        return fail(null, anchor.seq, [
          `the prune anchor at seq ${anchor.seq} is ${anchor.mac ? 'not signed with this chain key' : 'unsigned'}: rows up to seq ${anchor.seq} were deleted by something other than \`toolgate audit prune\` with the key, or the anchor was edited`,
        ]);
      }
    }
  }

  if (wanted) {
    if (wanted.seq > head.seq) {
      return fail(null, wanted.seq, [
        `the anchor ${formatAnchor(wanted)} is beyond the chain head (seq ${head.seq}): the log was truncated after the anchor was taken, or the anchor belongs to another log`,
      ]);
    }
    if (wanted.seq <= start.seq) {
      const kept = anchors.find((a) => a.seq === wanted.seq);
      if (kept?.hash === wanted.hash || (wanted.seq === 0 && wanted.hash === GENESIS_HASH)) report.anchor!.found = true;
      else {
        return fail(null, wanted.seq, [
          `the anchor's seq ${wanted.seq} was pruned (the retained chain starts after seq ${start.seq}); it can be proven only at a prune anchor's seq`,
        ]);
      }
    }
  }

  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  // From 0, not from the prune anchor: a row slipped in before the anchor must show up too.
  let cursor = 0;
  for (;;) {
    const page = await queries.chainPage(cursor, head.seq, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      const seq = Number(row.seq);
      cursor = seq;
      const problems: string[] = [];
      if (seq !== expectedSeq) {
        problems.push(
          seq > expectedSeq
            ? `seq ${expectedSeq}${seq - 1 > expectedSeq ? `..${seq - 1}` : ''} missing: ${seq - expectedSeq} row(s) deleted before this one`
            : `unexpected seq ${seq}: expected ${expectedSeq}`,
        );
      }
      if (row.prev_hash !== prevHash) {
        problems.push(
          `prev_hash does not match the hash of ${expectedSeq - 1 === start.seq && start.from === 'genesis' ? 'the genesis' : `seq ${expectedSeq - 1}`}: a row was deleted, inserted or reordered, or the row before was rewritten`,
        );
      }
      const recomputed = chainHash(row.prev_hash, row, options.key);
      if (recomputed !== row.hash) problems.push(hashMismatch(row, options.key, report.checked === 0));
      if (problems.length > 0) return fail(row, seq, problems);
      if (wanted && seq === wanted.seq) {
        if (row.hash !== wanted.hash) {
          return fail(row, seq, [
            `the row at the anchor's seq has hash ${row.hash}, not the anchored ${wanted.hash}: the chain was rewritten from here on`,
          ]);
        }
        report.anchor!.found = true;
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
      report.checked += 1;
    }
  }

  const lastSeq = expectedSeq - 1;
  if (lastSeq !== head.seq) {
    return fail(null, lastSeq + 1, [
      `the log ends at seq ${lastSeq} but the chain head records seq ${head.seq}: ${head.seq - lastSeq} row(s) at the tail were deleted`,
    ]);
  }
  if (prevHash !== head.hash) {
    return fail(null, head.seq, [`the chain head's hash does not match the last row (seq ${lastSeq}): the head or the last row was rewritten`]);
  }
  // A row past the head was not appended by a gateway (it moves both in one transaction).
  const now = await queries.headAndLastSeq();
  if (now.lastSeq !== null && now.lastSeq > now.headSeq) {
    const stray = await queries.rowAt(now.headSeq + 1);
    return fail(stray ?? null, now.headSeq + 1, [
      `row(s) up to seq ${now.lastSeq} lie past the chain head (seq ${now.headSeq}): they were inserted outside the gateway`,
    ]);
  }
  for (const kind of ['approval', 'outcome'] as const) {
    const broken = await verifyFollowUps(queries, kind, report, options);
    if (broken) {
      report.broken = broken;
      return report;
    }
  }
  report.ok = true;
  return report;
}

const FOLLOW_UP_NAME: Record<FollowUpKind, string> = { approval: 'approval', outcome: 'reported outcome' };

/** Recomputes each approval's (or outcome's) hash from its fields and its decision's chain hash; the first that fails, named. */
async function verifyFollowUps(queries: AuditQueries, kind: FollowUpKind, report: VerifyReport, options: VerifyOptions): Promise<BrokenRow | null> {
  const pageSize = options.pageSize ?? 1000;
  let after: string | null = null;
  for (;;) {
    const page = await queries.followUpPage(kind, after, pageSize);
    if (page.length === 0) return null;
    for (const row of page) {
      const problem = followUpProblem(kind, row, options.key);
      if (problem) {
        return { seq: row.decision_seq === null ? 0 : Number(row.decision_seq), id: row.decision_id, problems: [problem], follow_up: { kind, id: row.key, decision_id: row.decision_id } };
      }
      if (kind === 'approval') report.follow_ups.approvals += 1;
      else report.follow_ups.outcomes += 1;
    }
    after = page.at(-1)!.key;
  }
}

function followUpProblem(kind: FollowUpKind, row: FollowUpRow, key: string | undefined): string | null {
  const what = kind === 'approval' ? `approval ${row.key} of decision ${row.decision_id}` : `the reported outcome of decision ${row.decision_id}`;
  if (row.decision_hash === null) return `${what}: that decision is not in the log; the ${FOLLOW_UP_NAME[kind]} was written outside the gateway`;
  if (!row.hash) return `${what} has no hash: it was written outside the gateway (or before migration 010)`;
  if (followUpHash(kind, row.decision_hash, row, key) !== row.hash) {
    return `${what} was edited after it was written: its hash does not match its fields and its decision's hash`;
  }
  return null;
}

/** Says the row was edited; on the very first row, says when a wrong or missing key is the likelier cause. */
function hashMismatch(row: DecisionRow, key: string | undefined, firstRow: boolean): string {
  const base = 'its hash does not match its content: the row was edited after it was written';
  if (!firstRow) return base;
  if (key && chainHash(row.prev_hash, row, undefined) === row.hash) {
    return `${base} — or rather, the log was written without a chain key and verify was given one`;
  }
  if (!key) return `${base} — or the log was written with a chain key (TOOLGATE_CHAIN_KEY) and verify has none; pass it with --key-env`;
  return `${base} — or the chain key differs from the one the log was written with`;
}

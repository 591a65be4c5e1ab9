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
 *   the log, or without a hash: written outside the gateway (or before migration 010);
 * - the trail (decision-log/trail.ts), a chain of every write of an approval, an outcome, a
 *   policy revision or activation: an event missing, inserted or edited (seq, link, hash, head);
 *   a row it names that is gone (deleted, unless a prune removed it with its decision); a row it
 *   does not name (inserted); a row whose hash is not the one it recorded (edited and re-hashed).
 */
import { anchorMac, chainHash, GENESIS_HASH } from '../store/decision-log/chain.js';
import { currentRowHash, TRAIL_KINDS, TRAIL_TABLES, trailHash, type TrailKind } from '../store/decision-log/trail.js';
import { activationHash } from '../store/policy-history.js';
import type { PolicyActivationsTable } from '../store/schema.js';
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
  /** When what broke is an approval, an outcome or the policy history (the trail) rather than a decision. */
  follow_up?: { kind: TrailKind | 'trail'; id: string; decision_id: string | null };
}

export interface VerifyReport {
  ok: boolean;
  /** Rows whose hash and link were checked. */
  checked: number;
  /** Where the retained chain starts: genesis (seq 1) or a prune anchor. */
  start: { seq: number; hash: string; from: 'genesis' | 'prune_anchor' };
  head: ChainAnchor;
  broken?: BrokenRow;
  /** Approvals, reported outcomes, policy revisions and activations checked against their hashes and the trail. */
  follow_ups: { approvals: number; outcomes: number; policy_revisions: number; policy_activations: number };
  /** The trail's events checked, and how many rows it adopted when it started (a database from before it). */
  trail: { events: number; adopted: number };
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
  const report: VerifyReport = {
    ok: false,
    checked: 0,
    start,
    head,
    follow_ups: { approvals: 0, outcomes: 0, policy_revisions: 0, policy_activations: 0 },
    trail: { events: 0, adopted: 0 },
  };
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
  const broken = (await verifyTrail(queries, report, options)) ?? (await verifyTrailed(queries, report, start.from === 'prune_anchor' ? start.seq : 0, options));
  if (broken) {
    report.broken = broken;
    return report;
  }
  report.ok = true;
  return report;
}

const COUNTED: Record<TrailKind, keyof VerifyReport['follow_ups']> = {
  approval: 'approvals',
  outcome: 'outcomes',
  policy_revision: 'policy_revisions',
  policy_activation: 'policy_activations',
};

/** Walks the trail: gapless from 1, each event linked to the one before and hashed over its fields, the last one the head. */
async function verifyTrail(queries: AuditQueries, report: VerifyReport, options: VerifyOptions): Promise<BrokenRow | null> {
  const pageSize = options.pageSize ?? 1000;
  const head = await queries.trailHead();
  const fail = (seq: number, problem: string): BrokenRow => ({ seq: 0, id: null, problems: [problem], follow_up: { kind: 'trail', id: String(seq), decision_id: null } });
  if (!head) return fail(0, 'the trail head (chain_head id 2) is missing: it was deleted outside the gateway');
  let expected = 1;
  let prev = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const page = await queries.trailPage(after, pageSize);
    if (page.length === 0) break;
    for (const event of page) {
      after = event.seq;
      if (event.seq > head.seq) return fail(event.seq, `trail event ${event.seq} lies past the trail head (${head.seq}): it was inserted outside the gateway`);
      if (event.seq !== expected) return fail(event.seq, `trail event ${expected}${event.seq - 1 > expected ? `..${event.seq - 1}` : ''} missing: deleted outside the gateway`);
      if (event.prev_hash !== prev) return fail(event.seq, `trail event ${event.seq} does not link to the event before it: an event was deleted, inserted or rewritten`);
      if (trailHash(prev, event, options.key) !== event.hash) return fail(event.seq, `trail event ${event.seq} was edited (its hash does not match its fields)${options.key ? '' : ', or the trail was written with a chain key and verify has none'}`);
      if (event.kind === 'seal') report.trail.adopted = Number(event.ref);
      prev = event.hash;
      expected += 1;
      report.trail.events += 1;
    }
  }
  if (expected - 1 !== head.seq) return fail(expected, `the trail ends at event ${expected - 1} but its head records ${head.seq}: events at the tail were deleted`);
  if (prev !== head.hash) return fail(head.seq, `the trail head's hash does not match its last event: the head or the last event was rewritten`);
  return null;
}

/** Each trailed row against its own hash and the trail's last word on it, then each row the trail names against the tables. */
async function verifyTrailed(queries: AuditQueries, report: VerifyReport, prunedUpTo: number, options: VerifyOptions): Promise<BrokenRow | null> {
  const pageSize = options.pageSize ?? 1000;
  for (const kind of TRAIL_KINDS) {
    let after: string | null = null;
    for (;;) {
      const page = await queries.followUpPage(kind, after, pageSize);
      if (page.length === 0) break;
      for (const row of page) {
        const problem = followUpProblem(kind, row, options.key, report.trail.events > 0);
        if (problem) return brokenFollowUp(kind, row.key, row.decision_id ?? null, row.decision_seq ?? null, problem);
        report.follow_ups[COUNTED[kind]] += 1;
      }
      after = String(page.at(-1)!.key);
    }
    const missing = await queries.missingTrailed(kind, prunedUpTo);
    if (missing) {
      const name = TRAIL_TABLES[kind].name;
      const problem = `the ${name} ${missing.ref}, written by the gateway (trail event ${missing.seq}), is gone: it was deleted outside the gateway`;
      const decisionId = kind === 'outcome' ? missing.ref : null;
      return brokenFollowUp(kind, missing.ref, decisionId, missing.decision_seq, problem);
    }
  }
  return null;
}

function brokenFollowUp(kind: TrailKind, id: string, decisionId: string | null, decisionSeq: number | null, problem: string): BrokenRow {
  return { seq: decisionSeq === null ? 0 : Number(decisionSeq), id: decisionId, problems: [problem], follow_up: { kind, id, decision_id: decisionId } };
}

function describe(kind: TrailKind, row: FollowUpRow): string {
  if (kind === 'approval') return `approval ${row.key} of decision ${row.decision_id}`;
  if (kind === 'outcome') return `the reported outcome of decision ${row.decision_id}`;
  return `${TRAIL_TABLES[kind].name} ${row.key}`;
}

function followUpProblem(kind: TrailKind, row: FollowUpRow, key: string | undefined, trailStarted: boolean): string | null {
  const what = describe(kind, row);
  const followsDecision = kind === 'approval' || kind === 'outcome';
  if (followsDecision && row.decision_hash === null) return `${what}: that decision is not in the log; the ${TRAIL_TABLES[kind].name} was written outside the gateway`;
  if (row.trail_hash === null && !trailStarted) {
    return `${what} is not in the trail, which has not started: a database from before migration 011 is adopted when a gateway (with its chain key) first opens it`;
  }
  const recomputed = currentRowHash(kind, row, row.decision_hash ?? null, key);
  // A row adopted when the trail started (from before migration 010) may have no hash of its own: the trail's is enough.
  if (followsDecision && !row.hash && row.trail_origin !== 'seal') return `${what} has no hash: it was written outside the gateway (or before migration 010)`;
  if (followsDecision && row.hash && recomputed !== row.hash) return `${what} was edited after it was written: its hash does not match its fields and its decision's hash`;
  if (kind === 'policy_activation' && activationHash(String(row.prev_hash), row as unknown as PolicyActivationsTable, key) !== row.hash) {
    return `${what} was edited after it was written: its hash does not match its fields`;
  }
  if (row.trail_hash === null) return `${what} is not in the trail: it was inserted outside the gateway`;
  if (row.trail_hash !== recomputed) return `${what} was edited after it was written: its hash is not the one the trail recorded`;
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

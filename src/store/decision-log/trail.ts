/**
 * The trail: what follows the decisions (approvals, reported outcomes) and what they were
 * decided under (policy revisions, policy activations) as a hash chain of its own. Every write
 * of such a row appends an event (its kind, its key, the row's hash as written) in the same
 * transaction, and moves the trail's head (chain_head id 2). A row's own hash catches an edit;
 * the trail catches the rest:
 * - a row deleted: the trail names a row that is not there (unless a prune removed it with its decision);
 * - a row inserted: the row has no event in the trail;
 * - a row edited and re-hashed: its hash is not the one the trail recorded;
 * - an event deleted, inserted or edited: a gap in seq, a broken link, the head out of line.
 * Without the chain key someone with write access can still rewrite the whole tail consistently,
 * as for the decision chain; with it they cannot.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { DialectName } from '../database.js';
import { followUpHash, GENESIS_HASH } from './chain.js';

/** Where each kind of trailed row is kept and the column that keys it (the event's ref). */
export const TRAIL_TABLES = {
  approval: { table: 'approvals', key: 'id', name: 'approval' },
  outcome: { table: 'tool_results', key: 'decision_id', name: 'reported outcome' },
  policy_revision: { table: 'policy_revisions', key: 'revision', name: 'policy revision' },
  // An activation's own hash is its key: its seq is a number, and the trail's ref is text on both dialects.
  policy_activation: { table: 'policy_activations', key: 'hash', name: 'policy activation' },
} as const;

export type TrailKind = keyof typeof TRAIL_TABLES;
export const TRAIL_KINDS = Object.keys(TRAIL_TABLES) as TrailKind[];

/** What a write appends: the row's kind and key, the hash of the row as written, its decision's seq (approvals, outcomes). */
export interface TrailEvent {
  kind: TrailKind | 'seal';
  ref: string;
  row_hash: string;
  decision_seq: number | null;
}

export interface TrailRow extends TrailEvent {
  seq: number;
  at: number;
  /** write: appended by the write itself; seal: a row found when the trail started (Store.sealTrail). */
  origin: 'write' | 'seal';
  prev_hash: string;
  hash: string;
}

export const TRAIL_HEAD_ID = 2;

function mac(payload: string, key?: string | Buffer): string {
  return key ? createHmac('sha256', key).update(payload).digest('hex') : createHash('sha256').update(payload).digest('hex');
}

/** The event's hash: the previous hash and the event's fields in a fixed order (a new field is a new version). */
export function trailHash(prevHash: string, row: Omit<TrailRow, 'prev_hash' | 'hash'>, key?: string | Buffer): string {
  const fields = [Number(row.seq), row.kind, row.ref, row.decision_seq === null ? null : Number(row.decision_seq), row.row_hash, Number(row.at), row.origin];
  return mac(`toolgate-trail\n${prevHash}\n${JSON.stringify(fields)}`, key);
}

/** A policy revision's hash: every column it is stored with. */
export function revisionHash(row: { revision: string; created_at: number | string; source: string; rules: string; sources: string | null }, key?: string | Buffer): string {
  return mac(`toolgate-policy-revision\n${JSON.stringify([row.revision, Number(row.created_at), row.source, row.rules, row.sources ?? null])}`, key);
}

/**
 * The hash a trailed row has now, as its writer computed it: approvals and outcomes are tied to
 * their decision's chain hash (followUpHash), revisions hash their columns, an activation's
 * hash is its place in the policy history chain (checked there).
 */
export function currentRowHash(kind: TrailKind, row: Record<string, unknown>, decisionHash: string | null, key?: string): string {
  if (kind === 'approval' || kind === 'outcome') return followUpHash(kind, decisionHash ?? '', row, key);
  if (kind === 'policy_revision') return revisionHash(row as Parameters<typeof revisionHash>[0], key);
  return String(row.hash);
}

async function readHead(trx: Transaction<Database>, dialect: DialectName): Promise<{ seq: number; hash: string }> {
  let query = trx.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', TRAIL_HEAD_ID);
  if (dialect === 'postgres') query = query.forUpdate();
  const head = await query.executeTakeFirst();
  // Fail closed: a write that cannot join the trail is not made.
  if (!head) throw new Error('the trail head row (chain_head id 2) is missing: the database was altered outside the gateway');
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * Takes the trail head's row lock (PostgreSQL) for the rest of the transaction: a writer that
 * reads a chain of its own before appending (the policy activations) takes it first, so that two
 * instances starting at once append one after the other.
 */
export async function lockTrail(trx: Transaction<Database>, dialect: DialectName): Promise<void> {
  await readHead(trx, dialect);
}

/** Appends events to the trail in this transaction (on PostgreSQL under the trail head's row lock). */
export async function appendTrail(
  trx: Transaction<Database>,
  dialect: DialectName,
  events: TrailEvent[],
  key?: string,
  origin: TrailRow['origin'] = 'write',
): Promise<void> {
  if (events.length === 0) return;
  const head = await readHead(trx, dialect);
  let seq = head.seq;
  let prev = head.hash;
  const at = Date.now();
  for (const event of events) {
    seq += 1;
    const row = { ...event, seq, at, origin };
    const hash = trailHash(prev, row, key);
    await trx.insertInto('trail').values({ ...row, prev_hash: prev, hash }).execute();
    prev = hash;
  }
  await trx.updateTable('chain_head').set({ seq, hash: prev }).where('id', '=', TRAIL_HEAD_ID).execute();
}

/** Runs `write` and appends the events it returns, in one transaction. */
export async function withTrail<T>(
  db: Kysely<Database>,
  dialect: DialectName,
  key: string | undefined,
  write: (trx: Transaction<Database>) => Promise<{ result: T; events: TrailEvent[] }>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { result, events } = await write(trx);
    await appendTrail(trx, dialect, events, key);
    return result;
  });
}

/**
 * Starts the trail of a database that has none yet (a fresh one, or one from before migration
 * 011): every row already there is adopted as it is, then a seal event closes the adoption. Runs
 * once: afterwards the trail's head is past 0 and nothing is ever adopted again, so a row slipped
 * in later is never taken in. Returns how many rows were adopted, or null when the trail had begun.
 */
export async function sealTrail(db: Kysely<Database>, dialect: DialectName, key?: string): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    if ((await readHead(trx, dialect)).seq > 0) return null;
    let adopted = 0;
    const loose = trx as unknown as Kysely<any>;
    for (const kind of TRAIL_KINDS) {
      const { table, key: column } = TRAIL_TABLES[kind];
      const followsDecision = kind === 'approval' || kind === 'outcome';
      let query = loose.selectFrom(table).selectAll(table).select(`${table}.${column} as trail_ref`);
      if (followsDecision) {
        // A row whose decision is gone is not adopted: verify names it.
        query = query.innerJoin('decisions', 'decisions.id', `${table}.decision_id`).select(['decisions.hash as decision_hash', 'decisions.seq as decision_seq']);
      }
      const rows = (await query.orderBy(`${table}.${column}`).execute()) as Record<string, unknown>[];
      const events = rows.map((row) => ({
        kind,
        ref: String(row.trail_ref),
        row_hash: currentRowHash(kind, row, (row.decision_hash as string | undefined) ?? null, key),
        decision_seq: followsDecision ? Number(row.decision_seq) : null,
      }));
      await appendTrail(trx, dialect, events, key, 'seal');
      adopted += events.length;
    }
    await appendTrail(trx, dialect, [{ kind: 'seal', ref: String(adopted), row_hash: GENESIS_HASH, decision_seq: null }], key, 'seal');
    return adopted;
  });
}

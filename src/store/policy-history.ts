/**
 * The policy history: what each revision was built from, and when each was active.
 * Activations are a hash chain of their own: each row's hash covers the previous hash, its
 * fields and the content hash of the revision's stored sources, so editing a row, deleting
 * one, or editing the stored Rego of a revision breaks verification from that row on.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { GENESIS_HASH } from './decision-log/chain.js';
import { appendTrail, lockTrail } from './decision-log/trail.js';
import type { DialectName } from './database.js';
import type { Database, PolicyActivationsTable, PolicyRevisionsTable } from './schema.js';

export type PolicyEvent = PolicyActivationsTable['event'];

export function contentHash(sources: string | null | undefined): string {
  return createHash('sha256').update(sources ?? '').digest('hex');
}

type ChainedActivation = Omit<PolicyActivationsTable, 'hash' | 'prev_hash'>;

export function activationHash(prevHash: string, row: ChainedActivation, key?: string): string {
  const payload = `${prevHash}\n${JSON.stringify([Number(row.seq), row.revision, row.event, Number(row.at), row.trigger, row.content_hash])}`;
  return key ? createHmac('sha256', key).update(payload).digest('hex') : createHash('sha256').update(payload).digest('hex');
}

/** Appends one activation event to the chain (a transaction: read the tail, insert after it). */
export async function recordActivation(
  db: Kysely<Database>,
  event: { revision: string; event: PolicyEvent; trigger: string; at?: number },
  signing: { dialect: DialectName; key?: string },
): Promise<PolicyActivationsTable> {
  const key = signing.key;
  return db.transaction().execute(async (trx) => {
    await lockTrail(trx, signing.dialect);
    const tail = await trx.selectFrom('policy_activations').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const stored = await trx.selectFrom('policy_revisions').select('sources').where('revision', '=', event.revision).executeTakeFirst();
    const row: ChainedActivation = {
      seq: Number(tail?.seq ?? 0) + 1,
      revision: event.revision,
      event: event.event,
      at: event.at ?? Date.now(),
      trigger: event.trigger,
      content_hash: contentHash(stored?.sources),
    };
    const prev_hash = tail?.hash ?? GENESIS_HASH;
    const full = { ...row, prev_hash, hash: activationHash(prev_hash, row, key) };
    await trx.insertInto('policy_activations').values(full).execute();
    // In the trail too: the activation chain has no head of its own, so a deleted last activation shows only there.
    await appendTrail(trx, signing.dialect, [{ kind: 'policy_activation', ref: full.hash, row_hash: full.hash, decision_seq: null }], key);
    return full;
  });
}

export async function listActivations(db: Kysely<Database>): Promise<PolicyActivationsTable[]> {
  return db.selectFrom('policy_activations').selectAll().orderBy('seq').execute();
}

export async function getRevision(db: Kysely<Database>, revision: string): Promise<PolicyRevisionsTable | undefined> {
  return db.selectFrom('policy_revisions').selectAll().where('revision', '=', revision).executeTakeFirst();
}

/** The revision that was active at a time, from the activation history (null when none was). */
export function activeAt(activations: PolicyActivationsTable[], at: number): string | null {
  let active: string | null = null;
  for (const row of activations) {
    if (Number(row.at) > at) break;
    if (row.event === 'activated') active = row.revision;
    else if (row.revision === active) active = null;
  }
  return active;
}

export interface PolicyHistoryReport {
  ok: boolean;
  activations: number;
  /** The first row that does not verify, and why. */
  broken?: { seq: number; reason: string };
}

/** Recomputes the activation chain, and each row's content hash from the revision's stored sources. */
export async function verifyPolicyHistory(db: Kysely<Database>, key?: string): Promise<PolicyHistoryReport> {
  const rows = await listActivations(db);
  const sources = new Map<string, string | null>();
  for (const revision of await db.selectFrom('policy_revisions').select(['revision', 'sources']).execute()) sources.set(revision.revision, revision.sources);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    const seq = Number(row.seq);
    const broken = (reason: string): PolicyHistoryReport => ({ ok: false, activations: rows.length, broken: { seq, reason } });
    if (seq !== expectedSeq) return broken(`expected activation ${expectedSeq}, found ${seq}: a row was deleted`);
    if (row.prev_hash !== prev) return broken('prev_hash does not match the previous row: a row was deleted or reordered');
    if (!sources.has(row.revision)) return broken(`revision ${row.revision} is not in policy_revisions`);
    if (contentHash(sources.get(row.revision)) !== row.content_hash) return broken(`the stored sources of revision ${row.revision} were changed`);
    if (activationHash(prev, row, key) !== row.hash) return broken('the row was edited (its hash does not match its fields)');
    prev = row.hash;
    expectedSeq += 1;
  }
  return { ok: true, activations: rows.length };
}

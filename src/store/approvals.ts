/**
 * Pending approvals: created by an adapter for an `ask` decision, resolved by a person
 * (`toolgate approvals approve|deny`), waited for by the adapter. The database is the only
 * shared state, so any gateway instance can create, resolve or report an approval.
 * Every write stores the row's hash, tied to its decision's chain hash (store/chain.ts), and
 * appends it to the trail (decision-log/trail.ts) in the same transaction, so that `toolgate
 * audit verify` catches an approval edited, deleted or inserted outside the gateway.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ApprovalsTable } from './schema-approvals.js';
import { followUpHash } from './decision-log/chain.js';
import { withTrail } from './decision-log/trail.js';
import type { DialectName } from './database.js';

/** How a write joins the trail: the dialect (row locks on PostgreSQL) and the chain key. */
export interface TrailSigning {
  dialect: DialectName;
  key?: string;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

export interface Approval extends Omit<ApprovalsTable, 'status'> {
  status: ApprovalStatus;
}

function present(row: ApprovalsTable, now = Date.now()): Approval {
  const r = {
    ...row,
    created_at: Number(row.created_at),
    expires_at: Number(row.expires_at),
    decided_at: row.decided_at === null ? null : Number(row.decided_at),
  };
  const status = (r.status === 'pending' && r.expires_at <= now ? 'expired' : r.status) as ApprovalStatus;
  return { ...r, status };
}

export async function getApproval(db: Kysely<Database>, id: string): Promise<Approval | undefined> {
  const row = await db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
  return row && present(row);
}

/** The approvals of these decisions (at most one each), for a page of the decision list. */
export async function approvalsOfDecisions(db: Kysely<Database>, decisionIds: string[]): Promise<Approval[]> {
  if (decisionIds.length === 0) return [];
  const now = Date.now();
  const rows = await db.selectFrom('approvals').selectAll().where('decision_id', 'in', decisionIds).execute();
  return rows.map((r) => present(r, now));
}

/** One approval per decision: asking again returns the one already there. */
export async function requestApproval(
  db: Kysely<Database>,
  spec: { decision_id: string; decision_hash: string; decision_seq: number; session_id: string; agent_id: string | null; tool: string; timeout_ms: number },
  signing: TrailSigning,
): Promise<{ approval: Approval; created: boolean }> {
  const existing = await db.selectFrom('approvals').selectAll().where('decision_id', '=', spec.decision_id).executeTakeFirst();
  if (existing) return { approval: present(existing), created: false };
  const now = Date.now();
  const fields: Omit<ApprovalsTable, 'hash'> = {
    id: randomUUID(),
    decision_id: spec.decision_id,
    session_id: spec.session_id,
    agent_id: spec.agent_id,
    tool: spec.tool,
    status: 'pending',
    created_at: now,
    expires_at: now + spec.timeout_ms,
    decided_at: null,
    decided_by: null,
    note: null,
  };
  const row: ApprovalsTable = { ...fields, hash: followUpHash('approval', spec.decision_hash, fields, signing.key) };
  try {
    await withTrail(db, signing.dialect, signing.key, async (trx) => {
      await trx.insertInto('approvals').values(row).execute();
      return { result: undefined, events: [{ kind: 'approval', ref: row.id, row_hash: row.hash!, decision_seq: spec.decision_seq }] };
    });
  } catch (error) {
    // Two adapters asked at once: the unique decision_id let one in; return that one.
    const raced = await db.selectFrom('approvals').selectAll().where('decision_id', '=', spec.decision_id).executeTakeFirst();
    if (raced) return { approval: present(raced), created: false };
    throw error;
  }
  return { approval: present(row), created: true };
}

export type ResolveOutcome =
  | { kind: 'resolved'; approval: Approval }
  | { kind: 'not_found' }
  | { kind: 'already'; approval: Approval };

/** Approves or denies a pending, unexpired approval; the update is conditional, so two people cannot both win. */
export async function resolveApproval(
  db: Kysely<Database>,
  id: string,
  answer: { status: 'approved' | 'denied'; by: string; note: string | null },
  signing: TrailSigning,
): Promise<ResolveOutcome> {
  const now = Date.now();
  // The answered row's hash covers the fields it keeps (read here) and the answer; the
  // conditional update below decides which answer, if any, is written.
  const before = await db
    .selectFrom('approvals')
    .leftJoin('decisions', 'decisions.id', 'approvals.decision_id')
    .selectAll('approvals')
    .select(['decisions.hash as decision_hash', 'decisions.seq as decision_seq'])
    .where('approvals.id', '=', id)
    .executeTakeFirst();
  if (!before) return { kind: 'not_found' };
  const answered = { ...before, status: answer.status, decided_at: now, decided_by: answer.by, note: answer.note };
  const hash = followUpHash('approval', before.decision_hash ?? '', answered, signing.key);
  const updated = await withTrail(db, signing.dialect, signing.key, async (trx) => {
    const result = await trx
      .updateTable('approvals')
      .set({ status: answer.status, decided_at: now, decided_by: answer.by, note: answer.note, hash })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    const won = Number(result.numUpdatedRows) === 1;
    const decisionSeq = before.decision_seq === null ? null : Number(before.decision_seq);
    return { result: won, events: won ? [{ kind: 'approval' as const, ref: id, row_hash: hash, decision_seq: decisionSeq }] : [] };
  });
  const current = await getApproval(db, id);
  if (!current) return { kind: 'not_found' };
  return updated ? { kind: 'resolved', approval: current } : { kind: 'already', approval: current };
}

export async function listApprovals(
  db: Kysely<Database>,
  filter: { status?: ApprovalStatus; agentId?: string | null; limit: number },
): Promise<Approval[]> {
  const now = Date.now();
  let query = db.selectFrom('approvals').selectAll().orderBy('created_at', 'desc').limit(filter.limit);
  if (filter.status === 'pending') query = query.where('status', '=', 'pending').where('expires_at', '>', now);
  else if (filter.status === 'expired') query = query.where('status', '=', 'pending').where('expires_at', '<=', now);
  else if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.agentId) query = query.where('agent_id', '=', filter.agentId);
  return (await query.execute()).map((r) => present(r, now));
}

/**
 * The decision log's hash chain: each row's hash covers its own stored fields and the
 * previous row's hash, so editing, deleting or reordering a row breaks every hash after it.
 * The serialization is canonical (fixed field order, the stored text as is) so that a
 * verifier recomputes exactly what the writer hashed.
 */
import { createHash, createHmac } from 'node:crypto';
import type { DecisionsTable } from '../schema.js';
import type { ApprovalsTable } from '../schema-approvals.js';
import type { ToolResultsTable } from '../schema-governance.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields, in the order they are hashed. Adding a field is a new chain version. */
export const CHAINED_FIELDS = [
  'seq',
  'id',
  'created_at',
  'session_id',
  'agent_id',
  'tool',
  'kind',
  'input',
  'context',
  'facts',
  'session',
  'decision',
  'categories',
  'risk',
  'reasons',
  'obligations',
  'result',
  'policy_revision',
  'latency_us',
] as const satisfies readonly (keyof DecisionsTable)[];

export type ChainedRow = Pick<DecisionsTable, (typeof CHAINED_FIELDS)[number]>;

export function canonicalRow(row: ChainedRow): string {
  return JSON.stringify(CHAINED_FIELDS.map((field) => row[field] ?? null));
}

/**
 * sha256(prev ‖ row), or HMAC-SHA256 keyed with the operator's key when one is set:
 * without the key, a forger who rewrites the whole tail cannot produce valid hashes.
 */
export function chainHash(prevHash: string, row: ChainedRow, key?: string | Buffer): string {
  const payload = `${prevHash}\n${canonicalRow(row)}`;
  return key ? createHmac('sha256', key).update(payload).digest('hex') : createHash('sha256').update(payload).digest('hex');
}

/** The fields of a prune anchor that its MAC covers, in order. */
export interface AnchorFields {
  seq: number;
  hash: string;
  created_at: number;
  pruned_rows: number;
  older_than: number;
}

/**
 * A prune anchor signed with the chain key. Anyone with write access can delete a prefix
 * of the log and write an anchor row; only the key holder can sign one.
 */
export function anchorMac(anchor: AnchorFields, key: string | Buffer): string {
  const payload = `toolgate-prune-anchor\n${JSON.stringify([anchor.seq, anchor.hash, anchor.created_at, anchor.pruned_rows, anchor.older_than])}`;
  return createHmac('sha256', key).update(payload).digest('hex');
}

/**
 * What followed a decision: the approval a person gave it and the outcome its client
 * reported. Each row carries a hash over its own fields and the hash of the decision it
 * belongs to (keyed like the chain), so an edited approval or outcome, or one moved onto
 * another decision, no longer verifies. Adding a field is a new hash version.
 */
export const FOLLOW_UP_FIELDS = {
  approval: [
    'id',
    'decision_id',
    'session_id',
    'agent_id',
    'tool',
    'status',
    'created_at',
    'expires_at',
    'decided_at',
    'decided_by',
    'note',
  ] as const satisfies readonly (keyof ApprovalsTable)[],
  outcome: [
    'decision_id',
    'session_id',
    'created_at',
    'exit_code',
    'ok',
    'output_tokens',
    'tokens_in',
    'tokens_out',
    'cost_usd',
    'duration_ms',
    'output_sha256',
  ] as const satisfies readonly (keyof ToolResultsTable)[],
};

export type FollowUpKind = keyof typeof FOLLOW_UP_FIELDS;

/** sha256 (or HMAC with the chain key) of the kind, the decision's chain hash and the row's fields in order. */
export function followUpHash(kind: FollowUpKind, decisionHash: string, row: Record<string, unknown>, key?: string | Buffer): string {
  const fields: readonly string[] = FOLLOW_UP_FIELDS[kind];
  const payload = `toolgate-${kind}\n${decisionHash}\n${JSON.stringify(fields.map((field) => row[field] ?? null))}`;
  return key ? createHmac('sha256', key).update(payload).digest('hex') : createHash('sha256').update(payload).digest('hex');
}

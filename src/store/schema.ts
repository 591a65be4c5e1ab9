/**
 * The one database schema, as Kysely types. Migrations in ./migrations create it on
 * SQLite and PostgreSQL alike; every query in store/ is checked against it.
 *
 * Times are epoch milliseconds (bigint); JSON documents are stored as text so both
 * dialects read and write them the same way.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ShadowDiff } from '../api/shadow-diff.js';
import type { GovernanceTables } from './schema-governance.js';
import type { ApprovalTables } from './schema-approvals.js';

export interface SessionsTable {
  id: string;
  agent_id: string | null;
  parent_session_id: string | null;
  /** active | stopped | ended */
  status: string;
  created_at: number;
  last_seen_at: number;
  calls: number;
  /** Governance state (budgets used, recent calls, streaks, compactions…) as JSON, owned by session/. */
  state: string;
}

export interface DecisionsTable {
  id: string;
  /** Position in the hash chain, gapless from 1. */
  seq: number;
  created_at: number;
  session_id: string;
  agent_id: string | null;
  /** The tool name as the client sent it. */
  tool: string;
  /** The tool kind it normalized to (bash, read, …, other). */
  kind: string;
  /** The call's input, secrets masked. */
  input: string;
  /** The client context (cwd, home, context tokens). */
  context: string;
  facts: string;
  /** The session state the policy saw, so that replay re-evaluates exactly. */
  session: string;
  decision: string;
  categories: string;
  risk: number;
  reasons: string;
  obligations: string;
  /** The full policy result (matched rules, warnings, dry-run findings). */
  result: string;
  policy_revision: string;
  latency_us: number;
  prev_hash: string;
  hash: string;
}

export interface ChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface PolicyRevisionsTable {
  revision: string;
  created_at: number;
  source: string;
  rules: string;
  /** {files: {path: text}, data}: what the revision was built from (migration 008); null before it. */
  sources: string | null;
}

/** Each time a revision became active or stopped being active, hash-chained (migration 008). */
export interface PolicyActivationsTable {
  seq: number;
  revision: string;
  event: 'activated' | 'deactivated';
  at: number;
  trigger: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

/** Where the retained decision chain starts after a prune (the last pruned row's seq and hash). */
export interface ChainAnchorsTable {
  seq: number;
  hash: string;
  created_at: number;
  pruned_rows: number;
  /** The cutoff (epoch ms) the prune was asked for. */
  older_than: number;
  /** HMAC of the anchor with the chain key (null on an unkeyed chain). */
  mac: string | null;
}

/** The trail (migration 011, decision-log/trail.ts): one event per write of an approval, outcome, policy revision or activation. */
export interface TrailTable {
  seq: number;
  kind: string;
  ref: string;
  decision_seq: number | null;
  row_hash: string;
  at: number;
  origin: string;
  prev_hash: string;
  hash: string;
}

/** Where the shadow policy answered differently from the active one (migration 004): the record src/api declares. */
export type ShadowDiffsTable = ShadowDiff;

export interface Database extends GovernanceTables, ApprovalTables {
  sessions: SessionsTable;
  decisions: DecisionsTable;
  chain_head: ChainHeadTable;
  policy_revisions: PolicyRevisionsTable;
  policy_activations: PolicyActivationsTable;
  chain_anchors: ChainAnchorsTable;
  trail: TrailTable;
  api_tokens: ApiTokensTable;
  shadow_diffs: ShadowDiffsTable;
}

/** API tokens (migration 003): only the sha256 of a token is stored. */
export interface ApiTokensTable {
  id: string;
  /** agent | admin */
  kind: string;
  agent_id: string | null;
  name: string | null;
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

// Re-exported for migrations that need generated columns later.
export type { ColumnType, Generated };

/** Tables of session governance (migration 005): roll-ups, agent usage, outcomes, checkpoints, compactions, memory. */

/** What a session's descendants used (its own usage is in sessions.state). */
export interface SessionRollupsTable {
  session_id: string;
  calls: number;
  tokens: number;
  cost_usd: number;
}

export interface AgentUsageTable {
  agent_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  calls: number;
  tokens: number;
  cost_usd: number;
}

/** What POST /v1/report said about a decided call. Booleans are 0/1 (portable). */
export interface ToolResultsTable {
  decision_id: string;
  session_id: string;
  created_at: number;
  exit_code: number | null;
  ok: number | null;
  output_tokens: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cost_usd: number | null;
  duration_ms: number | null;
  output_sha256: string | null;
  /** followUpHash over the fields above and the decision's chain hash (migration 010; null before it). */
  hash: string | null;
}

export interface CheckpointsTable {
  id: string;
  session_id: string;
  created_at: number;
  label: string;
  step: number | null;
  /** The agent's JSON. */
  state: string;
  /** The gateway's view at that point (budgets used, decisions since the previous checkpoint). */
  gateway: string;
}

export interface CompactionsTable {
  id: string;
  session_id: string;
  created_at: number;
  reported_ok: number;
  /** Whether the gateway counted it as a success (verification passed). */
  counted_ok: number;
  tokens_before: number | null;
  tokens_after: number | null;
  summary: string;
  /** JSON list of pinned items the summary lost. */
  lost: string;
  /** JSON of the answer given. */
  answer: string;
}

export interface MemoryTable {
  scope: string;
  owner: string;
  key: string;
  version: number;
  /** JSON; null for a deletion. */
  value: string | null;
  deleted: number;
  written_by: string;
  written_at: number;
}

export interface GovernanceTables {
  session_rollups: SessionRollupsTable;
  agent_usage: AgentUsageTable;
  tool_results: ToolResultsTable;
  checkpoints: CheckpointsTable;
  compactions: CompactionsTable;
  memory: MemoryTable;
}

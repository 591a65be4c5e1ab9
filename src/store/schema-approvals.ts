/** The operator's tables: approvals (migration 006) and agent stops (008), merged into the one Database type in schema.ts. */
export interface ApprovalsTable {
  id: string;
  decision_id: string;
  session_id: string;
  agent_id: string | null;
  tool: string;
  /** pending | approved | denied; a pending row past expires_at reads as expired. */
  status: string;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
  decided_by: string | null;
  note: string | null;
  /** followUpHash over the fields above and the decision's chain hash (migration 010; null before it). */
  hash: string | null;
}

/** An operator's stop of a whole agent (migration 008); the row's presence is the stop. */
export interface AgentStopsTable {
  agent_id: string;
  reason: string;
  stopped_at: number;
  /** The principal who stopped it (local-admin, admin token …). */
  stopped_by: string;
}

export interface ApprovalTables {
  approvals: ApprovalsTable;
  agent_stops: AgentStopsTable;
}

/** The approvals table (migration 006), merged into the one Database type in schema.ts. */
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
}

export interface ApprovalTables {
  approvals: ApprovalsTable;
}

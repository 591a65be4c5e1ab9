/**
 * Where the shadow policy answered differently from the active one: the record policy/shadow.ts
 * makes, store/ keeps (table shadow_diffs, migration 004) and GET /v1/policy/shadow/diffs
 * serves. Declared once here, the layer both sides may import.
 */
export interface ShadowDiff {
  decision_id: string;
  created_at: number;
  session_id: string;
  tool: string;
  active_revision: string;
  shadow_revision: string;
  active_decision: string;
  shadow_decision: string;
  /** JSON arrays of the rule ids that decided, each side. */
  active_rules: string;
  shadow_rules: string;
  /** The shadow policy's whole result (JSON). */
  shadow_result: string;
}

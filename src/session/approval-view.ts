/**
 * What an approver sees: an approval with the call it would let run (tool, masked input, a one
 * line summary, reasons, categories, risk, agent, session) and how old it is and how long it
 * has left. The input is the decision log's, which is masked before it is stored.
 */

export interface DecisionRowLike {
  tool: string;
  kind: string;
  input: string;
  reasons: string;
  categories: string;
  risk: number;
  agent_id: string | null;
  session_id: string;
  created_at: number;
}

const SUMMARY_CHARS = 240;

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** The one line a person reads first: the command, the path, the URL or the recipient. */
export function callSummary(kind: string, input: Record<string, unknown>): string {
  const pick = (...keys: string[]) => keys.map((k) => input[k]).find((v) => typeof v === 'string' && v !== '') as string | undefined;
  const text =
    (kind === 'bash' ? pick('command', 'cmd') : undefined) ??
    pick('file_path', 'path', 'url', 'to', 'command') ??
    JSON.stringify(input);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > SUMMARY_CHARS ? `${oneLine.slice(0, SUMMARY_CHARS - 1)}…` : oneLine;
}

export function approvalView<A extends { status: string; created_at: number; expires_at: number }>(approval: A, decision: DecisionRowLike | undefined, now = Date.now()) {
  const input = decision ? parse<Record<string, unknown>>(decision.input, {}) : {};
  return {
    ...approval,
    age_ms: Math.max(0, now - approval.created_at),
    time_left_ms: approval.status === 'pending' ? Math.max(0, approval.expires_at - now) : 0,
    call: decision
      ? {
          tool: decision.tool,
          kind: decision.kind,
          summary: callSummary(decision.kind, input),
          input,
          reasons: parse<unknown[]>(decision.reasons, []),
          categories: parse<string[]>(decision.categories, []),
          risk: decision.risk,
          agent_id: decision.agent_id,
          session_id: decision.session_id,
          decided_at: decision.created_at,
        }
      : null,
  };
}

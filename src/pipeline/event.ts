/**
 * Session events (continue, end, stop, reset, compactions, checkpoints) reach the policy
 * here, beside check(): pipeline/ is the one folder that orders stages and calls the engine.
 */
import { evaluateOrDeny, type LoadedRevision, type PolicyDecision } from '../policy/index.js';
import type { SessionView } from '../session/index.js';
import type { LostItem } from '../session/events.js';

/** A continuation asked for (POST /v1/sessions/:id/continue): input.event of policies/session/continuation.rego. */
export interface ContinueEvent {
  type: 'continue';
  output_tokens: number;
  reason: string;
  /** The agent says its task is done. */
  done: boolean;
  /** Loop facts gathered since the previous continuation. */
  loop_since_last: boolean;
}

/** A compaction reported (POST /v1/sessions/:id/compactions): input.event of policies/session/compaction.rego. */
export interface CompactionEvent {
  type: 'compaction';
  ok: boolean;
  tokens_before: number | null;
  tokens_after: number | null;
  window: number | null;
  /** Pinned items the summary lost. */
  lost: LostItem[];
  summary_given: boolean;
}

/** input.event: set only when a session event, not a tool call, is evaluated. */
export type SessionEvent = ContinueEvent | CompactionEvent;

/**
 * Evaluates a session event with the decision entrypoint. A policy that cannot be
 * evaluated answers deny (stop / compaction not counted): never a silent "go on".
 */
export function evaluateEvent(revision: LoadedRevision, event: SessionEvent, session: SessionView, context: Record<string, unknown> = {}): PolicyDecision {
  const input = {
    call: { tool: `toolgate:${event.type}`, kind: 'session_event', input: {}, session_id: session.id, agent_id: session.agent_id },
    facts: { kind: 'session_event', indeterminate: [], paths: [], urls: [], secrets: [] },
    session,
    context,
    event,
  };
  return evaluateOrDeny(revision, input);
}

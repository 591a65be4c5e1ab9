/**
 * Session events (continue, end, stop, reset, compactions, checkpoints) reach the policy
 * here, beside check(): pipeline/ is the one folder that orders stages and calls the engine.
 */
import { evaluateOrDeny, type LoadedRevision, type PolicyDecision } from '../policy/index.js';
import type { SessionView } from '../session/index.js';

/**
 * Evaluates a session event with the decision entrypoint. A policy that cannot be
 * evaluated answers deny (stop / compaction not counted): never a silent "go on".
 */
export function evaluateEvent(revision: LoadedRevision, event: Record<string, unknown>, session: SessionView, context: Record<string, unknown> = {}): PolicyDecision {
  const input = {
    call: { tool: `toolgate:${event.type}`, kind: 'session_event', input: {}, session_id: session.id, agent_id: session.agent_id },
    facts: { kind: 'session_event', indeterminate: [], paths: [], urls: [], secrets: [] },
    session,
    context,
    event,
  };
  return evaluateOrDeny(revision, input);
}

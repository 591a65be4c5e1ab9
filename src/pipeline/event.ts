/**
 * Session events (start, continue, end, stop, reset, pins, compactions, checkpoints,
 * reports, memory writes) enter here, beside check(): pipeline/ is the one folder that orders
 * stages and calls the engine. Each event is one transition of session/transitions.ts; the
 * events that need the policy's verdict (continue, compaction) get it from evaluateEvent,
 * and the limits every transition checks come from the active revision's configuration.
 */
import type { CheckpointRequest, CompactionRequest, ContinueRequest, EndRequest, PinsRequest, ResetRequest, StartRequest } from '../api/sessions.js';
import type { ReportRequest } from '../api/report.js';
import { evaluateOrDeny, type LoadedRevision, type PolicyDecision, type PolicyEngine } from '../policy/index.js';
import { mechanicsFrom, type GovernanceMechanics, type SessionView } from '../session/index.js';
import {
  continueSession,
  endSession,
  pinGoal,
  recordCheckpoint,
  recordCompaction,
  recordReport,
  resetSession,
  startSession,
  stopSession,
  type EvaluateEvent,
} from '../session/transitions.js';
import { deleteMemory, writeMemory, type MemoryKey } from '../session/memory.js';
import type { Store } from '../store/index.js';
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

/** The pipeline's entry for session events: one method per event, one transition each. */
export class SessionEvents {
  constructor(
    private readonly engine: PolicyEngine,
    private readonly store: Store,
  ) {}

  /** The active revision's evaluator and governance limits, read once per event. */
  private policy(): { evaluate: EvaluateEvent; limits: GovernanceMechanics } {
    const revision = this.engine.current;
    return { evaluate: (event, view) => evaluateEvent(revision, event as unknown as SessionEvent, view), limits: mechanicsFrom(revision.policy.data) };
  }

  start(id: string, body: StartRequest, agentId: string | null) {
    return startSession(this.store, id, body, agentId);
  }

  continue(id: string, body: ContinueRequest) {
    const { evaluate, limits } = this.policy();
    return continueSession(this.store, id, body, evaluate, limits);
  }

  end(id: string, body: EndRequest) {
    return endSession(this.store, id, body);
  }

  stop(id: string, reason: string) {
    return stopSession(this.store, id, reason);
  }

  reset(id: string, body: ResetRequest) {
    return resetSession(this.store, id, body);
  }

  pins(id: string, body: PinsRequest) {
    return pinGoal(this.store, id, body);
  }

  compaction(id: string, body: CompactionRequest) {
    const { evaluate, limits } = this.policy();
    return recordCompaction(this.store, id, body, limits.compaction, evaluate);
  }

  checkpoint(id: string, body: CheckpointRequest) {
    return recordCheckpoint(this.store, id, body, this.policy().limits.checkpoints);
  }

  report(report: ReportRequest) {
    return recordReport(this.store, report, this.policy().limits);
  }

  writeMemory(key: MemoryKey, value: unknown, writtenBy: string, ifVersion?: number) {
    return writeMemory(this.store, key, value, writtenBy, this.policy().limits.memory.max_value_bytes, ifVersion);
  }

  deleteMemory(key: MemoryKey, writtenBy: string) {
    return deleteMemory(this.store, key, writtenBy);
  }
}

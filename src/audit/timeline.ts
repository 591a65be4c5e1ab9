/**
 * A session's timeline: its decisions in chain order, merged by time with what the
 * session's other tables recorded (tool outcomes, checkpoints, compactions) when this
 * database has them.
 */
import type { Store } from '../store/index.js';
import { presentSummary, type DecisionSummary } from './present.js';
import { rfc3339 } from './time.js';

export const TIMELINE_DECISION_LIMIT = 5000;

export type TimelineEntry =
  | ({ type: 'decision' } & DecisionSummary)
  | { type: string; time: string; data: Record<string, unknown> };

export interface Timeline {
  session_id: string;
  session: { agent_id: string | null; status: string; created_at: string; last_seen_at: string; calls: number } | null;
  entries: TimelineEntry[];
  /** True when the session has more decisions than a timeline shows. */
  truncated: boolean;
}

/** outcomes → outcome, checkpoints → checkpoint, … */
function entryType(table: string): string {
  return table === 'tool_results' ? 'outcome' : table.replace(/s$/, '');
}

export async function sessionTimeline(store: Store, sessionId: string): Promise<Timeline> {
  const audit = store.audit;
  const [row, decisions, events] = await Promise.all([
    store.getSession(sessionId),
    audit.sessionDecisions(sessionId, TIMELINE_DECISION_LIMIT + 1),
    audit.sessionEvents(sessionId),
  ]);
  const truncated = decisions.length > TIMELINE_DECISION_LIMIT;
  const timed: { at: number; order: number; entry: TimelineEntry }[] = [];
  decisions.slice(0, TIMELINE_DECISION_LIMIT).forEach((d, i) => {
    timed.push({ at: Number(d.created_at), order: i, entry: { type: 'decision', ...presentSummary(d) } });
  });
  events.forEach((e, i) => {
    timed.push({ at: e.created_at, order: TIMELINE_DECISION_LIMIT + i, entry: { type: entryType(e.table), time: rfc3339(e.created_at), data: e.row } });
  });
  // Stable: equal times keep decisions in chain order, before the events they led to.
  timed.sort((a, b) => a.at - b.at || a.order - b.order);
  return {
    session_id: sessionId,
    session: row
      ? {
          agent_id: row.agent_id,
          status: row.status,
          created_at: rfc3339(Number(row.created_at)),
          last_seen_at: rfc3339(Number(row.last_seen_at)),
          calls: Number(row.calls),
        }
      : null,
    entries: timed.map((t) => t.entry),
    truncated,
  };
}

/**
 * Session state as the policy sees it (input.session) and how a decision moves it on.
 * The gateway keeps it in the database (store/sessions), so it survives restarts.
 */
import type { SessionRow } from '../store/index.js';

/** What the policy reads as input.session. Governance state is merged in from `state`. */
export interface SessionView {
  id: string;
  agent_id: string | null;
  parent_session_id: string | null;
  status: string;
  /** True on the session's first call. */
  new: boolean;
  calls: number;
  started_at: number;
  last_seen_at: number;
  age_ms: number;
  [key: string]: unknown;
}

export interface CallIdentity {
  session_id: string;
  agent_id?: string;
  parent_session_id?: string;
}

function parseState(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

export function sessionView(row: SessionRow | undefined, call: CallIdentity, now: number): SessionView {
  const state = parseState(row?.state);
  return {
    ...state,
    id: call.session_id,
    agent_id: row?.agent_id ?? call.agent_id ?? null,
    parent_session_id: row?.parent_session_id ?? call.parent_session_id ?? null,
    status: row?.status ?? 'active',
    new: row === undefined,
    calls: Number(row?.calls ?? 0),
    started_at: Number(row?.created_at ?? now),
    last_seen_at: Number(row?.last_seen_at ?? now),
    age_ms: row ? now - Number(row.created_at) : 0,
  };
}

/** The session row after one more decided call. */
export function afterDecision(row: SessionRow | undefined, call: CallIdentity, now: number): SessionRow {
  return {
    id: call.session_id,
    agent_id: row?.agent_id ?? call.agent_id ?? null,
    parent_session_id: row?.parent_session_id ?? call.parent_session_id ?? null,
    status: row?.status ?? 'active',
    created_at: Number(row?.created_at ?? now),
    last_seen_at: now,
    calls: Number(row?.calls ?? 0) + 1,
    state: row?.state ?? '{}',
  };
}

/**
 * What an operator does to a whole agent: stop it (every session, new ones included, is
 * denied until the stop is lifted) and read its usage. The stop is applied on each call by
 * enrichSession (withAgentStop), so no session row has to be found and changed here.
 */
import type { Store } from '../store/index.js';
import { findAgentStop, liftAgentStop, stopAgent, type AgentStop } from '../store/agent-stops.js';
import { findAgentUsage } from '../store/governance.js';

export type { AgentStop } from '../store/agent-stops.js';

export function stopWholeAgent(store: Store, agentId: string, reason: string, by: string): Promise<AgentStop> {
  return stopAgent(store.db, { agent_id: agentId, reason, stopped_at: Date.now(), stopped_by: by });
}

export function liftWholeAgentStop(store: Store, agentId: string): Promise<boolean> {
  return liftAgentStop(store.db, agentId);
}

export function agentStop(store: Store, agentId: string): Promise<AgentStop | null> {
  return findAgentStop(store.db, agentId);
}

export function agentUsage(store: Store, agentId: string, day: string) {
  return findAgentUsage(store.db, agentId, day);
}

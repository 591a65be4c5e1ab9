/**
 * Approvals of `ask` decisions for clients without a prompt of their own: an agent asks, a
 * person (the operator) answers, the agent waits. Only an ask can be approved: a deny stays
 * a deny whoever is asked. Agents see only their own agent's approvals; a miss reads as a
 * missing approval. The database is the only shared state, so any instance can serve any step.
 */
import { ToolgateError } from '../api/errors.js';
import type { Store } from '../store/index.js';
import { approvalsOfDecisions, getApproval, listApprovals, requestApproval, resolveApproval, type Approval, type ApprovalStatus } from '../store/approvals.js';

import { approvalView } from './approval-view.js';
import { confirmAsked } from './transitions.js';

export type { Approval, ApprovalStatus } from '../store/approvals.js';

/** Approvals as a person reads them: each with the call it would let run (approval-view.ts). */
export async function withCalls(store: Store, approvals: Approval[]) {
  const now = Date.now();
  return Promise.all(approvals.map(async (a) => approvalView(a, await store.getDecision(a.decision_id), now)));
}

/** One long poll holds a request at most this long; clients poll again. */
export const MAX_WAIT_MS = 30_000;
const POLL_EVERY_MS = 200;

function visible(approval: Approval | undefined, agent: string | null): Approval {
  if (!approval || (agent !== null && approval.agent_id !== agent)) throw new ToolgateError('unknown_approval', 'no such approval');
  return approval;
}

/** An agent asks a person about one of its ask decisions; asking again returns the same approval. */
export async function askForApproval(store: Store, decisionId: string, agent: string | null, timeoutMs: number) {
  const decision = await store.getDecision(decisionId);
  if (!decision || (agent !== null && decision.agent_id !== agent)) throw new ToolgateError('unknown_decision', `no decision ${JSON.stringify(decisionId)}`);
  if (decision.decision !== 'ask') {
    throw new ToolgateError('not_askable', `decision ${decision.id} is "${decision.decision}", not "ask": only an ask can be approved`);
  }
  const { approval, created } = await requestApproval(store.db, {
    decision_id: decision.id,
    decision_hash: decision.hash,
    decision_seq: Number(decision.seq),
    session_id: decision.session_id,
    agent_id: decision.agent_id,
    tool: decision.tool,
    timeout_ms: timeoutMs,
  }, { dialect: store.dialect, key: store.chainKey });
  return { approval, created, decision };
}

export function approvalsOf(store: Store, filter: { status?: ApprovalStatus; agent: string | null; limit: number }) {
  return listApprovals(store.db, { status: filter.status, agentId: filter.agent, limit: filter.limit });
}

/**
 * The approval, waiting up to waitMs (at most MAX_WAIT_MS) for an answer. Polls the
 * database rather than an in-memory event, so that an answer given on any instance is seen.
 */
export async function awaitApproval(store: Store, id: string, agent: string | null, waitMs: number): Promise<Approval> {
  const deadline = Date.now() + Math.min(waitMs, MAX_WAIT_MS);
  let approval = visible(await getApproval(store.db, id), agent);
  while (approval.status === 'pending' && Date.now() < Math.min(deadline, approval.expires_at)) {
    await new Promise((r) => setTimeout(r, Math.min(POLL_EVERY_MS, Math.max(1, deadline - Date.now()))));
    approval = visible(await getApproval(store.db, id), agent);
  }
  return approval;
}

/** The operator's answer; `by` is the authenticated principal. Answered once. */
export async function answerApproval(store: Store, id: string, answer: { approve: boolean; by: string; note: string | null }): Promise<Approval> {
  const outcome = await resolveApproval(store.db, id, { status: answer.approve ? 'approved' : 'denied', by: answer.by, note: answer.note }, { dialect: store.dialect, key: store.chainKey });
  if (outcome.kind === 'not_found') throw new ToolgateError('unknown_approval', 'no such approval');
  if (outcome.kind === 'already') {
    throw new ToolgateError('approval_closed', `approval ${id} is already ${outcome.approval.status}; it cannot be answered again`);
  }
  // An approved ask will run: it counts as run from now (a rejected one never does).
  if (outcome.approval.status === 'approved') {
    await confirmAsked(store, outcome.approval.session_id, outcome.approval.decision_id).catch((e) => {
      if (!(e instanceof ToolgateError && e.code === 'unknown_session')) throw e;
    });
  }
  return outcome.approval;
}

/** One approval as a person reads it (operator's view: every agent), or null. */
export async function approvalById(store: Store, id: string) {
  const approval = await getApproval(store.db, id);
  if (!approval) return null;
  const [view] = await withCalls(store, [approval]);
  return view!;
}

export type ApprovalView = Awaited<ReturnType<typeof withCalls>>[number];

/** decision id → its approval, for the decisions that have one (a page of the list: one query). */
export async function approvalsByDecision(store: Store, decisionIds: string[]): Promise<Map<string, Approval>> {
  const approvals = await approvalsOfDecisions(store.db, [...new Set(decisionIds)]);
  return new Map(approvals.map((a) => [a.decision_id, a]));
}

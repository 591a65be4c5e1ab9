/**
 * One transition per session event: start, continue, end, stop, reset, pins, compaction,
 * checkpoint, report. Each reads the session row, moves its state on, and writes it back
 * conditionally (updateSession), with the event's own rows in the same transaction.
 * Routes reach these through pipeline/event.ts, which gives the policy's verdict where an
 * event needs one (continue, compaction): session/ states facts, the policy decides.
 * Errors are domain errors (src/api/errors.ts), answered by the app's error handler.
 */
import { ToolgateError } from '../api/errors.js';
import type { CheckpointRequest, CompactionRequest, ContinueRequest, EndRequest, PinsRequest, ResetRequest, StartRequest } from '../api/sessions.js';
import type { ReportRequest } from '../api/report.js';
import type { Store } from '../store/index.js';
import { saveSessionIfUnchanged } from '../store/sessions.js';
import { bumpAgentUsage, bumpRollups, findChildren, findToolResult, insertCheckpoint, insertCompaction, insertToolResult } from '../store/governance.js';
import type { GovernanceMechanics } from './config.js';
import { applyReport, eventView, lostPinnedItems, newId, recordContinuation, UnknownSessionError, updateSession } from './events.js';
import { readAncestors, sessionView, utcDay, type SessionView } from './index.js';
import { carriedOver, emptyState, serializeState, type GovernanceState } from './state.js';
import { confirmRun } from './progress/pending.js';

/** The policy's verdict on an event (pipeline/event.ts evaluates it). */
export interface EventVerdict {
  decision: 'allow' | 'ask' | 'deny';
  reasons: Array<{ rule: string; message: string }>;
  obligations: string[];
}
export type EvaluateEvent = (event: Record<string, unknown>, view: SessionView) => EventVerdict;

function stopped(state: GovernanceState, reason: string): GovernanceState {
  const next = structuredClone(state);
  next.stop_reason = reason;
  next.stopped_at = Date.now();
  return next;
}

/** Stops the direct and deeper descendants of a session (they also see their ancestor's status on every call). */
async function stopDescendants(store: Store, id: string, reason: string): Promise<string[]> {
  const out: string[] = [];
  const queue = [id];
  const seen = new Set(queue);
  while (queue.length > 0 && out.length < 1000) {
    for (const child of await findChildren(store.db, queue.shift()!)) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      queue.push(child.id);
      if (child.status !== 'active') continue;
      await updateSession(store, child.id, (row, state) => (row.status !== 'active' ? { result: null } : { status: 'stopped', state: stopped(state, reason), result: null }));
      out.push(child.id);
    }
  }
  return out;
}

/** start: a session started explicitly; with resume_from it carries the old one's budgets, pins and memory pointer over. */
export async function startSession(store: Store, id: string, body: StartRequest, agentId: string | null) {
  const now = Date.now();
  const state = emptyState();
  if (body.resume_from) {
    const old = await store.getSession(body.resume_from);
    if (!old) throw new UnknownSessionError(body.resume_from, 'resume_from: no session');
    Object.assign(state, carriedOver(old));
  }
  if (body.goal) state.pinned.goal = body.goal;
  const row = {
    id,
    agent_id: agentId,
    parent_session_id: body.parent_session_id ?? null,
    status: 'active',
    created_at: now,
    last_seen_at: now,
    calls: 0,
    state: serializeState(state),
  };
  const created = await store.committer.submit((trx) => saveSessionIfUnchanged(trx, store.dialect, row, undefined));
  if (!created) throw new ToolgateError('session_exists', `session ${JSON.stringify(id)} already exists; resume into a new session id`);
  return { session: sessionView(row, { session_id: id }, now, { state }) };
}

/** continue: should the agent go on? The policy answers (budgets, loops, termination conditions). */
export function continueSession(store: Store, id: string, body: ContinueRequest, evaluate: EvaluateEvent, mechanics?: GovernanceMechanics) {
  return updateSession(store, id, async (row, state) => {
    const now = Date.now();
    const { state: next, loopSinceLast } = recordContinuation(state, body.output_tokens, now, body.text, mechanics);
    const view = await eventView(store, row, next, now);
    const verdict = evaluate(
      { type: 'continue', output_tokens: body.output_tokens, reason: body.reason ?? '', done: body.done ?? false, loop_since_last: loopSinceLast },
      view,
    );
    const stop = verdict.decision === 'deny';
    const reason = stop ? verdict.reasons.map((r) => r.message).join('; ') : 'keep going: no budget, loop or termination condition says stop';
    return {
      state: next,
      result: { decision: stop ? 'stop' : 'continue', reason, reasons: verdict.reasons, obligations: verdict.obligations, continuations: next.continuation_count },
    };
  });
}

/** end: the agent says it is done; its descendants are stopped. */
export async function endSession(store: Store, id: string, body: EndRequest) {
  const ended = await updateSession(store, id, (_row, state) => {
    const next = structuredClone(state);
    next.ended = { status: body.status, summary: body.summary ?? null, at: Date.now() };
    return { status: 'ended', state: next, result: next.ended };
  });
  const children = await stopDescendants(store, id, `the parent session ${id} ended`);
  return { session_id: id, status: 'ended', ended, children_stopped: children };
}

/** stop (the operator's): every later call of the session and its descendants is denied. */
export async function stopSession(store: Store, id: string, reason: string) {
  await updateSession(store, id, (row, state) => (row.status === 'ended' ? { result: null } : { status: 'stopped', state: stopped(state, reason), result: null }));
  const children = await stopDescendants(store, id, `the parent session ${id} was stopped: ${reason}`);
  return { session_id: id, status: 'stopped', children_stopped: children };
}

/** reset (the operator's): close the compaction breaker, lift a stop, forget the loop history. */
export async function resetSession(store: Store, id: string, body: ResetRequest) {
  const result = await updateSession(store, id, (row, state) => {
    const next = structuredClone(state);
    if (body.compaction_breaker) next.compaction.consecutive_failures = 0;
    if (body.loop) {
      next.history = [];
      next.loop = { fired: 0, last_level: null, last_at: null, last_rule: null };
    }
    let status = row.status;
    if (body.stop && row.status === 'stopped') {
      status = 'active';
      next.stop_reason = null;
      next.stopped_at = null;
      next.history = [];
    }
    return { status, state: next, result: { status, compaction: next.compaction } };
  });
  return { session_id: id, ...result };
}

/** pins: the goal a compaction summary must keep. */
export async function pinGoal(store: Store, id: string, body: PinsRequest) {
  const pinned = await updateSession(store, id, (_row, state) => {
    const next = structuredClone(state);
    next.pinned.goal = body.goal;
    return { state: next, result: next.pinned };
  });
  return { session_id: id, pinned };
}

/** compaction: verified against the pinned items; the policy says whether it counts (and opens the breaker). */
export function recordCompaction(store: Store, id: string, body: CompactionRequest, limits: GovernanceMechanics['compaction'], evaluate: EvaluateEvent) {
  const summary = body.summary ?? '';
  if (summary.length > limits.max_summary_chars) {
    throw new ToolgateError('summary_too_large', `summary: ${summary.length} characters is over the limit of ${limits.max_summary_chars}`);
  }
  return updateSession(store, id, async (row, state) => {
    const now = Date.now();
    // Without a summary there is nothing to verify pinned items against (the policy decides whether that fails).
    const summaryGiven = summary.trim() !== '';
    const lost = summaryGiven ? lostPinnedItems(state, summary) : [];
    const window = body.context_window ?? state.context.window ?? null;
    const view = await eventView(store, row, state, now);
    const verdict = evaluate(
      { type: 'compaction', ok: body.ok, tokens_before: body.tokens_before ?? null, tokens_after: body.tokens_after ?? null, window, lost, summary_given: summaryGiven },
      view,
    );
    const countedOk = verdict.decision !== 'deny';
    const next = structuredClone(state);
    next.compaction.total += 1;
    next.compaction.last_at = now;
    next.compaction.last_ok = countedOk;
    if (countedOk) {
      next.compaction.consecutive_failures = 0;
      next.compaction.required = false;
      if (body.tokens_after !== undefined) next.context = { tokens: body.tokens_after, window: window ?? next.context.window, at: now };
    } else {
      next.compaction.consecutive_failures += 1;
      next.compaction.failed_total += 1;
    }
    const compactionId = newId();
    const result = {
      compaction_id: compactionId,
      counted_ok: countedOk,
      lost,
      pinned_verified: summaryGiven,
      breaker_open: verdict.obligations.includes('handoff'),
      consecutive_failures: next.compaction.consecutive_failures,
      obligations: verdict.obligations,
      reasons: verdict.reasons,
    };
    return {
      state: next,
      result,
      also: (trx) =>
        insertCompaction(trx, {
          id: compactionId,
          session_id: id,
          created_at: now,
          reported_ok: body.ok ? 1 : 0,
          counted_ok: countedOk ? 1 : 0,
          tokens_before: body.tokens_before ?? null,
          tokens_after: body.tokens_after ?? null,
          summary,
          lost: JSON.stringify(lost),
          answer: JSON.stringify(result),
        }),
    };
  });
}

/** checkpoint: the agent's own state to restore from, with the gateway's view of the session at that point. */
export function recordCheckpoint(store: Store, id: string, body: CheckpointRequest, limits: GovernanceMechanics['checkpoints']) {
  if (body.state === undefined) throw new ToolgateError('invalid_request', "state: required (the agent's JSON to restore from)");
  const stateText = JSON.stringify(body.state);
  const bytes = Buffer.byteLength(stateText);
  if (bytes > limits.max_state_bytes) {
    throw new ToolgateError('checkpoint_too_large', `state: ${bytes} bytes is over the limit of ${limits.max_state_bytes}; keep checkpoints small (pointers, not content)`);
  }
  if (body.label.length > limits.max_label_chars) throw new ToolgateError('invalid_request', `label: at most ${limits.max_label_chars} characters`);
  return updateSession(store, id, (row, state) => {
    const now = Date.now();
    const checkpointId = newId();
    const u = state.usage;
    const gatewayView = {
      usage: { ...u, tokens: u.tokens_in + u.tokens_out, wall_ms: Math.max(0, now - Number(row.created_at)) + u.carried_wall_ms },
      decisions_since_previous: state.decisions_since_checkpoint,
      calls: Number(row.calls),
      status: row.status,
      loop: state.loop,
      compaction: state.compaction,
      pinned: state.pinned,
    };
    const next = structuredClone(state);
    next.pinned.last_checkpoint_id = checkpointId;
    next.last_checkpoint_at = now;
    next.decisions_since_checkpoint = 0;
    return {
      state: next,
      result: { checkpoint_id: checkpointId, created_at: now, gateway: gatewayView },
      also: (trx) =>
        insertCheckpoint(trx, { id: checkpointId, session_id: id, created_at: now, label: body.label, step: body.step ?? null, state: stateText, gateway: JSON.stringify(gatewayView) }),
    };
  });
}

/**
 * report: how a decided call went. Budgets (rolled up into ancestors and the agent's day)
 * and the outcome the loop detectors compare. A report must name a decision that let the
 * call run, once.
 */
export async function recordReport(store: Store, report: ReportRequest, mechanics: GovernanceMechanics) {
  const decision = await store.getDecision(report.decision_id);
  if (!decision) throw new ToolgateError('unknown_decision', `no decision ${JSON.stringify(report.decision_id)}; report with the decision_id that /v1/check answered`);
  if (decision.decision === 'deny') {
    // A denied call did not run: a report saying it did would put a false outcome in the trail.
    throw new ToolgateError('decision_denied', `decision ${report.decision_id} was a deny: the call did not run, so there is nothing to report`);
  }
  const already = () => new ToolgateError('already_reported', `decision ${report.decision_id} already has a report; each call is reported once`);
  if (await findToolResult(store.db, report.decision_id)) throw already();
  const now = Date.now();
  const usage = await updateSession(store, decision.session_id, async (row, state) => {
    // An asked call counts as run when its outcome is reported (applyReport); its roll-up was reserved at the ask.
    const delta = { calls: 0, tokens: (report.tokens_in ?? 0) + (report.tokens_out ?? 0), cost_usd: report.cost_usd ?? 0 };
    const ancestors = (await readAncestors(store, row.parent_session_id)).map((a) => a.row.id);
    // The call's input (as logged, secrets masked) tells the progress model what the output merely echoes.
    const next = applyReport(state, report, mechanics, decision.input);
    return {
      state: next,
      result: next.usage,
      also: async (trx) => {
        const inserted = await insertToolResult(trx, decision, { dialect: store.dialect, key: store.chainKey }, {
          decision_id: report.decision_id,
          session_id: decision.session_id,
          created_at: now,
          exit_code: report.exit_code ?? null,
          ok: report.ok === undefined ? null : report.ok ? 1 : 0,
          output_tokens: report.output_tokens ?? null,
          tokens_in: report.tokens_in ?? null,
          tokens_out: report.tokens_out ?? null,
          cost_usd: report.cost_usd ?? null,
          duration_ms: report.duration_ms ?? null,
          output_sha256: report.output_sha256?.toLowerCase() ?? null,
        });
        // A concurrent duplicate report: roll the whole write back.
        if (!inserted) throw already();
        await bumpRollups(trx, ancestors, delta);
        if (row.agent_id) await bumpAgentUsage(trx, row.agent_id, utcDay(now), delta);
      },
    };
  });
  return { ok: true, decision_id: report.decision_id, session_id: decision.session_id, usage };
}

/**
 * An asked call was approved: it will run, so it counts as run now (budget, progress memory;
 * its roll-up was reserved at the ask). Nothing happens when it was already confirmed by its report, or fell out of the
 * history (then its report, if any, finds nothing pending either).
 */
export async function confirmAsked(store: Store, sessionId: string, decisionId: string): Promise<boolean> {
  return updateSession(store, sessionId, (_row, state) => {
    if (!state.history.some((e) => e.id === decisionId && e.pend !== undefined)) return { result: false };
    const next = structuredClone(state);
    confirmRun(next, next.history.find((e) => e.id === decisionId)!);
    return { state: next, result: true };
  });
}

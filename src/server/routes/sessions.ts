/**
 * Session governance over HTTP: start (optionally resuming an old session), inspect,
 * continue?, end, stop, operator reset, pinned goal, compactions, checkpoints, resume.
 */
import type { Hono, Context } from 'hono';
import { z } from 'zod';
import { Identifier } from '../../api/check.js';
import { evaluateEvent } from '../../pipeline/event.js';
import {
  carriedOver,
  emptyState,
  eventView,
  lostPinnedItems,
  mechanicsFrom,
  newId,
  parseState,
  recordContinuation,
  serializeState,
  sessionView,
  UnknownSessionError,
  updateSession,
} from '../../session/routes-api.js';
import {
  decisionsWithOutcomes,
  findChildren,
  insertCheckpoint,
  insertCompaction,
  lastCheckpoint,
  listCheckpoints,
  listCompactions,
  memoryOf,
  findAgentUsage,
} from '../../store/governance.js';
import { saveSessionIfUnchanged } from '../../store/sessions.js';
import { ApiProblem } from '../errors.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../env.js';
import { agentScope, principalOf } from '../middleware/authorize.js';

const Count = z.number().int('must be a whole number').nonnegative('must not be negative').max(1e12, 'is implausibly large');

const StartRequest = z
  .object({ agent_id: Identifier.optional(), parent_session_id: Identifier.optional(), resume_from: Identifier.optional(), goal: z.string().max(4000).optional() })
  .strict();
const ContinueRequest = z
  .object({ output_tokens: Count, reason: z.string().max(2000).optional(), done: z.boolean().optional() })
  .strict();
const EndRequest = z
  .object({ status: z.enum(['completed', 'failed', 'cancelled', 'abandoned', 'ended']).default('completed'), summary: z.string().max(20_000).optional() })
  .strict();
const StopRequest = z.object({ reason: z.string().max(2000).optional() }).strict();
const ResetRequest = z
  .object({ compaction_breaker: z.boolean().optional(), stop: z.boolean().optional(), loop: z.boolean().optional() })
  .strict()
  .refine((r) => r.compaction_breaker || r.stop || r.loop, 'name at least one of compaction_breaker, stop, loop');
const PinsRequest = z.object({ goal: z.string().min(1).max(4000).nullable() }).strict();
const CompactionRequest = z
  .object({
    ok: z.boolean(),
    tokens_before: Count.optional(),
    tokens_after: Count.optional(),
    summary: z.string().optional(),
    context_window: z.number().int().positive().optional(),
  })
  .strict();
const CheckpointRequest = z
  .object({ label: z.string().min(1, 'must not be empty'), step: z.number().int().nonnegative().optional(), state: z.unknown() })
  .strict();

function sessionId(c: Context): string {
  const id = c.req.param('id') ?? '';
  const parsed = Identifier.safeParse(id);
  if (!parsed.success) throw new ApiProblem(400, 'invalid_session_id', `session id: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return id;
}

async function known<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UnknownSessionError) throw new ApiProblem(404, 'unknown_session', error.message);
    throw error;
  }
}

async function requireSession(c: Context<AppEnv>, id: string) {
  const row = await c.var.gateway.store.getSession(id);
  if (!row) throw new ApiProblem(404, 'unknown_session', `no session ${JSON.stringify(id)}: it has made no call yet (or the id is wrong)`);
  return row;
}

/** Stops the direct and deeper descendants of a session (they also see their ancestor's status on every call). */
async function stopDescendants(c: Context<AppEnv>, id: string, reason: string): Promise<string[]> {
  const { store } = c.var.gateway;
  const stopped: string[] = [];
  const queue = [id];
  const seen = new Set(queue);
  while (queue.length > 0 && stopped.length < 1000) {
    for (const child of await findChildren(store.db, queue.shift()!)) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      queue.push(child.id);
      if (child.status !== 'active') continue;
      await updateSession(store, child.id, (row, state) => {
        if (row.status !== 'active') return { result: null };
        const next = structuredClone(state);
        next.stop_reason = reason;
        next.stopped_at = Date.now();
        return { status: 'stopped', state: next, result: null };
      });
      stopped.push(child.id);
    }
  }
  return stopped;
}

export function sessionRoutes(app: Hono<AppEnv>): void {
  // Start a session explicitly; with resume_from it carries the old session's budgets, pins and memory pointer over.
  app.post('/v1/sessions/:id/start', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, StartRequest);
    const { store } = c.var.gateway;
    const now = Date.now();
    const state = emptyState();
    if (body.resume_from) {
      const old = await store.getSession(body.resume_from);
      if (!old) throw new ApiProblem(404, 'unknown_session', `resume_from: no session ${JSON.stringify(body.resume_from)}`);
      Object.assign(state, carriedOver(old));
    }
    if (body.goal) state.pinned.goal = body.goal;
    const row = {
      id,
      // An agent token's sessions are its agent's (a differing body agent_id was refused already).
      agent_id: body.agent_id ?? agentScope(principalOf(c)) ?? null,
      parent_session_id: body.parent_session_id ?? null,
      status: 'active',
      created_at: now,
      last_seen_at: now,
      calls: 0,
      state: serializeState(state),
    };
    const created = await store.committer.submit((trx) => saveSessionIfUnchanged(trx, store.dialect, row, undefined));
    if (!created) throw new ApiProblem(409, 'session_exists', `session ${JSON.stringify(id)} already exists; resume into a new session id`);
    return c.json({ session: sessionView(row, { session_id: id }, now, { state }) }, 201);
  });

  // Cost attribution per agent and UTC day (across all its sessions); admin route.
  app.get('/v1/agents/:agent/usage', async (c) => {
    const agent = c.req.param('agent') ?? '';
    if (!Identifier.safeParse(agent).success) throw new ApiProblem(400, 'invalid_agent_id', 'agent id: 1–200 printable characters');
    const day = c.req.query('day') ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ApiProblem(400, 'invalid_day', 'day must be YYYY-MM-DD (UTC)');
    return c.json({ agent_id: agent, day, usage: await findAgentUsage(c.var.gateway.store.db, agent, day) });
  });

  app.get('/v1/sessions/:id', async (c) => {
    const id = sessionId(c);
    const row = await requireSession(c, id);
    const state = parseState(row.state);
    const view = await eventView(c.var.gateway.store, row, state, Date.now());
    return c.json({ session: view, pinned: state.pinned });
  });

  app.post('/v1/sessions/:id/continue', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, ContinueRequest);
    const { store, engine } = c.var.gateway;
    const answer = await known(() =>
      updateSession(store, id, async (row, state) => {
        const now = Date.now();
        const { state: next, loopSinceLast } = recordContinuation(state, body.output_tokens, now);
        const view = await eventView(store, row, next, now);
        const decision = evaluateEvent(
          engine.current,
          { type: 'continue', output_tokens: body.output_tokens, reason: body.reason ?? '', done: body.done ?? false, loop_since_last: loopSinceLast },
          view,
        );
        const stop = decision.decision === 'deny';
        const reason = stop ? decision.reasons.map((r) => r.message).join('; ') : 'keep going: no budget, loop or termination condition says stop';
        return {
          state: next,
          result: { decision: stop ? 'stop' : 'continue', reason, reasons: decision.reasons, obligations: decision.obligations, continuations: next.continuation_count },
        };
      }),
    );
    return c.json(answer);
  });

  app.post('/v1/sessions/:id/end', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, EndRequest);
    const { store } = c.var.gateway;
    const ended = await known(() =>
      updateSession(store, id, (_row, state) => {
        const next = structuredClone(state);
        next.ended = { status: body.status, summary: body.summary ?? null, at: Date.now() };
        return { status: 'ended', state: next, result: next.ended };
      }),
    );
    const children = await stopDescendants(c, id, `the parent session ${id} ended`);
    return c.json({ session_id: id, status: 'ended', ended, children_stopped: children });
  });

  app.post('/v1/sessions/:id/stop', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, StopRequest);
    const { store } = c.var.gateway;
    const reason = body.reason ?? 'stopped by an operator';
    await known(() =>
      updateSession(store, id, (row, state) => {
        if (row.status === 'ended') return { result: null };
        const next = structuredClone(state);
        next.stop_reason = reason;
        next.stopped_at = Date.now();
        return { status: 'stopped', state: next, result: null };
      }),
    );
    const children = await stopDescendants(c, id, `the parent session ${id} was stopped: ${reason}`);
    return c.json({ session_id: id, status: 'stopped', children_stopped: children });
  });

  // Operator reset: close the compaction breaker, lift a stop, forget the loop history.
  app.post('/v1/sessions/:id/reset', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, ResetRequest);
    const { store } = c.var.gateway;
    const result = await known(() =>
      updateSession(store, id, (row, state) => {
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
      }),
    );
    return c.json({ session_id: id, ...result });
  });

  app.put('/v1/sessions/:id/pins', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, PinsRequest);
    const pinned = await known(() =>
      updateSession(c.var.gateway.store, id, (_row, state) => {
        const next = structuredClone(state);
        next.pinned.goal = body.goal;
        return { state: next, result: next.pinned };
      }),
    );
    return c.json({ session_id: id, pinned });
  });

  app.post('/v1/sessions/:id/compactions', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, CompactionRequest);
    const { store, engine } = c.var.gateway;
    const limits = mechanicsFrom(engine.current.policy.data).compaction;
    const summary = body.summary ?? '';
    if (summary.length > limits.max_summary_chars) {
      throw new ApiProblem(413, 'summary_too_large', `summary: ${summary.length} characters is over the limit of ${limits.max_summary_chars}`);
    }
    const answer = await known(() =>
      updateSession(store, id, async (row, state) => {
        const now = Date.now();
        // Without a summary there is nothing to verify pinned items against (the policy decides whether that fails).
        const summaryGiven = summary.trim() !== '';
        const lost = summaryGiven ? lostPinnedItems(state, summary) : [];
        const window = body.context_window ?? state.context.window ?? null;
        const view = await eventView(store, row, state, now);
        const decision = evaluateEvent(
          engine.current,
          { type: 'compaction', ok: body.ok, tokens_before: body.tokens_before ?? null, tokens_after: body.tokens_after ?? null, window, lost, summary_given: summaryGiven },
          view,
        );
        const countedOk = decision.decision !== 'deny';
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
          breaker_open: decision.obligations.includes('handoff'),
          consecutive_failures: next.compaction.consecutive_failures,
          obligations: decision.obligations,
          reasons: decision.reasons,
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
      }),
    );
    return c.json(answer);
  });

  app.get('/v1/sessions/:id/compactions', async (c) => {
    const id = sessionId(c);
    await requireSession(c, id);
    const rows = await listCompactions(c.var.gateway.store.db, id);
    return c.json({ compactions: rows.map((r) => ({ ...r, reported_ok: !!r.reported_ok, counted_ok: !!r.counted_ok, lost: JSON.parse(r.lost) })) });
  });

  app.post('/v1/sessions/:id/checkpoints', async (c) => {
    const id = sessionId(c);
    const body = await readJson(c, CheckpointRequest);
    const { store, engine } = c.var.gateway;
    const limits = mechanicsFrom(engine.current.policy.data).checkpoints;
    if (body.state === undefined) throw new ApiProblem(400, 'invalid_request', 'state: required (the agent\'s JSON to restore from)');
    const stateText = JSON.stringify(body.state);
    const bytes = Buffer.byteLength(stateText);
    if (bytes > limits.max_state_bytes) {
      throw new ApiProblem(413, 'checkpoint_too_large', `state: ${bytes} bytes is over the limit of ${limits.max_state_bytes}; keep checkpoints small (pointers, not content)`);
    }
    if (body.label.length > limits.max_label_chars) throw new ApiProblem(400, 'invalid_request', `label: at most ${limits.max_label_chars} characters`);
    const answer = await known(() =>
      updateSession(store, id, (row, state) => {
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
            insertCheckpoint(trx, {
              id: checkpointId,
              session_id: id,
              created_at: now,
              label: body.label,
              step: body.step ?? null,
              state: stateText,
              gateway: JSON.stringify(gatewayView),
            }),
        };
      }),
    );
    return c.json(answer, 201);
  });

  app.get('/v1/sessions/:id/checkpoints', async (c) => {
    const id = sessionId(c);
    await requireSession(c, id);
    return c.json({ checkpoints: await listCheckpoints(c.var.gateway.store.db, id) });
  });

  // What an agent needs after a crash or a restart.
  app.get('/v1/sessions/:id/resume', async (c) => {
    const id = sessionId(c);
    const { store, engine } = c.var.gateway;
    const row = await requireSession(c, id);
    const state = parseState(row.state);
    const now = Date.now();
    const view = await eventView(store, row, state, now);
    const checkpoint = await lastCheckpoint(store.db, id);
    const since = checkpoint ? Number(checkpoint.created_at) : Number(row.created_at);
    const decisions = await decisionsWithOutcomes(store.db, id, since, 500);
    const limits = (engine.current.policy.data as any)?.config?.governance?.budgets?.session ?? {};
    const u = view.usage;
    const remaining: Record<string, number | null> = {};
    for (const [measure, used] of Object.entries({ calls: u.calls, tokens: u.tokens, cost_usd: u.cost_usd, wall_time_ms: u.wall_ms })) {
      remaining[measure] = typeof limits[measure] === 'number' ? Math.max(0, limits[measure] - (used ?? 0)) : null;
    }
    const memory = {
      session: await memoryOf(store.db, 'session', id),
      agent: row.agent_id ? await memoryOf(store.db, 'agent', row.agent_id) : [],
      project: await memoryOf(store.db, 'project', 'default'),
    };
    const present = (rows: Awaited<ReturnType<typeof memoryOf>>) =>
      Object.fromEntries(rows.map((m) => [m.key, { value: m.value === null ? null : JSON.parse(m.value), version: Number(m.version), written_by: m.written_by, written_at: Number(m.written_at) }]));
    return c.json({
      session: { id, status: row.status, agent_id: row.agent_id, parent_session_id: row.parent_session_id, stop_reason: state.stop_reason, ended: state.ended, resumed_from: state.resumed_from },
      checkpoint: checkpoint
        ? { id: checkpoint.id, label: checkpoint.label, step: checkpoint.step, created_at: Number(checkpoint.created_at), state: JSON.parse(checkpoint.state), gateway: JSON.parse(checkpoint.gateway) }
        : null,
      decisions_since_checkpoint: decisions.map((d) => ({
        id: d.id,
        created_at: Number(d.created_at),
        tool: d.tool,
        kind: d.kind,
        decision: d.decision,
        input: JSON.parse(d.input),
        outcome: d.exit_code === null && d.ok === null && d.output_sha256 === null ? null : { exit_code: d.exit_code, ok: d.ok === null ? null : !!d.ok, output_sha256: d.output_sha256 },
      })),
      budget: { usage: view.usage, tree: view.tree, limits, remaining },
      loop: view.loop_state,
      compaction: state.compaction,
      pinned: state.pinned,
      memory: { session: present(memory.session), agent: present(memory.agent), project: present(memory.project) },
    });
  });
}

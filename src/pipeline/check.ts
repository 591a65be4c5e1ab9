/**
 * check(): the one place that orders the stages of a decision:
 * normalize → enrich → evaluate → commit → answer.
 *
 * Failure modes are decided here, all closed: a normalizer crash becomes
 * indeterminate facts (the policy asks), a policy failure becomes a deny, and a
 * database failure becomes an error (the caller answers 503) — never an allow.
 */
import { randomUUID } from 'node:crypto';
import type { CheckRequest, CheckResponse, Reason } from '../api/check.js';
import { normalizeCall, normalizeContext, type Normalized, type NormalizeContext } from '../normalize/index.js';
import { evaluateOrDeny, type PolicyDecision, type PolicyEngine, type LoadedRevision } from '../policy/index.js';
import { afterDecision, enrichSession, type SessionView } from '../session/index.js';
import { SessionConflictError, type Store } from '../store/index.js';
import { maskDeep } from '../audit/mask.js';
import { withAttribution } from '../audit/attribution.js';
import { KeyedLock } from './keyed-lock.js';
import { FactsCache } from './facts-cache.js';
import { FindingsCache, keepCallOnly, type KeptFindings } from './findings-cache.js';
import type { DecisionObserver } from '../policy/shadow.js';

export interface PipelineOptions {
  /** Sees every committed decision with its policy input (the shadow policy). */
  observer?: DecisionObserver;
  engine: PolicyEngine;
  store: Store;
  /** Used when a call carries no context.cwd / context.home. */
  defaults: { cwd: string; home: string };
}

/** The store could not commit: the caller must not answer with a decision. */
export class CommitError extends Error {
  constructor(cause: unknown) {
    super(`the decision could not be recorded: ${(cause as Error)?.message ?? cause}`);
    this.name = 'CommitError';
  }
}

/** Per-stage timings in microseconds, for metrics and the benchmark. */
export interface StageTimings {
  normalize: number;
  enrich: number;
  evaluate: number;
  commit: number;
  total: number;
}

export interface CheckResult {
  response: CheckResponse;
  timings: StageTimings;
}

/** How often a decision is retried when another instance changed the session first. */
const MAX_CONFLICT_RETRIES = 50;

/** Strings longer than this are cut in the copy of the input the policy sees; facts carry what matters. */
const POLICY_INPUT_STRING_LIMIT = 4096;

function microsSince(start: bigint): number {
  return Number((process.hrtime.bigint() - start) / 1000n);
}

export class Pipeline {
  private readonly locks = new KeyedLock();
  /** Facts of repeated calls (null with TOOLGATE_PERF_CACHES=0); the facts are shared, never mutated. */
  readonly factsCache: FactsCache | null = process.env.TOOLGATE_PERF_CACHES === '0' ? null : new FactsCache();
  /** Findings of the call-only rule areas of repeated calls (null with TOOLGATE_PERF_CACHES=0). */
  readonly findingsCache: FindingsCache | null = process.env.TOOLGATE_PERF_CACHES === '0' ? null : new FindingsCache();

  constructor(private readonly options: PipelineOptions) {}

  /** Facts of the call; key is the call's cache key (null when caches are off or the call is too big to key). */
  normalize(request: CheckRequest): { ctx: NormalizeContext; normalized: Normalized; key: string | null } {
    const ctx = normalizeContext(request.context, this.options.defaults);
    const key = this.factsCache ? FactsCache.key(request.tool, request.input, ctx) : null;
    const cached = key !== null ? this.factsCache!.get(key) : undefined;
    if (cached) return { ctx, normalized: cached, key };
    const normalized = normalizeSafely(request, ctx);
    if (key !== null) this.factsCache!.set(key, normalized);
    return { ctx, normalized, key };
  }

  /**
   * The fail-closed evaluation, reusing the findings of the call-only areas when the same call
   * was evaluated before under the same policy revision (see findings-cache.ts). Returns the
   * cache entry of the call too (undefined when it is not kept), which also holds its logged form.
   */
  evaluate(revision: LoadedRevision, input: PolicyInput, callKey: string | null, normalized: Normalized): { decision: PolicyDecision; kept?: KeptFindings } {
    const cache = this.findingsCache;
    const callOnly = revision.callOnlyAreas;
    if (!cache || callKey === null || callOnly.length === 0 || !factsComplete(normalized)) return { decision: evaluateClosed(revision, input) };
    const key = FindingsCache.key(callKey, input.context, revision.callOnlyContextFields);
    const found = cache.get(revision.revision, key);
    if (found) return { decision: evaluateClosed(revision, { ...input, cached: { areas: found.areas, findings: found.findings } }), kept: found };
    try {
      const { decision, areas } = revision.evaluateWithAreas(input);
      const kept = keepCallOnly(callOnly, areas);
      cache.set(revision.revision, key, kept);
      return { decision, kept };
    } catch {
      return { decision: evaluateClosed(revision, input) };
    }
  }

  /**
   * The call's input and facts as the log stores them: masked (by data's masking settings, so
   * per revision) and serialised. A pure function of the call, kept with its findings.
   */
  private logged(request: CheckRequest, normalized: Normalized, revision: LoadedRevision, kept: KeptFindings | undefined): { input: string; facts: string } {
    if (kept?.logged) return kept.logged;
    const logged = {
      input: JSON.stringify(maskDeep(request.input, revision.policy.data)),
      facts: JSON.stringify(maskDeep(normalized.facts, revision.policy.data)),
    };
    if (kept) kept.logged = logged;
    return logged;
  }

  async check(request: CheckRequest): Promise<CheckResult> {
    const started = process.hrtime.bigint();
    const { ctx, normalized, key: callKey } = this.normalize(request);
    const normalizeUs = microsSince(started);

    return this.locks.run(request.session_id, async () => {
      // Several gateway instances may share the database: the commit is conditional on the
      // session row being unchanged, and a conflict means deciding again (bounded).
      for (let attempt = 0; ; attempt++) {
        const enrichStart = process.hrtime.bigint();
        const now = Date.now();
        const revision = this.options.engine.current;
        const enriched = await enrichSession(this.options.store, request, { ...request, ...normalized }, revision.policy.data, now);
        const { row, view: session } = enriched;
        const enrichUs = microsSince(enrichStart);

        const evaluateStart = process.hrtime.bigint();
        const policyInput = buildPolicyInput(request, ctx, normalized, session);
        const { decision, kept } = this.evaluate(revision, policyInput, callKey, normalized);
        const evaluateUs = microsSince(evaluateStart);

        const commitStart = process.hrtime.bigint();
        const id = randomUUID();
        const reasons = attribute(decision.reasons, revision);
        const latency = microsSince(started);
        const next = afterDecision(enriched, request, { id, decision: decision.decision, categories: decision.categories, obligations: decision.obligations, reasons });
        const logged = this.logged(request, normalized, revision, kept);
        try {
          await this.options.store.commitDecision(
            {
              id,
              created_at: now,
              session_id: request.session_id,
              agent_id: request.agent_id ?? null,
              tool: request.tool,
              kind: normalized.kind,
              input: logged.input,
              context: JSON.stringify(policyInput.context),
              facts: logged.facts,
              session: JSON.stringify(session),
              decision: decision.decision,
              categories: JSON.stringify(decision.categories),
              risk: decision.risk,
              reasons: JSON.stringify(reasons),
              obligations: JSON.stringify(decision.obligations),
              result: JSON.stringify(withAttribution(decision, revision.policy.rules)),
              policy_revision: revision.revision,
              latency_us: latency,
            },
            next.row,
            { previous: row, also: next.also },
          );
        } catch (error) {
          // Another instance decided for this session first: decide again on its state.
          if (error instanceof SessionConflictError && attempt < MAX_CONFLICT_RETRIES) continue;
          throw new CommitError(error);
        }
        const commitUs = microsSince(commitStart);

        const response: CheckResponse = {
          decision_id: id,
          decision: decision.decision,
          categories: decision.categories,
          risk: decision.risk,
          reasons,
          obligations: decision.obligations,
          policy_revision: revision.revision,
        };
        if (decision.warnings?.length) response.warnings = attribute(decision.warnings, revision);
        // Shadow evaluation (serve --shadow-policy-dir): after the commit, never on the answer's path.
        this.options.observer?.observe({ id, created_at: now, session_id: request.session_id, tool: request.tool, input: policyInput, decision, revision: revision.revision });
        return {
          response,
          timings: { normalize: normalizeUs, enrich: enrichUs, evaluate: evaluateUs, commit: commitUs, total: microsSince(started) },
        };
      }
    });
  }
}

/** Normalizers must never throw; if one does, the call is indeterminate, never allowed. */
function normalizeSafely(request: CheckRequest, ctx: NormalizeContext): Normalized {
  try {
    return normalizeCall(request.tool, request.input, ctx);
  } catch (error) {
    return {
      kind: 'other',
      facts: {
        kind: 'other',
        name: request.tool,
        mcp_server: null,
        mcp_tool: null,
        paths: [],
        urls: [],
        secrets: [],
        indeterminate: ['normalizer_error'],
        error: (error as Error).message,
      } as never,
    };
  }
}

/** The fail-closed evaluation every decision takes (see evaluateOrDeny in policy/). */
export const evaluateClosed = evaluateOrDeny;

/** Adds the policy file that declares each rule, for attribution. */
function attribute(reasons: PolicyDecision['reasons'], revision: LoadedRevision): Reason[] {
  return reasons.map((reason) => {
    const file = revision.policy.rules[reason.rule];
    return file ? { ...reason, file } : reason;
  });
}

/** Facts stated completely: nothing indeterminate (only those are kept by the caches). */
function factsComplete(normalized: Normalized): boolean {
  const indeterminate = (normalized.facts as { indeterminate?: unknown }).indeterminate;
  return Array.isArray(indeterminate) && indeterminate.length === 0;
}

export type PolicyInput = ReturnType<typeof buildPolicyInput>;

/** input for the Rego entrypoint: {call, facts, session, context}. */
export function buildPolicyInput(request: CheckRequest, ctx: NormalizeContext, normalized: Normalized, session: SessionView) {
  return {
    call: {
      tool: request.tool,
      kind: normalized.kind,
      input: truncateStrings(request.input),
      session_id: request.session_id,
      agent_id: request.agent_id ?? null,
    },
    facts: normalized.facts,
    session,
    context: { ...request.context, cwd: ctx.cwd, home: ctx.home, workspace_roots: ctx.workspace_roots },
  };
}

/**
 * Normalize and evaluate without touching the store: what `toolgate test`, `explain`
 * and replay use, so they take exactly the gateway's path to a decision.
 */
export function decide(
  revision: LoadedRevision,
  request: CheckRequest,
  session: SessionView,
  defaults: { cwd: string; home: string },
): { normalized: Normalized; input: ReturnType<typeof buildPolicyInput>; decision: PolicyDecision } {
  const ctx = normalizeContext(request.context, defaults);
  const normalized = normalizeSafely(request, ctx);
  const input = buildPolicyInput(request, ctx, normalized, session);
  return { normalized, input, decision: evaluateClosed(revision, input) };
}

function truncateStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > POLICY_INPUT_STRING_LIMIT ? value.slice(0, POLICY_INPUT_STRING_LIMIT) : value;
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 1000).map((item) => truncateStrings(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = truncateStrings(item, depth + 1);
  return out;
}

/**
 * check(): the one place that orders the stages of a decision:
 * normalize → enrich → evaluate → commit → answer.
 *
 * Failure modes are decided here, all closed: a normalizer crash becomes
 * indeterminate facts (the policy asks), a policy failure becomes a deny, and a
 * database failure becomes an error (the caller answers 503) — never an allow.
 */
import { randomUUID } from 'node:crypto';
import type { CheckRequest, CheckResponse } from '../api/check.js';
import { normalizeContext, warmNormalizers, type Normalized, type NormalizeContext } from '../normalize/index.js';
import { evaluateOrDeny, type PolicyDecision, type PolicyEngine, type PolicyFinding, type LoadedRevision } from '../policy/index.js';
import { perfCachesEnabled } from '../perf-caches.js';
import { buildPolicyInput, factsComplete, indeterminateFacts, normalizeSafely, policyContext, type PolicyCall, type PolicyInput } from './policy-input.js';
import { AnalysisFailedError, AnalysisPool, type AnalysisResult } from './analysis-pool.js';
import { afterDecision, enrichSession, ledgerView, type SessionView } from '../session/index.js';
import { ledgerEntries, riskOf, type OffThreadJudge } from './ledger-judge.js';
import { factsFromBuffer } from './slim-facts.js';
import { callOnlyByParts, evaluateByParts } from './call-only-parts.js';
import { SessionConflictError, type Store } from '../store/index.js';
import { loggedCallOf, maskCallForLog } from '../store/decision-log/index.js';
import { attributeReasons, withAttribution } from '../policy/attribution.js';
import { KeyedLock } from './keyed-lock.js';
import { SessionEvents } from './event.js';
import { FactsCache } from './facts-cache.js';
import { FindingsCache, keepCallOnly, type KeptFindings } from './findings-cache.js';
import type { DecisionObserver } from '../policy/shadow.js';

type LoggedCall = NonNullable<KeptFindings['logged']>;

export { buildPolicyInput, type PolicyInput } from './policy-input.js';

export interface PipelineOptions {
  /** Sees every committed decision with its policy input (the shadow policy). */
  observer?: DecisionObserver;
  engine: PolicyEngine;
  store: Store;
  /** Used when a call carries no context.cwd / context.home. */
  defaults: { cwd: string; home: string };
  /**
   * The gateway's own files (database, data folder, admin secret, policy dirs), given to the
   * policy as input.context.gateway so that self-defence rules know what to protect. Always
   * set by the gateway, replacing whatever a client sent under that name.
   */
  gateway?: object;
  /**
   * Analysis workers: how many (0: none, the main thread decides every call), their time limit
   * per call, and which calls they take: "large" (the default) only calls too large to decide on
   * the main thread without delaying everyone else; "all" every call (the main thread then only
   * evaluates the session rules).
   */
  analysis?: { workers: number; timeoutMs?: number; onProblem?: (message: string) => void; route?: 'large' | 'all' };
}

/** One analysis worker by default: large calls are decided off the main thread, under a time limit. */
export const DEFAULT_ANALYSIS_WORKERS = 1;

/**
 * A call whose input holds more characters than this is large: it is parsed and decided in a
 * worker. Agents' calls are a few hundred characters; parsing and evaluating this many takes a
 * few ms, the most one call may hold the main thread.
 */
export const LARGE_CALL_CHARS = 4096;

/** Facts with more items than this (commands, flows, URLs, paths) are evaluated in a worker. */
export const LARGE_FACTS_ITEMS = 96;

/** A worker's time limit per call: far above a normal call (≤ a few ms), well below agents' hook timeouts. */
export const DEFAULT_ANALYSIS_TIMEOUT_MS = 2000;

/** What analyse() knows of a call before its session is read. */
export interface Analysed {
  ctx: NormalizeContext;
  normalized: Normalized;
  /** The facts-cache key (null: caches off, or the call is not keyed). */
  callKey: string | null;
  /** Findings of the call-only areas, computed under keptRevision. */
  kept?: KeptFindings;
  keptRevision?: string;
  /** A large call: its whole decision is evaluated in a worker too. */
  offThread?: boolean;
  /** The call masked for the log by the worker that analysed it. */
  logged?: AnalysisResult['logged'];
  /** The analysis failed (out of time): the call's input is not given to the policy again (it is what took the time). */
  failed?: true;
  /** A large call's whole facts, kept as the worker serialised them (normalized is then slim). */
  factsBuffer?: ArrayBuffer;
}

/** The fields of a request the policy input is built from. */
function policyCall(request: CheckRequest): PolicyCall {
  return { tool: request.tool, input: request.input, session_id: request.session_id, agent_id: request.agent_id, context: request.context };
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

function microsSince(start: bigint): number {
  return Number((process.hrtime.bigint() - start) / 1000n);
}

export class Pipeline {
  private readonly locks = new KeyedLock();
  /** Facts of repeated calls (null with TOOLGATE_PERF_CACHES=0); the facts are shared, never mutated. */
  readonly factsCache: FactsCache | null = perfCachesEnabled() ? new FactsCache() : null;
  /** Findings of the call-only rule areas of repeated calls (null with TOOLGATE_PERF_CACHES=0). */
  readonly findingsCache: FindingsCache | null = perfCachesEnabled() ? new FindingsCache() : null;

  /** Analysis workers (null: parse and evaluate the call-only rules on the main thread). */
  readonly pool: AnalysisPool | null;

  /** Session events (continue, end, stop, reset, compactions, checkpoints, reports, memory): the other entry. */
  readonly events: SessionEvents;

  constructor(private readonly options: PipelineOptions) {
    this.events = new SessionEvents(options.engine, options.store);
    const workers = options.analysis?.workers ?? 0;
    this.pool = workers > 0 ? new AnalysisPool(workers, options.analysis?.timeoutMs ?? DEFAULT_ANALYSIS_TIMEOUT_MS, options.analysis?.onProblem) : null;
    // Grammars and the secret catalogue load off the request path, once per process.
    if (workers === 0) setTimeout(warmNormalizers, 0).unref();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  /**
   * The call-only part of a decision: the facts, and the findings of the call-only rule areas
   * when they are known before the session is read (from the findings cache, or from an
   * analysis worker). Without workers, evaluate() computes the findings on the main thread.
   */
  async analyse(request: CheckRequest): Promise<Analysed> {
    const ctx = normalizeContext(request.context, this.options.defaults);
    const callKey = this.factsCache ? FactsCache.key(request.tool, request.input, ctx) : null;
    const known = callKey !== null ? this.factsCache!.get(callKey) : undefined;
    const pool = this.pool && !this.pool.broken ? this.pool : null;
    const routeAll = this.options.analysis?.route === 'all';
    // A small call is parsed here; if its facts turn out large, it is evaluated in a worker all the same.
    let normalized = known;
    if (!normalized && (!pool || (!routeAll && inputChars(request.input) <= LARGE_CALL_CHARS))) {
      normalized = normalizeSafely(request, ctx);
      if (callKey !== null) this.factsCache!.set(callKey, normalized);
    }
    const large = pool !== null && !routeAll && (normalized === undefined || factItems(normalized) > LARGE_FACTS_ITEMS);
    if (!pool || (!routeAll && !large)) return { ctx, normalized: normalized!, callKey };
    const revision = this.options.engine.current;
    const findingsKey = this.findingsKey(revision, callKey, policyContext(request, ctx));
    const found = normalized && findingsKey !== null ? this.findingsCache!.get(revision.revision, findingsKey) : undefined;
    if (normalized && found) return { ctx, normalized, callKey, kept: found, keptRevision: revision.revision, offThread: large };
    // Without its facts a call cannot use kept findings: count it as the miss it is (metrics).
    if (!normalized && findingsKey !== null) this.findingsCache!.misses += 1;
    let result: AnalysisResult;
    try {
      // A large call's facts stay in the worker's buffer: the main thread keeps the slim part.
      result = await pool.analyse({ call: policyCall(request), ctx, policy: revision.policy, normalized, slim: large && normalized === undefined });
    } catch (error) {
      if (error instanceof AnalysisFailedError && !pool.broken) {
        // Out of time or crashed: the call is indeterminate (the policy asks at least), and the
        // denies found in parts of it before it stopped still decide: a timeout never weakens.
        // No area counts as evaluated: every one runs on the indeterminate facts (core asks).
        const partial: KeptFindings = { areas: [], findings: error.findings };
        const failed = indeterminateFacts(request.tool, error.reason, error.message);
        // The worker masked the input before it stopped: the main thread never scans a large input.
        const logged = error.masked ? { input: error.masked.input, facts: JSON.stringify(failed.facts), carried: error.masked.carried } : undefined;
        return { ctx, normalized: failed, callKey: null, kept: partial, keptRevision: revision.revision, failed: true, ...(logged ? { logged } : {}) };
      }
      // The pool is closed or broken: analyse here.
      normalized ??= normalizeSafely(request, ctx);
      return { ctx, normalized, callKey };
    }
    if (!normalized) {
      normalized = result.normalized;
      if (callKey !== null && !normalized.slim) this.factsCache!.set(callKey, normalized);
    }
    const buffer = result.facts ? { factsBuffer: result.facts } : {};
    if (!result.areas) return { ctx, normalized, callKey, offThread: large, ...buffer };
    const kept = this.keep(revision, factsComplete(normalized) ? findingsKey : null, result.areas);
    return { ctx, normalized, callKey, kept, keptRevision: revision.revision, offThread: large, logged: result.logged, ...buffer };
  }

  /**
   * Judges a large written file off the main thread: the pool's call-only findings on the call
   * that runs it. Out of time: the denies seen so far still decide, else the risk is unknown
   * (running the file asks). Undefined without a working pool (judged here, bounded by the
   * normalizer's own time budget).
   */
  private ledgerJudge(revision: LoadedRevision, ctx: NormalizeContext): OffThreadJudge | undefined {
    const pool = this.pool && !this.pool.broken ? this.pool : null;
    if (!pool) return undefined;
    return async (call) => {
      try {
        const result = await pool.analyse({ call, ctx, policy: revision.policy });
        return result.areas ? riskOf(Object.values(result.areas).flat()) : null;
      } catch (error) {
        const denies = error instanceof AnalysisFailedError ? error.findings : [];
        return denies.length > 0 ? riskOf(denies) : null;
      }
    };
  }

  /** The findings-cache key of a call (null when caching does not apply). */
  private findingsKey(revision: LoadedRevision, callKey: string | null, context: Record<string, unknown>): string | null {
    if (!this.findingsCache || callKey === null || revision.callOnlyAreas.length === 0) return null;
    return FindingsCache.key(callKey, context, revision.callOnlyContextFields);
  }

  /**
   * The fail-closed evaluation. The session rules are always evaluated here; the call-only
   * areas' findings come from the analysis when it has them for this revision, else from the
   * findings cache, else they are computed here and kept. Returns the cache entry of the call
   * too (undefined when none), which also holds its logged form.
   */
  async evaluate(revision: LoadedRevision, given: PolicyInput, analysed: Analysed): Promise<{ decision: PolicyDecision; kept?: KeptFindings }> {
    const pool = this.pool && !this.pool.broken ? this.pool : null;
    // Slim facts are never what a decision is made on: off the worker, the whole facts come back here.
    const input = analysed.normalized.slim && !(analysed.offThread && pool) ? wholeFacts(given, analysed) : analysed.failed ? { ...given, call: { ...given.call, input: {} } } : given;
    const withKept = (kept: KeptFindings) => evaluateOrDeny(revision, { ...input, cached: { areas: kept.areas, findings: kept.findings } });
    const kept = analysed.kept && analysed.keptRevision === revision.revision ? analysed.kept : undefined;
    if (analysed.offThread && pool) {
      const whole = kept ? { ...input, cached: { areas: kept.areas, findings: kept.findings } } : input;
      try {
        return { decision: await pool.evaluate({ policy: revision.policy, input: whole, ...(analysed.factsBuffer ? { facts: analysed.factsBuffer } : {}) }), kept };
      } catch (error) {
        // Out of time: the facts are not looked at again here (that is what took the time); the
        // call is indeterminate, and the call-only findings already known still decide.
        const reason = error instanceof AnalysisFailedError ? error.reason : 'analysis_crash';
        const facts = indeterminateFacts(input.call.tool, reason, (error as Error).message).facts;
        // Every area runs on those facts (core asks), with the findings already known added.
        const fallback = { ...input, facts, call: { ...input.call, input: {} }, cached: { areas: [], findings: kept?.findings ?? [] } };
        return { decision: evaluateOrDeny(revision, fallback), kept };
      }
    }
    if (kept) return { decision: withKept(kept), kept };
    const key = factsComplete(analysed.normalized) ? this.findingsKey(revision, analysed.callKey, input.context) : null;
    const found = key !== null ? this.findingsCache!.get(revision.revision, key) : undefined;
    if (found) return { decision: withKept(found), kept: found };
    let byArea: Record<string, PolicyFinding[]> | null;
    try {
      // A large call part by part, as a worker evaluates it (call-only-parts.ts).
      byArea = callOnlyByParts(revision, input) ?? (key === null ? null : revision.callOnlyFindings(input));
    } catch {
      return { decision: evaluateOrDeny(revision, input) };
    }
    if (byArea === null) return { decision: evaluateOrDeny(revision, input) };
    const computed = this.keep(revision, key, byArea);
    return { decision: withKept(computed), kept: computed };
  }

  /** The findings of a call's call-only areas as a cache entry, stored under key (null: not stored). */
  private keep(revision: LoadedRevision, key: string | null, byArea: Record<string, PolicyFinding[]>): KeptFindings {
    const kept = keepCallOnly(revision.callOnlyAreas, byArea);
    if (key !== null) this.findingsCache!.set(revision.revision, key, kept);
    return kept;
  }

  /**
   * The call's input and facts as the log stores them: masked (by data's masking settings, so
   * per revision) and serialised. A pure function of the call, kept with its findings.
   */
  private logged(request: CheckRequest, normalized: Normalized, revision: LoadedRevision, kept: KeptFindings | undefined, fromWorker?: Analysed['logged']): LoggedCall {
    if (kept?.logged) return kept.logged;
    // Masked alike: a secret of the input is masked in the facts too, wherever they carry it.
    const logged = fromWorker ? loggedCallOf(fromWorker) : maskCallForLog(request.input, normalized.facts, revision.policy.data);
    if (kept) kept.logged = logged;
    return logged;
  }

  async check(sent: CheckRequest): Promise<CheckResult> {
    const started = process.hrtime.bigint();
    // The client never says where the gateway's files are: input.context.gateway is ours.
    const request: CheckRequest = { ...sent, context: { ...sent.context, gateway: this.options.gateway ?? null } };
    const analysed = await this.analyse(request);
    const { ctx, normalized } = analysed;
    const normalizeUs = microsSince(started);

    return this.locks.run(request.session_id, async () => {
      // Several gateway instances may share the database: the commit is conditional on the
      // session row being unchanged, and a conflict means deciding again (bounded).
      for (let attempt = 0; ; attempt++) {
        const enrichStart = process.hrtime.bigint();
        const now = Date.now();
        const revision = this.options.engine.current;
        const enriched = await enrichSession(this.options.store, request, { ...request, ...normalized }, revision.policy.data, now);
        const { row } = enriched;
        // The files this session wrote that the call runs or writes through (session/ledger.ts).
        const session: SessionView = { ...enriched.view, ledger: ledgerView(enriched.state.files, normalized.facts, ctx, request.tool) };
        const enrichUs = microsSince(enrichStart);

        const evaluateStart = process.hrtime.bigint();
        const policyInput = buildPolicyInput(request, ctx, normalized, session);
        const { decision, kept } = await this.evaluate(revision, policyInput, analysed);
        const evaluateUs = microsSince(evaluateStart);

        const commitStart = process.hrtime.bigint();
        const id = randomUUID();
        const reasons = attributeReasons(decision.reasons, revision.policy);
        const latency = microsSince(started);
        const ledger = decision.decision === 'deny' ? [] : await ledgerEntries(revision, request, ctx, normalized, session, enriched.state.files, now, { largeChars: LARGE_CALL_CHARS, offThread: this.ledgerJudge(revision, ctx) });
        const next = afterDecision(enriched, request, { id, decision: decision.decision, categories: decision.categories, obligations: decision.obligations, reasons, ledger });
        const logged = this.logged(request, normalized, revision, kept, analysed.keptRevision === revision.revision ? analysed.logged : undefined);
        try {
          // The store masks and encodes the record (store/decision-log): the call's own masking was done once, above.
          await this.options.store.commitDecision(
            {
              id,
              created_at: now,
              session_id: request.session_id,
              agent_id: request.agent_id ?? null,
              tool: request.tool,
              kind: normalized.kind,
              input: request.input,
              context: policyInput.context,
              facts: normalized.facts,
              session,
              decision: decision.decision,
              categories: decision.categories,
              risk: decision.risk,
              reasons,
              obligations: decision.obligations,
              result: withAttribution(decision, revision.policy.rules),
              policy_revision: revision.revision,
              latency_us: latency,
            },
            { policyData: revision.policy.data, call: logged },
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
        if (decision.warnings?.length) response.warnings = attributeReasons(decision.warnings, revision.policy);
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

/** The policy input with the call's whole facts from the worker's buffer (indeterminate if there is none). */
function wholeFacts(input: PolicyInput, analysed: Analysed): PolicyInput {
  const facts = analysed.factsBuffer ? factsFromBuffer(analysed.factsBuffer) : indeterminateFacts(input.call.tool, 'analysis_crash', 'the facts of a large call were lost').facts;
  return { ...input, facts };
}

/** Characters of the strings of a call's input (what its analysis grows with), counted up to a bound. */
function inputChars(value: unknown, bound = LARGE_CALL_CHARS + 1, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object' || depth > 32) return 0;
  let total = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    total += inputChars(item, bound - total, depth + 1) + 1;
    if (total >= bound) break;
  }
  return total;
}

/** How many things the policy iterates over in these facts (commands, flows, URLs, paths). */
function factItems(normalized: Normalized): number {
  const facts = normalized.facts as { commands?: Array<{ urls?: unknown[]; paths?: unknown[] }>; flows?: unknown[]; paths?: unknown[]; urls?: unknown[] };
  let items = (facts.flows?.length ?? 0) + (facts.paths?.length ?? 0) + (facts.urls?.length ?? 0);
  for (const command of facts.commands ?? []) items += 1 + (command.urls?.length ?? 0) + (command.paths?.length ?? 0);
  return items;
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
  return { normalized, input, decision: evaluateByParts(revision, input) };
}

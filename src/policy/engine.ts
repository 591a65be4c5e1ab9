import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';

import { CALL_ONLY_ENTRYPOINT, CUSTOM_DISPATCH_ENTRYPOINT, ENTRYPOINT, FINDINGS_ENTRYPOINT, type CompiledPolicy } from './bundle.js';
import { loadPolicyWasm } from './runtime-builtins.js';

export interface PolicyReason {
  rule: string;
  message: string;
  category: string;
  action: 'allow' | 'ask' | 'deny';
  severity: string;
}

/** What the Rego entrypoint returns (see policies/toolgate/decision.rego). */
export interface PolicyDecision {
  decision: 'allow' | 'ask' | 'deny';
  categories: string[];
  risk: number;
  reasons: PolicyReason[];
  obligations: string[];
  warnings: PolicyReason[];
  dryrun: PolicyReason[];
  matched: string[];
}

/** One finding as a rule emitted it, with the mode data gave it (see decision.rego). */
export interface PolicyFinding extends PolicyReason {
  mode: 'enforce' | 'warn' | 'dryrun' | 'off' | string;
  obligations?: string[];
  [extra: string]: unknown;
}

export class PolicyEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyEvaluationError';
  }
}

/**
 * WASM memory grows to the largest input evaluated and never shrinks: one call of a few
 * hundred KB leaves 20 MB behind for the life of the process. Past this size the instance is
 * replaced after the evaluation by a fresh one of the same compiled module and data (same
 * decisions), which costs a few ms, once per such call.
 */
const MAX_RETAINED_WASM_MEMORY_BYTES = 8 * 1024 * 1024;

/**
 * What an analysis worker keeps instead: it evaluates the large calls, and an instance whose
 * memory must grow during an evaluation is several times slower than a warm one (a call with
 * 1,600 URLs: about 3 s cold, 0.3 s warm), so the worker keeps the grown memory up to this.
 */
export const WORKER_RETAINED_WASM_MEMORY_BYTES = 256 * 1024 * 1024;

/** One loaded policy revision: a WASM instance with its data set, reused for every evaluation. */
export class LoadedRevision {
  private instance: LoadedPolicy;
  private readonly module: WebAssembly.Module;
  /** Instances replaced because their memory had grown past MAX_RETAINED_WASM_MEMORY_BYTES. */
  renewals = 0;
  /** Evaluations that failed (each one's instance was replaced: see run()). */
  failures = 0;
  /** The last evaluation failed and its instance is not replaced yet. */
  private unsound = false;

  private readonly retainedMemoryBytes: number;

  constructor(
    readonly policy: CompiledPolicy,
    options: { retainedMemoryBytes?: number } = {},
  ) {
    this.retainedMemoryBytes = options.retainedMemoryBytes ?? MAX_RETAINED_WASM_MEMORY_BYTES;
    this.module = new WebAssembly.Module(policy.wasm as unknown as BufferSource);
    this.instance = this.instantiate();
    if (!(ENTRYPOINT in this.instance.entrypoints)) {
      throw new PolicyEvaluationError(`the compiled policy has no ${ENTRYPOINT} entrypoint`);
    }
  }

  get revision(): string {
    return this.policy.revision;
  }

  /** The WASM instance's linear memory now. */
  get wasmMemoryBytes(): number {
    return this.instance.mem.buffer.byteLength;
  }

  private instantiate(): LoadedPolicy {
    const instance = loadPolicyWasm(this.module);
    instance.setData(this.policy.data);
    return instance;
  }

  /** Evaluates the decision; throws PolicyEvaluationError on anything but a well-formed result. */
  evaluate(input: unknown): PolicyDecision {
    const decision = this.run(input, ENTRYPOINT);
    if (!isDecision(decision)) {
      throw new PolicyEvaluationError('the policy returned no decision (undefined result or wrong shape)');
    }
    return decision;
  }

  /** The areas whose findings may be kept for an identical call (empty: keep nothing). */
  get callOnlyAreas(): readonly string[] {
    return CALL_ONLY_ENTRYPOINT in this.instance.entrypoints ? (this.policy.callOnly?.areas ?? []) : [];
  }

  /** The context fields those areas read (null: all of the context). */
  get callOnlyContextFields(): readonly string[] | null {
    return this.policy.callOnly?.contextFields ?? null;
  }

  /**
   * The raw findings of each call-only area the call meets (toolgate/call_only_findings),
   * without the session rules. Throws like evaluate(); only called when callOnlyAreas is not empty.
   */
  callOnlyFindings(input: object): Record<string, PolicyFinding[]> {
    const areas = this.run({ ...input, call_only_areas: this.callOnlyAreas }, CALL_ONLY_ENTRYPOINT);
    if (typeof areas !== 'object' || areas === null || Array.isArray(areas) || !Object.values(areas).every(Array.isArray)) {
      throw new PolicyEvaluationError('the policy returned no call-only findings (undefined result or wrong shape)');
    }
    return areas as Record<string, PolicyFinding[]>;
  }

  /**
   * Evaluates one entrypoint. Why a failed evaluation replaces its instance: OPA's WASM code
   * keeps its C stack in linear memory (the first 64 KiB, growing down) with the stack pointer
   * in a WASM global. A call that
   * returns restores it; an evaluation that aborts (opa_abort: a conflict between complete rules,
   * "eval failed"), throws from a JavaScript built-in, or traps ("memory access out of bounds")
   * unwinds past those frames without restoring it, and neither opa_eval nor opa-wasm resets it.
   * Each failure so leaves the pointer lower: 128 bytes per rule conflict, 80 per trap in the
   * regex cache. After about 500 such failures (whoever sent them) the stack pointer runs below 0
   * and every later evaluation of every client traps: the gateway, failing closed, denies
   * everything until restarted. A failure can also leave the heap's free lists or a built-in's
   * cache inconsistent (the regex cache's use after free is what the failure was).
   * A fresh instance from the compiled module costs a few ms (the data is parsed again), once
   * per failed evaluation. src/policy/engine-failure.test.ts; docs/benchmarks.md, seventh round.
   */
  private run(input: unknown, entrypoint: string): unknown {
    if (this.unsound && !this.renew()) {
      throw new PolicyEvaluationError('the policy engine could not be rebuilt after a failed evaluation; every call is denied until it can');
    }
    let result: unknown;
    try {
      result = this.instance.evaluate(input, entrypoint);
    } catch (error) {
      // An evaluation that trapped or aborted leaves the instance unsound (above):
      // it is replaced now, so that this call alone fails and the next ones get their answers.
      this.unsound = true;
      this.failures += 1;
      const rebuilt = this.renew();
      throw new PolicyEvaluationError(
        `policy evaluation failed: ${describeWasmError(error)} (${rebuilt ? "the engine's instance was rebuilt" : "the engine's instance could not be rebuilt yet"})`,
      );
    }
    if (this.instance.mem.buffer.byteLength > this.retainedMemoryBytes && this.renew()) this.renewals += 1;
    return Array.isArray(result) ? (result[0] as { result?: unknown } | undefined)?.result : undefined;
  }

  /**
   * A fresh instance of the same compiled module and data (same decisions) in place of the
   * current one; false when it cannot be made, and the old one stays (for a grown memory only
   * memory is at stake; an unsound one is refused by run() until a rebuild succeeds).
   */
  private renew(): boolean {
    try {
      this.instance = this.instantiate();
      this.unsound = false;
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The custom packages this call evaluates and those the dispatch (config.custom_dispatch)
   * skipped; null when the bundle has no such entrypoint or lists no custom packages.
   */
  customDispatch(input: unknown): { run: string[]; skipped: string[] } | null {
    if (!(CUSTOM_DISPATCH_ENTRYPOINT in this.instance.entrypoints)) return null;
    const result = this.run(input, CUSTOM_DISPATCH_ENTRYPOINT) as { run?: unknown; skipped?: unknown } | undefined;
    return result && Array.isArray(result.run) && Array.isArray(result.skipped) ? { run: result.run as string[], skipped: result.skipped as string[] } : null;
  }

  /**
   * Every finding with its mode, including those that allow or are switched off: what
   * `explain` shows. null when the bundle was built without the findings entrypoint.
   */
  findings(input: unknown): PolicyFinding[] | null {
    if (!(FINDINGS_ENTRYPOINT in this.instance.entrypoints)) return null;
    const findings = this.run(input, FINDINGS_ENTRYPOINT);
    return Array.isArray(findings) ? (findings as PolicyFinding[]) : [];
  }
}

function isDecision(value: unknown): value is PolicyDecision {
  const d = value as PolicyDecision | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    (d.decision === 'allow' || d.decision === 'ask' || d.decision === 'deny') &&
    Array.isArray(d.reasons) &&
    Array.isArray(d.categories)
  );
}

/**
 * Holds the active revision and swaps it atomically: an evaluation uses the revision
 * that was active when it started, and a failed load never replaces a good one.
 */
export class PolicyEngine {
  private active: LoadedRevision | null = null;
  /** The compiled policy as built (before the runtime data is merged in). */
  private base: CompiledPolicy | null = null;
  /**
   * Data only the running gateway knows (where its files are, its port and pid: what the
   * self-defence rules protect), merged over every policy this engine activates.
   */
  private runtimeData: Record<string, unknown> | null;

  constructor(options: { runtimeData?: Record<string, unknown> } = {}) {
    this.runtimeData = options.runtimeData ?? null;
  }
  /** Why the last build or load failed (cleared by the next success); shown in /readyz. */
  lastError: string | null = null;
  /** When the active revision was made active (epoch ms). */
  activatedAt: number | null = null;

  get ready(): boolean {
    return this.active !== null;
  }

  get current(): LoadedRevision {
    if (!this.active) throw new PolicyEvaluationError('no policy is loaded');
    return this.active;
  }

  /** Loads a compiled policy and makes it active; on failure the previous one stays. */
  activate(policy: CompiledPolicy | LoadedRevision): LoadedRevision {
    try {
      // A revision tried before going live (reload trials) is reused unless runtime data must be merged in.
      const compiled = policy instanceof LoadedRevision ? policy.policy : policy;
      const loaded = this.runtimeData
        ? new LoadedRevision({ ...compiled, data: mergeData(compiled.data, this.runtimeData) })
        : policy instanceof LoadedRevision
          ? policy
          : new LoadedRevision(policy);
      this.base = compiled;
      this.active = loaded;
      this.lastError = null;
      this.activatedAt = Date.now();
      return loaded;
    } catch (error) {
      this.lastError = (error as Error).message;
      throw error;
    }
  }

  /**
   * Replaces the runtime data and reloads the active policy with it (e.g. once the gateway
   * knows the port it listens on). On failure the previous revision stays active.
   */
  setRuntimeData(data: Record<string, unknown>): void {
    this.runtimeData = data;
    if (this.base) this.activate(this.base);
  }
}

/** Objects merged key by key (the overlay wins); anything else is replaced by the overlay. */
export function mergeData(base: Record<string, unknown>, overlay: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const under = out[key];
    out[key] = isPlainObject(under) && isPlainObject(value) ? mergeData(under, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Evaluates and fails closed: a policy that cannot be evaluated denies, with a reason
 * that names the failure so that operators see it. Every caller that answers an agent
 * (checks, session events, replay) goes through here.
 */
export function evaluateOrDeny(revision: LoadedRevision, input: unknown): PolicyDecision {
  try {
    return revision.evaluate(input);
  } catch (error) {
    return {
      decision: 'deny',
      categories: [],
      risk: 100,
      reasons: [
        {
          rule: 'toolgate.policy_error',
          message: `denied because the policy could not be evaluated: ${(error as Error).message}`,
          category: 'policy_error',
          action: 'deny',
          severity: 'critical',
        },
      ],
      obligations: [],
      warnings: [],
      dryrun: [],
      matched: [],
    };
  }
}

/**
 * opa-wasm throws plain strings (opa_abort) and `{message}` objects (missing builtins)
 * as well as Errors; the operator should read the cause, not "undefined".
 */
export function describeWasmError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/**
 * What the policy is given for a call, and the facts of a call stated without ever throwing.
 * Shared by the pipeline on the main thread and the analysis workers, so both build exactly
 * the same input (and this module loads nothing of the store or the server).
 */
import type { CheckRequest } from '../api/check.js';
import { normalizeCall, type BashLimits, type Normalized, type NormalizeContext } from '../normalize/index.js';
import type { Facts } from '../normalize/facts.js';
import type { Effect } from '../normalize/effects.js';
import type { SessionView } from '../session/index.js';
import type { SessionEvent } from './event.js';

/** Strings longer than this are cut in the copy of the input the policy sees; facts carry what matters. */
const POLICY_INPUT_STRING_LIMIT = 4096;

/** The part of a request the policy input is built from (no budgets, no parent links). */
export type PolicyCall = Pick<CheckRequest, 'tool' | 'input' | 'session_id' | 'agent_id' | 'context'>;

/** input.context: the client's context with the cwd, home and roots the normalizer used. */
export function policyContext(request: Pick<PolicyCall, 'context'>, ctx: NormalizeContext): PolicyContext {
  return { ...request.context, cwd: ctx.cwd, home: ctx.home, workspace_roots: ctx.workspace_roots };
}

/**
 * What the policy reads as `input`: the contract between the gateway and Rego. This type is
 * the one source of the JSON schema that `opa check` types every rule against
 * (policies/schema/input.json, `npm run gen:schema`) and of docs/facts.md's input section:
 * a rule that reads a field not declared here does not compile.
 */
export interface PolicyInput {
  /** The call as the client sent it. */
  call: PolicyCallView;
  /** What the normalizer of the call's kind stated (src/normalize/facts.ts, effects.ts). */
  facts: PolicyFacts;
  /** The session's state before this call (src/session/index.ts). */
  session: SessionView;
  /** Where the call runs: the client's context with the cwd, home and roots the normalizer used. */
  context: PolicyContext;
  /**
   * Set by the gateway on a repeated call: findings of the call-only areas kept from an
   * earlier evaluation of the same call (policies/toolgate/decision.rego).
   */
  cached?: { areas: string[]; findings: Record<string, unknown>[] };
  /** Set by the gateway for the toolgate/call_only_findings entrypoint: the areas to evaluate. */
  call_only_areas?: string[];
  /** Set instead of a tool call's facts when a session event is evaluated (continue, compaction). */
  event?: SessionEvent;
}

export interface PolicyCallView {
  /** The tool name as the client sent it ("Bash", "mcp__github__create_issue"). */
  tool: string;
  /** The tool kind it maps to: bash, read, write, edit, web_fetch, message, other. */
  kind: Facts['kind'];
  /** The tool's input as sent, strings cut at 4,096 characters (facts carry what matters). */
  input: Record<string, unknown>;
  session_id: string;
  /** The agent making the call, when the client names one. */
  agent_id: string | null;
}

/** The fields every facts kind may carry besides its own. */
export interface CommonFacts {
  /** Why the call could not be analysed in full (non-empty: facts incomplete; the policy asks at least). */
  indeterminate?: string[];
  /** The normalizer's error, when it failed. */
  error?: string;
  /** What the call would do, stated by every producer alike (src/normalize/effects.ts). */
  effects?: Effect[];
}

export type PolicyFacts = Facts & CommonFacts;

export interface PolicyContext {
  cwd: string;
  home: string;
  workspace_roots: string[];
  context_tokens?: number;
  context_window?: number;
  /**
   * The gateway's own files (src/gateway.ts gatewayFiles), always set by the gateway and never
   * by a client: what the self-defence rules protect. Absent under `toolgate test` and `explain`.
   */
  gateway?: { database: string | null; data_dir: string; admin_secret: string; policy_dirs: string[]; bundle_dir: string } | null;
  /**
   * The gateway token variables (data.config.guard.secret_env) set in the environment the
   * agent's tools inherit, as the adapter sees it; [] when none is. Absent: not known, and the
   * policy assumes the token may be there (policies/guard/environment.rego).
   */
  token_env?: string[];
  /** A Claude Code subagent that made the call: data about the call, not the principal. */
  subagent?: { id: string; type: string | null };
  /** Other fields a client sends travel as they are. */
  [extra: string]: unknown;
}

/** input for the Rego entrypoint: {call, facts, session, context}. */
export function buildPolicyInput(request: PolicyCall, ctx: NormalizeContext, normalized: Normalized, session: SessionView): PolicyInput {
  return {
    call: {
      tool: request.tool,
      kind: normalized.kind,
      input: truncateStrings(request.input) as Record<string, unknown>,
      session_id: request.session_id,
      agent_id: request.agent_id ?? null,
    },
    facts: normalized.facts,
    session,
    context: policyContext(request, ctx),
  };
}


/**
 * Facts that say only that the call could not be analysed (the normalizer threw, or the
 * analysis ran out of time): the policy asks at least, never allows on them.
 */
export function indeterminateFacts(tool: string, reason: string, error: string): Normalized {
  return {
    kind: 'other',
    facts: {
      kind: 'other',
      name: tool,
      mcp_server: null,
      verb: null,
      mcp_tool: null,
      paths: [],
      urls: [],
      secrets: [],
      indeterminate: [reason],
      effects: [{ producer: 'pipeline', command: null, type: 'unknown', reason }],
      error,
    },
  };
}

/** Normalizers must never throw; if one does, the call is indeterminate, never allowed. */
export function normalizeSafely(request: Pick<PolicyCall, 'tool' | 'input'>, ctx: NormalizeContext, bashLimits?: Partial<BashLimits>): Normalized {
  try {
    return normalizeCall(request.tool, request.input, ctx, bashLimits);
  } catch (error) {
    return indeterminateFacts(request.tool, 'normalizer_error', (error as Error).message);
  }
}

/** Facts stated completely: nothing indeterminate (only those are kept by the caches). */
export function factsComplete(normalized: Normalized): boolean {
  const indeterminate = (normalized.facts as { indeterminate?: unknown }).indeterminate;
  return Array.isArray(indeterminate) && indeterminate.length === 0;
}

function truncateStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > POLICY_INPUT_STRING_LIMIT ? value.slice(0, POLICY_INPUT_STRING_LIMIT) : value;
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 1000).map((item) => truncateStrings(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = truncateStrings(item, depth + 1);
  return out;
}

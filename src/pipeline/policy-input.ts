/**
 * What the policy is given for a call, and the facts of a call stated without ever throwing.
 * Shared by the pipeline on the main thread and the analysis workers, so both build exactly
 * the same input (and this module loads nothing of the store or the server).
 */
import type { CheckRequest } from '../api/check.js';
import { normalizeCall, type BashLimits, type Normalized, type NormalizeContext } from '../normalize/index.js';
import type { SessionView } from '../session/index.js';

/** Strings longer than this are cut in the copy of the input the policy sees; facts carry what matters. */
const POLICY_INPUT_STRING_LIMIT = 4096;

/** The part of a request the policy input is built from (no budgets, no parent links). */
export type PolicyCall = Pick<CheckRequest, 'tool' | 'input' | 'session_id' | 'agent_id' | 'context'>;

/** input.context: the client's context with the cwd, home and roots the normalizer used. */
export function policyContext(request: Pick<PolicyCall, 'context'>, ctx: NormalizeContext) {
  return { ...request.context, cwd: ctx.cwd, home: ctx.home, workspace_roots: ctx.workspace_roots };
}

/** input for the Rego entrypoint: {call, facts, session, context}. */
export function buildPolicyInput(request: PolicyCall, ctx: NormalizeContext, normalized: Normalized, session: SessionView) {
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
    context: policyContext(request, ctx),
  };
}

export type PolicyInput = ReturnType<typeof buildPolicyInput>;

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
      mcp_tool: null,
      paths: [],
      urls: [],
      secrets: [],
      indeterminate: [reason],
      error,
    } as never,
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

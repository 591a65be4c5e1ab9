/**
 * Rule attribution, in one place: the policy file (and line) of each reason's rule, and
 * which rules matched a call and which of them decided. Computed when the decision is made
 * (so it is hashed into the chain with the row) from the policy result and the bundle's
 * rule index; the audit views rebuild it here for rows written before it was stored.
 */
import type { Reason } from '../api/check.js';
import type { CompiledPolicy } from './bundle.js';
import type { PolicyDecision } from './index.js';

export interface MatchedRule {
  rule: string;
  /** The policy file that declares the rule, from the bundle manifest; null when unknown. */
  file: string | null;
  /** True for the rules whose action is the decision (deny > ask > allow). */
  decided: boolean;
}

export interface Attribution {
  /**
   * The rules that decided. Empty for an allow that no rule asked for: allow is
   * what remains when nothing asks or denies.
   */
  decided_by: string[];
  matched: MatchedRule[];
}

type ResultLike = Pick<PolicyDecision, 'decision' | 'reasons'> & { matched?: string[] };

export function attributionFor(result: ResultLike, ruleFiles: Record<string, string>): Attribution {
  const decidedBy = unique(result.reasons.filter((r) => r.action === result.decision).map((r) => r.rule));
  // matched lists every finding (any mode); the decisive rules are in it, except the
  // gateway's own fail-closed reason, which no policy file declares.
  const all = unique([...(Array.isArray(result.matched) ? result.matched : []), ...decidedBy]);
  return {
    decided_by: decidedBy,
    matched: all.map((rule) => ({ rule, file: ruleFiles[rule] ?? null, decided: decidedBy.includes(rule) })),
  };
}

/** The policy result as stored: the whole result plus its attribution. */
export function withAttribution<T extends ResultLike>(result: T, ruleFiles: Record<string, string>): T & { attribution: Attribution } {
  return { ...result, attribution: attributionFor(result, ruleFiles) };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => typeof v === 'string'))];
}

/**
 * Adds the policy file that declares each reason's rule. A policy error that a rule caused
 * (a malformed finding, decision.rego) names that rule's file and line.
 */
export function attributeReasons(reasons: PolicyDecision['reasons'], policy: Pick<CompiledPolicy, 'rules' | 'ruleLines'>): Reason[] {
  return reasons.map((reason) => {
    const source = (reason as { source_rule?: unknown }).source_rule;
    if (typeof source === 'string' && policy.rules[source]) {
      const line = policy.ruleLines?.[source];
      return { ...reason, file: line ? `${policy.rules[source]}:${line}` : policy.rules[source] };
    }
    const file = policy.rules[reason.rule];
    return file ? { ...reason, file } : reason;
  });
}

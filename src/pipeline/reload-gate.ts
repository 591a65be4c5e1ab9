/**
 * The trial a new policy revision passes before it goes live (PolicyReloader's gate):
 * it is evaluated on a sample, the latest logged inputs and the operator's case files, beside
 * the active revision. It is refused when
 * - it fails on an input where the active revision did not (a policy error: an evaluation
 *   that throws, a malformed finding), named with the rule's file:line when one caused it;
 * - a trial says so: the operator's case files (src/testing/case-trial.ts) refuse a candidate
 *   that fails a case the active revision passes.
 * A policy that compiles but fails at run time thus never replaces the last good one.
 */
import { evaluateOrDeny, type LoadedRevision, type PolicyDecision } from '../policy/engine.js';
import type { Store } from '../store/index.js';
import { recentDecisions } from '../store/policy-records.js';
import { inputFromLoggedDecision } from './replay.js';

/** One more trial of a candidate beside the active revision (e.g. the operator's case files): reasons to refuse it. */
export type ReloadTrial = (candidate: LoadedRevision, active: LoadedRevision | null) => Promise<string[]> | string[];

export interface ReloadGateOptions {
  store?: Store;
  /** How many of the latest logged inputs to try (default 500). */
  recent?: number;
  trials?: ReloadTrial[];
}

const MAX_REFUSALS = 10;

export function policyErrors(decision: PolicyDecision): PolicyDecision['reasons'] {
  return decision.reasons.filter((reason) => reason.rule === 'toolgate.policy_error');
}

/** Where a policy error comes from: the file:line of the rule that caused it, when one did. */
export function policyErrorOrigin(reason: PolicyDecision['reasons'][number], revision: LoadedRevision): string {
  const source = (reason as { source_rule?: unknown }).source_rule;
  if (typeof source !== 'string') return '';
  const file = revision.policy.rules[source];
  const line = revision.policy.ruleLines?.[source];
  return file ? ` (${file}${line ? `:${line}` : ''})` : '';
}

export function reloadGate(options: ReloadGateOptions) {
  return async (candidate: LoadedRevision, active: LoadedRevision | null): Promise<string[]> => {
    const refusals: string[] = [];
    if (options.store) {
      for (const row of await recentDecisions(options.store.reader, options.recent ?? 500)) {
        if (refusals.length >= MAX_REFUSALS) break;
        const input = inputFromLoggedDecision(row);
        const errors = policyErrors(evaluateOrDeny(candidate, input));
        if (errors.length === 0) continue;
        if (active && policyErrors(evaluateOrDeny(active, input)).length > 0) continue;
        refusals.push(`logged decision ${row.id} (${row.tool}): ${errors[0]!.message}${policyErrorOrigin(errors[0]!, candidate)}`);
      }
    }
    for (const trial of options.trials ?? []) {
      if (refusals.length >= MAX_REFUSALS) break;
      refusals.push(...(await trial(candidate, active)));
    }
    return refusals;
  };
}

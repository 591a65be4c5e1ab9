/**
 * A large call's call-only findings, part by part (analysis-chunks.ts): the parts are evaluated
 * in order, and the first part that denies ends the evaluation. The call is denied whatever its
 * other parts hold; evaluating them (seconds for the largest calls) would only add reasons, at
 * the cost of every other call waiting for the CPU, and a row and an answer hundreds of KB long.
 *
 * One function for every place that decides, so that a decision is a function of the call and
 * the policy, not of where it was made: the analysis worker, the main thread without workers,
 * `toolgate test` / explain (decide), and replay.
 */
import { evaluateOrDeny, type LoadedRevision, type PolicyDecision, type PolicyFinding } from '../policy/index.js';
import type { Normalized } from '../normalize/index.js';
import { factChunks } from './analysis-chunks.js';
import { keepCallOnly } from './findings-cache.js';
import type { PolicyInput } from './policy-input.js';

/**
 * The call-only findings of the parts of the call up to the first that denies, by area (each
 * finding once); null when the call has no parts or no part denies (then the whole call is
 * evaluated as usual). `onDeny` hears the denies as soon as they are found (the worker streams
 * them to the pool, so that a timeout after this still denies).
 */
export function callOnlyByParts(revision: LoadedRevision, input: PolicyInput, onDeny?: (denies: PolicyFinding[]) => void): Record<string, PolicyFinding[]> | null {
  if (revision.callOnlyAreas.length === 0) return null;
  const parts: Array<Record<string, PolicyFinding[]>> = [];
  for (const chunk of factChunks({ kind: input.call.kind, facts: input.facts } as Normalized)) {
    const byArea = revision.callOnlyFindings({ ...input, facts: chunk.facts });
    parts.push(byArea);
    const denies = Object.values(byArea).flatMap((findings) => findings.filter((finding) => finding.action === 'deny'));
    if (denies.length > 0) {
      onDeny?.(denies);
      return mergeAreas(parts);
    }
  }
  return null;
}

/** The fail-closed decision of a policy input, its call-only areas evaluated part by part when it is large. */
export function evaluateByParts(revision: LoadedRevision, input: PolicyInput): PolicyDecision {
  let parts: Record<string, PolicyFinding[]> | null = null;
  try {
    parts = callOnlyByParts(revision, input);
  } catch {
    // The whole evaluation below fails closed on its own.
  }
  if (!parts) return evaluateOrDeny(revision, input);
  const kept = keepCallOnly(revision.callOnlyAreas, parts);
  return evaluateOrDeny(revision, { ...input, cached: { areas: kept.areas, findings: kept.findings } });
}

/** Findings of several evaluations of parts of a call, by area, each finding once. */
function mergeAreas(parts: Array<Record<string, PolicyFinding[]>>): Record<string, PolicyFinding[]> {
  const merged: Record<string, PolicyFinding[]> = {};
  const seen = new Set<string>();
  for (const byArea of parts) {
    for (const [area, findings] of Object.entries(byArea)) {
      merged[area] ??= [];
      for (const finding of findings) {
        const key = `${area}\u0000${JSON.stringify(finding)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        merged[area].push(finding);
      }
    }
  }
  return merged;
}

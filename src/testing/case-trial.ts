/**
 * The operator's case files as a reload trial: a new policy revision that fails a case the
 * active revision passes is refused before it goes live (src/pipeline/reload-gate.ts).
 * The case files are found in the policy directories, beside the rules, and read again at
 * every reload, since they change with the rules.
 */
import type { LoadedRevision } from '../policy/engine.js';
import { policyErrorOrigin, policyErrors, type ReloadTrial } from '../pipeline/reload-gate.js';
import { findCaseFiles, loadCaseFile, runCase, type DecisionCase } from './cases.js';

export function caseTrial(dirs: string[]): ReloadTrial {
  return (candidate: LoadedRevision, active: LoadedRevision | null) => {
    const refusals: string[] = [];
    let cases: DecisionCase[];
    try {
      cases = findCaseFiles(dirs).flatMap((file) => loadCaseFile(file));
    } catch (error) {
      return [`the case files cannot be read: ${(error as Error).message}`];
    }
    for (const testCase of cases) {
      const after = runCase(candidate, testCase);
      if (after.failures.length === 0) continue;
      if (active && runCase(active, testCase).failures.length > 0) continue;
      const error = policyErrors(after.decision)[0];
      refusals.push(
        `case ${testCase.file} › ${testCase.name}: ${after.failures.join('; ')}` + (error ? ` — ${error.message}${policyErrorOrigin(error, candidate)}` : ''),
      );
      if (refusals.length >= 10) break;
    }
    return refusals;
  };
}

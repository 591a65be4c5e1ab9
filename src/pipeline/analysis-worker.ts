/**
 * An analysis worker (worker_threads): the CPU-heavy, call-only part of a decision, off the
 * main thread. For a call it states the facts (tree-sitter-bash and the other normalizers)
 * and evaluates the call-only rule areas (bash, files, web…) with its own WASM instance of
 * the same policy revision. The main thread keeps the session: it evaluates the session rules
 * with these findings passed as input.cached (see analysis-pool.ts and decision.rego).
 *
 * Messages (from analysis-pool.ts):
 *   {type: 'policy', policy}             load a revision (kept: the last MAX_REVISIONS)
 *   {type: 'analyse', id, revision, call, ctx, normalized?}
 *     → {started: id}, then {id, normalized, areas?: {area: findings[]}, error?: string}
 */
import { parentPort } from 'node:worker_threads';
import { LoadedRevision, WORKER_RETAINED_WASM_MEMORY_BYTES, type CompiledPolicy } from '../policy/index.js';
import { warmNormalizers, type Normalized, type NormalizeContext } from '../normalize/index.js';
import { buildPolicyInput, normalizeSafely, type PolicyCall } from './policy-input.js';

/** The pool sends a revision before its first job; old ones are dropped in the same order there. */
export const MAX_REVISIONS = 3;

export type WorkerRequest =
  | { type: 'policy'; policy: CompiledPolicy }
  | { type: 'analyse'; id: number; revision: string; call: PolicyCall; ctx: NormalizeContext; normalized?: Normalized };

/** Sent when a job begins (after any policy load). */
export interface WorkerStarted {
  started: number;
}

export interface WorkerReply {
  id: number;
  normalized: Normalized;
  /** Findings of every area the call met; absent when the policy could not be evaluated. */
  areas?: Record<string, unknown[]>;
  error?: string;
}

const revisions = new Map<string, LoadedRevision>();

function analyse(job: Extract<WorkerRequest, { type: 'analyse' }>): WorkerReply {
  const normalized = job.normalized ?? normalizeSafely(job.call, job.ctx);
  const revision = revisions.get(job.revision);
  if (!revision) return { id: job.id, normalized, error: `revision ${job.revision} is not loaded in the worker` };
  if (revision.callOnlyAreas.length === 0) return { id: job.id, normalized };
  try {
    // No session: the call-only areas never read it (that is what makes them call-only).
    const input = buildPolicyInput(job.call, job.ctx, normalized, {} as never);
    return { id: job.id, normalized, areas: revision.callOnlyFindings(input) };
  } catch (error) {
    return { id: job.id, normalized, error: (error as Error).message };
  }
}

parentPort?.on('message', (message: WorkerRequest) => {
  if (message.type === 'policy') {
    // Grammars and the secret catalogue load here, before the first job's clock starts.
    if (revisions.size === 0) warmNormalizers();
    revisions.set(message.policy.revision, new LoadedRevision(message.policy, { retainedMemoryBytes: WORKER_RETAINED_WASM_MEMORY_BYTES }));
    while (revisions.size > MAX_REVISIONS) revisions.delete(revisions.keys().next().value!);
    return;
  }
  // The pool starts the job's clock on this, so that loading a revision is not counted against it.
  parentPort!.postMessage({ started: message.id } satisfies WorkerStarted);
  parentPort!.postMessage(analyse(message));
});

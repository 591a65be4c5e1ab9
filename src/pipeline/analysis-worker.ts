/**
 * An analysis worker (worker_threads): the CPU-heavy part of a decision of a large call, off the
 * main thread. For a call it states the facts (tree-sitter-bash and the other normalizers)
 * and evaluates the call-only rule areas (bash, files, web…) with its own WASM instance of
 * the same policy revision; later, with the session read, it evaluates the whole decision.
 * The main thread keeps the session and the commit (see analysis-pool.ts and decision.rego).
 *
 * A large call's facts are first evaluated in chunks (analysis-chunks.ts), and every deny found
 * is sent at once: if the whole evaluation then runs out of time, the denies already seen still
 * decide (a timeout never weakens a decision).
 *
 * Messages (from analysis-pool.ts):
 *   {type: 'policy', policy}             load a revision (kept: the last MAX_REVISIONS)
 *   {type: 'analyse', id, revision, call, ctx, normalized?}
 *     → {started: id}, {masked: id, input, carried} (the input masked for the log), {parsed: id} (facts stated), {progress: id, findings} (denies seen in chunks, any number of times),
 *       then {id, normalized, areas?: {area: findings[]}, error?: string}
 *   {type: 'evaluate', id, revision, input}
 *     → {started: id}, then {id, decision?, error?: string}
 */
import { parentPort } from 'node:worker_threads';
import { LoadedRevision, WORKER_RETAINED_WASM_MEMORY_BYTES, type CompiledPolicy, type PolicyDecision, type PolicyFinding } from '../policy/index.js';
import { warmNormalizers, type Normalized, type NormalizeContext } from '../normalize/index.js';
import { buildPolicyInput, normalizeSafely, type PolicyCall } from './policy-input.js';
import { callOnlyByParts } from './call-only-parts.js';
import { maskCallForLog } from '../store/decision-log/index.js';
import { factsBuffer, factsFromBuffer, slimOf } from './slim-facts.js';
import { normalizeContext } from '../normalize/index.js';
import { lowerThreadPriority } from './thread-priority.js';

/** The pool sends a revision before its first job; old ones are dropped in the same order there. */
export const MAX_REVISIONS = 3;

export type WorkerRequest =
  | { type: 'policy'; policy: CompiledPolicy }
  | { type: 'analyse'; id: number; revision: string; call: PolicyCall; ctx: NormalizeContext; normalized?: Normalized; slim?: boolean; budgetMs?: number }
  | { type: 'evaluate'; id: number; revision: string; input: unknown; facts?: ArrayBuffer };

/** Sent when a job begins (after any policy load). */
export interface WorkerStarted {
  started: number;
}

/** Sent when the call's facts are stated: from then on the thread runs no native code and may be terminated. */
export interface WorkerParsed {
  parsed: number;
}

/**
 * The call's input masked for the log, sent before the analysis starts: if the analysis then
 * runs out of time, the main thread logs this instead of masking a large input itself.
 */
export interface WorkerMasked {
  masked: number;
  input: string;
  carried: Array<[string, string]>;
}

/** Denies found so far in a chunk of the call (sent before the whole call is evaluated). */
export interface WorkerProgress {
  progress: number;
  findings: PolicyFinding[];
}

export interface WorkerReply {
  id: number;
  normalized?: Normalized;
  /** Findings of every area the call met; absent when the policy could not be evaluated. */
  areas?: Record<string, unknown[]>;
  /** The call's input and facts masked and serialised as the log stores them, and the secret values masked. */
  logged?: { input: string; facts: string; carried: Array<[string, string]> };
  /** With `slim`: the call's whole facts, serialised (normalized then holds only slim-facts.ts's part). */
  facts?: ArrayBuffer;
  /** The decision of an 'evaluate' job. */
  decision?: PolicyDecision;
  error?: string;
}

const revisions = new Map<string, LoadedRevision>();

/**
 * The bash normalizer's own time budget here: the main thread's (250 ms) would cut a large
 * call's facts short, and what is cut is only asked about; the worker's time limit (default
 * 2000 ms) still bounds the whole.
 */
const WORKER_PARSE_BUDGET_MS = 1000;

/**
 * The share of the job's time limit the normalizer may take. Stating the facts is only the
 * first step: their parts must still be evaluated before the limit, or a deny in them is never
 * seen and the timeout answers ask. With a parse budget above the limit (a small limit, or a
 * machine slowed by load), the worker was stopped while still parsing, with nothing seen.
 */
const PARSE_SHARE_OF_LIMIT = 0.4;

/** The normalizer's budget for a job with this time limit. */
export function parseBudgetMs(limitMs: number | undefined): number {
  if (limitMs === undefined || !Number.isFinite(limitMs)) return WORKER_PARSE_BUDGET_MS;
  return Math.max(1, Math.min(WORKER_PARSE_BUDGET_MS, Math.floor(limitMs * PARSE_SHARE_OF_LIMIT)));
}

function analyse(job: Extract<WorkerRequest, { type: 'analyse' }>): WorkerReply {
  const loaded = revisions.get(job.revision);
  if (loaded && !job.normalized) {
    try {
      const early = maskCallForLog(job.call.input, null, loaded.policy.data);
      parentPort!.postMessage({ masked: job.id, input: early.input, carried: early.carried } satisfies WorkerMasked);
    } catch {
      // The main thread masks (or withholds) it.
    }
  }
  const normalized = job.normalized ?? normalizeSafely(job.call, job.ctx, { timeBudgetMs: parseBudgetMs(job.budgetMs) });
  parentPort!.postMessage({ parsed: job.id } satisfies WorkerParsed);
  const revision = revisions.get(job.revision);
  if (!revision) return { id: job.id, normalized, error: `revision ${job.revision} is not loaded in the worker` };
  if (revision.callOnlyAreas.length === 0) return { id: job.id, normalized };
  try {
    // No session: the call-only areas never read it (that is what makes them call-only). A
    // large call's parts first: the first that denies ends it, its denies streamed at once.
    const input = buildPolicyInput(job.call, job.ctx, normalized, {} as never);
    const stream = (denies: PolicyFinding[]) => parentPort!.postMessage({ progress: job.id, findings: denies } satisfies WorkerProgress);
    const areas = callOnlyByParts(revision, input, stream) ?? revision.callOnlyFindings(input);
    // Masking a large call for the log is work of its own: done here too, not on the main thread.
    const masked = maskCallForLog(job.call.input, normalized.facts, revision.policy.data);
    const logged = { input: masked.input, facts: masked.facts, carried: masked.carried };
    if (job.slim && !job.normalized) return { id: job.id, normalized: slimOf(normalized), facts: factsBuffer(normalized.facts), areas, logged };
    return { id: job.id, normalized, areas, logged };
  } catch (error) {
    return { id: job.id, normalized, error: (error as Error).message };
  }
}

function evaluate(job: Extract<WorkerRequest, { type: 'evaluate' }>): WorkerReply {
  const revision = revisions.get(job.revision);
  if (!revision) return { id: job.id, error: `revision ${job.revision} is not loaded in the worker` };
  try {
    // A large call's facts come back as the buffer this worker (or another) made of them.
    const input = job.facts ? { ...(job.input as Record<string, unknown>), facts: factsFromBuffer(job.facts) } : job.input;
    return { id: job.id, decision: revision.evaluate(input) };
  } catch (error) {
    return { id: job.id, error: (error as Error).message };
  }
}

/**
 * A command large enough to grow the instance's memory: an evaluation that has to grow it is
 * several times slower than one on memory already grown (analysis-pool.ts), so a new revision
 * is evaluated once on this before the worker takes calls with it.
 */
const WARM_UP_COMMAND = 'curl ' + Array.from({ length: 600 }, (_, i) => `https://warm-up-${i}.example/p?q=${i}`).join(' ');

function warmUp(revision: LoadedRevision): void {
  try {
    const call: PolicyCall = { tool: 'bash', input: { command: WARM_UP_COMMAND }, session_id: 'warm-up' };
    const ctx = normalizeContext(undefined, { cwd: '/warm-up', home: '/home/warm-up' });
    if (revision.callOnlyAreas.length > 0) revision.callOnlyFindings(buildPolicyInput(call, ctx, normalizeSafely(call, ctx), {} as never));
  } catch {
    // Only speed is at stake.
  }
}

// The main thread, which answers everyone, wins the CPU over a worker's long call (thread-priority.ts).
if (parentPort) lowerThreadPriority();

parentPort?.on('message', (message: WorkerRequest) => {
  if (message.type === 'policy') {
    // Grammars and the secret catalogue load here, before the first job's clock starts.
    if (revisions.size === 0) warmNormalizers();
    const loaded = new LoadedRevision(message.policy, { retainedMemoryBytes: WORKER_RETAINED_WASM_MEMORY_BYTES });
    warmUp(loaded);
    revisions.set(message.policy.revision, loaded);
    while (revisions.size > MAX_REVISIONS) revisions.delete(revisions.keys().next().value!);
    return;
  }
  // The pool starts the job's clock on this, so that loading a revision is not counted against it.
  parentPort!.postMessage({ started: message.id } satisfies WorkerStarted);
  const reply = message.type === 'analyse' ? analyse(message) : evaluate(message);
  // The facts buffer is moved to the main thread, not copied.
  parentPort!.postMessage(reply, reply.facts ? [reply.facts] : []);
});

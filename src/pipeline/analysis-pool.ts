/**
 * A pool of analysis workers (analysis-worker.ts): parsing a call and evaluating its call-only
 * rules run off the main thread, in parallel with the event loop that serves HTTP, reads
 * sessions and commits decisions, and under a time limit.
 *
 * Why a time limit matters: WASM evaluation and tree-sitter parsing are synchronous, so on the
 * main thread a pathological call would stall every other agent's decision. Here a job that
 * runs past `timeoutMs` is answered at once as indeterminate (the policy asks at least; it never
 * allows what it could not analyse), and its worker is replaced: terminated at once when the job
 * was past the parser (the worker says so), else set aside and terminated only when it has
 * finished: terminating a thread while it is inside tree-sitter's native parser aborts the whole
 * process. A job that waits for a free worker longer than `timeoutMs` fails the same way. At most MAX_SET_ASIDE workers are set
 * aside at a time; beyond that, calls wait for one of them to finish before a replacement starts.
 *
 * One job at a time per worker, so that a job's clock starts when a worker takes it, not while
 * it waits in the queue behind others. A worker that crashes fails its job the same way as a
 * timeout; if workers keep dying before finishing any job, the pool reports itself broken and
 * the pipeline analyses on the main thread instead.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompiledPolicy, PolicyDecision, PolicyFinding } from '../policy/index.js';
import type { Normalized, NormalizeContext } from '../normalize/index.js';
import { PACKAGE_ROOT } from '../paths.js';
import { MAX_REVISIONS, type WorkerMasked, type WorkerParsed, type WorkerProgress, type WorkerReply, type WorkerRequest, type WorkerStarted } from './analysis-worker.js';
import type { PolicyCall } from './policy-input.js';

export interface AnalysisJob {
  call: PolicyCall;
  ctx: NormalizeContext;
  policy: CompiledPolicy;
  /** Facts already known (facts cache): the worker only evaluates. */
  normalized?: Normalized;
  /** Keep the facts off the main thread: the result holds slim facts and the whole ones as a buffer (slim-facts.ts). */
  slim?: boolean;
}

export interface AnalysisResult {
  normalized: Normalized;
  /** Findings of the call-only areas the call met; absent when they could not be evaluated. */
  areas?: Record<string, PolicyFinding[]>;
  /** The call as the log stores it (masked in the worker). */
  logged?: WorkerReply['logged'];
  /** With AnalysisJob.slim: the whole facts, serialised, for EvaluationJob.facts. */
  facts?: ArrayBuffer;
}

/** The analysis did not finish: out of time, or its worker died. */
export class AnalysisFailedError extends Error {
  constructor(
    readonly reason: 'analysis_timeout' | 'analysis_crash',
    message: string,
    /** Denies the worker had found in parts of the call before it stopped: they still decide. */
    readonly findings: PolicyFinding[] = [],
    /** The call's input masked for the log by the worker before it stopped, when it got that far. */
    readonly masked?: Omit<WorkerMasked, 'masked'>,
  ) {
    super(message);
    this.name = 'AnalysisFailedError';
  }
}

/** A whole decision evaluated in a worker: the policy input with the session, under the time limit. */
export interface EvaluationJob {
  policy: CompiledPolicy;
  input: unknown;
  /** The call's facts as the analysis left them (AnalysisResult.facts): they replace input.facts in the worker. */
  facts?: ArrayBuffer;
}

interface Pending {
  job: { kind: 'analyse'; analysis: AnalysisJob } | { kind: 'evaluate'; evaluation: EvaluationJob };
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
  /** Denies reported so far (WorkerProgress). */
  findings: PolicyFinding[];
  /** The input masked for the log (WorkerMasked). */
  masked?: Omit<WorkerMasked, 'masked'>;
  /** Fails the job if it waits for a worker longer than the time limit (all workers busy). */
  queueTimer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  /** Revisions sent to this worker, oldest first (the worker drops them in the same order). */
  revisions: string[];
  /** parsed: the job is past tree-sitter (only JS and WASM left): the thread may be terminated at once. */
  busy: { id: number; pending: Pending; timer: NodeJS.Timeout; parsed: boolean } | null;
}

/**
 * How long a job may wait for its worker to start it: a new worker loads its modules and the
 * policy's WASM first (a few hundred ms), which does not count against the call's time limit.
 */
const START_GRACE_MS = 30_000;

/** Threads that may be left running a timed-out call at once (each holds its memory until done). */
const MAX_SET_ASIDE = 4;

/** How long close() waits for running calls before it gives up on them. */
const CLOSE_WAIT_MS = 5_000;

/** Workers that die this many times in a row, without finishing a job, mark the pool broken. */
const MAX_CONSECUTIVE_CRASHES = 3;

/**
 * A worker's young generation (MB). V8 gives a worker the main thread's default (semi-spaces
 * of up to 16 MB), and a worker's calls die young: a smaller one saves 10–25 MB of RSS per
 * worker at no measured CPU cost (bench/memory.mjs).
 */
const WORKER_YOUNG_GENERATION_MB = 12;

/**
 * The compiled worker script. Under the test runner this module runs from src/ (TypeScript),
 * which a worker cannot load, so the built copy in dist/ is used (`npm test` builds first).
 */
function workerScript(): string {
  const beside = fileURLToPath(new URL('./analysis-worker.js', import.meta.url));
  return existsSync(beside) ? beside : path.join(PACKAGE_ROOT, 'dist', 'pipeline', 'analysis-worker.js');
}

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /** Workers set aside after a timeout, until they finish (see setAside). */
  private readonly setAsideWorkers = new Set<Promise<void>>();
  private nextId = 1;
  private consecutiveCrashes = 0;
  private closed = false;
  /** Set when workers cannot be kept alive; the pipeline then analyses in-process. */
  broken: string | null = null;
  timeouts = 0;
  crashes = 0;
  /** Jobs submitted (analyses and evaluations). */
  jobs = 0;

  /** Workers start on the first job (most gateways never see a call large enough to need one). */
  private started = false;

  constructor(
    readonly size: number,
    readonly timeoutMs: number,
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  async analyse(job: AnalysisJob): Promise<AnalysisResult> {
    const reply = await this.submit({ kind: 'analyse', analysis: job });
    if (reply.error) this.onProblem(`analysis worker: ${reply.error}`);
    return { normalized: reply.normalized!, areas: reply.areas as Record<string, PolicyFinding[]> | undefined, logged: reply.logged, ...(reply.facts ? { facts: reply.facts } : {}) };
  }

  /** The whole decision, evaluated in a worker under the time limit; rejects with the failure otherwise. */
  async evaluate(job: EvaluationJob): Promise<PolicyDecision> {
    const reply = await this.submit({ kind: 'evaluate', evaluation: job });
    if (!reply.decision) throw new AnalysisFailedError('analysis_crash', `the policy could not be evaluated in the worker: ${reply.error ?? 'no decision'}`);
    return reply.decision;
  }

  private submit(job: Pending['job']): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    this.jobs += 1;
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = { job, resolve, reject, findings: [] };
      // Waiting counts against the time limit too: a call is answered in bounded time even
      // when every worker is busy (or set aside) with other large calls.
      pending.queueTimer = setTimeout(() => {
        const index = this.queue.indexOf(pending);
        if (index < 0) return;
        this.queue.splice(index, 1);
        this.timeouts += 1;
        reject(new AnalysisFailedError('analysis_timeout', `no analysis worker was free within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      pending.queueTimer.unref();
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Jobs waiting for a worker (not counting those running). */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Stops taking calls, lets the running ones finish (a thread must not be terminated inside
   * native code), then terminates every worker. Calls still queued are refused.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the analysis pool is closed'));
    const running = this.slots.filter((slot) => slot.busy);
    for (const slot of running) this.setAside(slot.worker);
    await Promise.all(this.slots.filter((slot) => !slot.busy).map((slot) => slot.worker.terminate()));
    await Promise.race([Promise.all(this.setAsideWorkers), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript(), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    const slot: Slot = { worker, revisions: [], busy: null };
    worker.on('message', (message: WorkerReply | WorkerStarted | WorkerProgress | WorkerParsed | WorkerMasked) => {
      if ('started' in message) this.begin(slot, message.started);
      else if ('masked' in message) {
        if (slot.busy?.id === message.masked) slot.busy.pending.masked = { input: message.input, carried: message.carried };
      }
      else if ('parsed' in message) this.parsed(slot, message.parsed);
      else if ('progress' in message) this.progress(slot, message);
      else this.finish(slot, message);
    });
    worker.on('error', (error) => this.fail(slot, 'analysis_crash', `the analysis worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(slot, 'analysis_crash', `the analysis worker exited (code ${code})`);
    });
    // An idle worker must not keep the process alive.
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const pending = this.queue.shift()!;
      const { job } = pending;
      const policy = job.kind === 'analyse' ? job.analysis.policy : job.evaluation.policy;
      const revision = policy.revision;
      if (!slot.revisions.includes(revision)) {
        slot.worker.postMessage({ type: 'policy', policy } satisfies WorkerRequest);
        slot.revisions.push(revision);
        if (slot.revisions.length > MAX_REVISIONS) slot.revisions.shift();
      }
      const id = this.nextId++;
      const timer = setTimeout(() => this.fail(slot, 'analysis_crash', `the analysis worker did not start the call within ${START_GRACE_MS} ms`), START_GRACE_MS);
      if (pending.queueTimer) clearTimeout(pending.queueTimer);
      slot.busy = { id, pending, timer, parsed: job.kind === 'evaluate' || job.analysis.normalized !== undefined };
      slot.worker.ref();
      if (job.kind === 'analyse') {
        const { call, ctx, normalized, slim } = job.analysis;
        // The worker plans its parse within the job's time limit (analysis-worker.ts parseBudgetMs).
        slot.worker.postMessage({ type: 'analyse', id, revision, call, ctx, normalized, slim, budgetMs: this.timeoutMs } satisfies WorkerRequest);
      } else {
        // The facts buffer is copied (a retried commit evaluates again with it): a memcpy, not a structured clone.
        const { input, facts } = job.evaluation;
        slot.worker.postMessage({ type: 'evaluate', id, revision, input, ...(facts ? { facts } : {}) } satisfies WorkerRequest);
      }
    }
  }

  private parsed(slot: Slot, id: number): void {
    if (slot.busy?.id === id) slot.busy.parsed = true;
  }

  /** Denies found in a part of the call: kept in case the whole call runs out of time. */
  private progress(slot: Slot, message: WorkerProgress): void {
    const busy = slot.busy;
    if (!busy || busy.id !== message.progress) return;
    busy.pending.findings.push(...message.findings);
  }

  /** The worker began the job: from now on the call's time limit runs. */
  private begin(slot: Slot, id: number): void {
    const busy = slot.busy;
    if (!busy || busy.id !== id) return;
    clearTimeout(busy.timer);
    busy.timer = setTimeout(() => this.fail(slot, 'analysis_timeout', `the analysis took longer than ${this.timeoutMs} ms`), this.timeoutMs);
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    const busy = slot.busy;
    if (!busy || busy.id !== reply.id) return;
    clearTimeout(busy.timer);
    slot.busy = null;
    slot.worker.unref();
    this.consecutiveCrashes = 0;
    busy.pending.resolve(reply);
    this.dispatch();
  }

  /** The slot's job fails, its worker is replaced, and the queue moves on. */
  private fail(slot: Slot, reason: AnalysisFailedError['reason'], message: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return; // already replaced
    const busy = slot.busy;
    slot.busy = null;
    if (busy) clearTimeout(busy.timer);
    slot.worker.removeAllListeners();
    if (reason === 'analysis_timeout' && !busy?.parsed) {
      this.timeouts += 1;
      this.setAside(slot.worker);
    } else if (reason === 'analysis_timeout') {
      // Past the parser, only JS and WASM run: the thread is stopped at once, its CPU freed.
      this.timeouts += 1;
      void slot.worker.terminate();
    } else {
      this.crashes += 1;
      this.consecutiveCrashes += 1;
      void slot.worker.terminate();
    }
    this.onProblem(message);
    busy?.pending.reject(new AnalysisFailedError(reason, message, busy.pending.findings, busy.pending.masked));
    this.slots.splice(index, 1);
    if (this.consecutiveCrashes >= MAX_CONSECUTIVE_CRASHES) {
      this.broken = `analysis workers keep failing (${message}); analysing on the main thread`;
      this.onProblem(this.broken);
      // Whatever waits is handed back so that the caller analyses it in-process.
      for (const pending of this.queue.splice(0)) pending.reject(new AnalysisFailedError('analysis_crash', this.broken));
      return;
    }
    this.refill();
  }

  /** A worker still busy with a call that ran out of time: terminated once it replies or dies. */
  private setAside(worker: Worker): void {
    const done = new Promise<void>((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        this.setAsideWorkers.delete(done);
        void worker.terminate().finally(resolve);
        this.refill();
      };
      // The reply, not the "started" notice, means the thread has left the parser.
      worker.on('message', (message: WorkerReply | WorkerStarted | WorkerProgress | WorkerParsed) => {
        if (!('started' in message) && !('progress' in message) && !('parsed' in message)) finish();
      });
      worker.once('error', finish);
      worker.once('exit', finish);
    });
    this.setAsideWorkers.add(done);
  }

  /** Brings the pool back to its size, as far as set-aside workers allow. */
  private refill(): void {
    if (this.closed || this.broken) return;
    while (this.slots.length < this.size && this.setAsideWorkers.size < MAX_SET_ASIDE) this.slots.push(this.spawn());
    this.dispatch();
  }
}

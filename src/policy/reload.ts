/**
 * Hot reload: rebuild the policy from its directories and swap it in between requests.
 *
 * The swap is PolicyEngine.activate: synchronous, so an evaluation sees either the old
 * revision or the new one, never a mix. A build or load failure keeps the last good
 * revision and is reported (log, engine.lastError → /readyz, the reload status).
 * Reloads never overlap: a trigger during a build queues exactly one more build, which
 * picks up every change made meanwhile.
 */
import { readdirSync, statSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { buildPolicy, policySourcesJson, type CompiledPolicy } from './bundle.js';
import { LoadedRevision, type PolicyEngine } from './engine.js';

export type ReloadTrigger = 'watch' | 'api' | 'signal' | 'startup';

export interface ReloadResult {
  ok: boolean;
  /** The revision active after the attempt (the old one when it failed). */
  revision: string | null;
  /** True when a different revision was made active. */
  changed: boolean;
  trigger: ReloadTrigger;
  at: number;
  duration_ms: number;
  error?: string;
  warnings?: string[];
}

export interface ReloadStatus {
  dirs: string[];
  /** Every folder of the policy dirs is watched. */
  watching: boolean;
  /** Why one is not, when watching is false after watch() was asked for. */
  watch_error?: string;
  revision: string | null;
  reloads: number;
  failures: number;
  last: ReloadResult | null;
  last_error: string | null;
}

/** Where a new revision is recorded (the store's policy_revisions table). */
export interface RevisionRecorder {
  recordPolicyRevision(revision: string, source: string, rules: Record<string, string>, sources?: string): Promise<void>;
  /** The policy history: `revision` became active in place of `previous`. */
  recordPolicyActivation?(revision: string, previous: string | null, trigger: string): Promise<void>;
}

export interface ReloaderOptions {
  /** Every directory the policy is built from, defaults first. */
  dirs: string[];
  engine: PolicyEngine;
  recorder?: RevisionRecorder;
  logger?: Logger;
  /** Quiet time after the last file change before rebuilding. */
  debounceMs?: number;
  /** Build function (the real opa build; replaceable to count builds). */
  build?: (dirs: string[]) => Promise<CompiledPolicy>;
  /** Called after every attempt, for metrics. */
  onResult?: (result: ReloadResult) => void;
  /**
   * Tried before a new revision becomes active: the reasons to refuse it (empty: go live).
   * The gateway evaluates it on a sample (recent logged inputs, case files) and refuses a
   * revision that fails where the active one did not (src/pipeline/reload-gate.ts).
   */
  gate?: (candidate: LoadedRevision, active: LoadedRevision | null) => Promise<string[]>;
}

/** A new revision that built but failed its trial on the sample: the last good one stays. */
export class ReloadRefusedError extends Error {
  constructor(readonly refusals: string[]) {
    super(`the new policy was refused: it fails on the sample where the active one does not:\n${refusals.join('\n')}`);
    this.name = 'ReloadRefusedError';
  }
}

/** Folders never watched (as collectSources skips them). */
const UNWATCHED_DIRS = new Set(['node_modules', '.git', 'bundle']);

/** Files whose change means a rebuild: Rego (tests included, `opa check` reads them) and data. */
const RELEVANT = /(\.rego|(^|[\\/])data\.(json|ya?ml))$/;

export class PolicyReloader {
  private running: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;
  private watchers = new Map<string, FSWatcher>();
  /** Why a folder is not watched (null: every folder is). */
  private watchFailure: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private counts = { reloads: 0, failures: 0 };
  private last: ReloadResult | null = null;
  private readonly listeners: ((result: ReloadResult) => void)[] = [];

  constructor(private readonly options: ReloaderOptions) {}

  /** Called after every attempt (metrics). */
  onResult(listener: (result: ReloadResult) => void): void {
    this.listeners.push(listener);
  }

  /** Rebuilds and activates; concurrent calls share the build in progress or the one queued after it. */
  reload(trigger: ReloadTrigger): Promise<ReloadResult> {
    if (!this.running) {
      this.running = this.attempt(trigger).finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // A build is running from sources that may predate this trigger: queue one more.
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.reload(trigger);
    });
    return this.queued;
  }

  private async attempt(trigger: ReloadTrigger): Promise<ReloadResult> {
    const { engine, logger } = this.options;
    const started = Date.now();
    const previous = engine.ready ? engine.current.revision : null;
    let result: ReloadResult;
    try {
      const policy = await (this.options.build ?? buildPolicy)(this.options.dirs);
      const changed = policy.revision !== previous;
      if (changed) {
        const candidate = new LoadedRevision(policy);
        const refusals = this.options.gate ? await this.options.gate(candidate, engine.ready ? engine.current : null) : [];
        if (refusals.length > 0) throw new ReloadRefusedError(refusals);
        engine.activate(candidate);
        await this.record(policy, previous, trigger);
      } else {
        engine.lastError = null;
      }
      result = {
        ok: true,
        revision: policy.revision,
        changed,
        trigger,
        at: started,
        duration_ms: Date.now() - started,
        ...(policy.warnings?.length ? { warnings: policy.warnings } : {}),
      };
      this.counts.reloads += 1;
      logger?.info(
        { revision: policy.revision, previous, changed, trigger, duration_ms: result.duration_ms, warnings: policy.warnings },
        changed ? 'policy reloaded' : 'policy unchanged',
      );
    } catch (error) {
      const message = (error as Error).message;
      engine.lastError = `reload failed, still serving revision ${previous ?? '(none)'}: ${message}`;
      result = { ok: false, revision: previous, changed: false, trigger, at: started, duration_ms: Date.now() - started, error: message };
      this.counts.failures += 1;
      logger?.error({ err: message, trigger, revision: previous }, 'policy reload failed; keeping the last good policy');
    }
    this.last = result;
    this.options.onResult?.(result);
    for (const listener of this.listeners) listener(result);
    return result;
  }

  private async record(policy: CompiledPolicy, previous: string | null, trigger: ReloadTrigger): Promise<void> {
    if (!this.options.recorder) return;
    try {
      await this.options.recorder.recordPolicyRevision(policy.revision, policy.source, policy.rules, policySourcesJson(policy));
      await this.options.recorder.recordPolicyActivation?.(policy.revision, previous, trigger);
    } catch (error) {
      // The policy is active and every decision names its revision; a missing history row is worth a log line, not an outage.
      this.options.logger?.error({ err: (error as Error).message, revision: policy.revision }, 'could not record the policy revision');
    }
  }

  /**
   * Watches every folder of the policy directories (not the files, and not with fs.watch's
   * recursive mode, which loses a file for good after an atomic save: editors, `sed -i` and
   * `git checkout` write a temp file and rename it over the old one) and reloads after a
   * quiet period; editors write in bursts. New folders are watched as they appear; a folder
   * whose watch fails makes status().watching false, so /readyz tells the truth.
   */
  watch(): void {
    if (this.watchers.size) return;
    for (const dir of this.options.dirs) this.watchTree(dir);
  }

  private watchTree(dir: string): void {
    if (this.watchers.has(dir)) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.watchFailure = `cannot read ${dir}: ${(error as Error).message}`;
      return;
    }
    try {
      const watcher = watch(dir, (_event, file) => this.changed(dir, file ? String(file) : null));
      watcher.on('error', (error) => {
        this.watchFailure = `watching ${dir} failed: ${error.message}`;
        this.watchers.delete(dir);
        watcher.close();
        this.options.logger?.error({ err: error.message, dir }, 'policy watcher failed');
      });
      this.watchers.set(dir, watcher);
    } catch (error) {
      this.watchFailure = `cannot watch ${dir}: ${(error as Error).message}`;
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && !UNWATCHED_DIRS.has(entry.name)) this.watchTree(path.join(dir, entry.name));
    }
  }

  private changed(dir: string, file: string | null): void {
    const full = file ? path.join(dir, file) : null;
    // A folder created (or renamed in) gets its own watch.
    if (full && !this.watchers.has(full) && !path.basename(full).startsWith('.') && statSync(full, { throwIfNoEntry: false })?.isDirectory()) {
      this.watchTree(full);
    } else if (file && !RELEVANT.test(file)) {
      return;
    }
    const debounceMs = this.options.debounceMs ?? 300;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.options.logger?.info({ dir, file: full }, 'policy source changed');
      void this.reload('watch');
    }, debounceMs);
  }

  status(): ReloadStatus {
    const { engine } = this.options;
    return {
      dirs: this.options.dirs,
      watching: this.watchers.size > 0 && this.watchFailure === null,
      ...(this.watchFailure ? { watch_error: this.watchFailure } : {}),
      revision: engine.ready ? engine.current.revision : null,
      reloads: this.counts.reloads,
      failures: this.counts.failures,
      last: this.last,
      last_error: engine.lastError,
    };
  }

  /** Stops watching and waits for a build in progress, so that nothing runs after close. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }
}

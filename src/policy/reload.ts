/**
 * Hot reload: rebuild the policy from its directories and swap it in between requests.
 *
 * The swap is PolicyEngine.activate: synchronous, so an evaluation sees either the old
 * revision or the new one, never a mix. A build or load failure keeps the last good
 * revision and is reported (log, engine.lastError → /readyz, the reload status).
 * Reloads never overlap: a trigger during a build queues exactly one more build, which
 * picks up every change made meanwhile.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { buildPolicy, type CompiledPolicy } from './bundle.js';
import type { PolicyEngine } from './engine.js';

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
  watching: boolean;
  revision: string | null;
  reloads: number;
  failures: number;
  last: ReloadResult | null;
  last_error: string | null;
}

/** Where a new revision is recorded (the store's policy_revisions table). */
export interface RevisionRecorder {
  recordPolicyRevision(revision: string, source: string, rules: Record<string, string>): Promise<void>;
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
}

/** Files whose change means a rebuild: Rego (tests included, `opa check` reads them) and data. */
const RELEVANT = /(\.rego|(^|[\\/])data\.(json|ya?ml))$/;

export class PolicyReloader {
  private running: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;
  private watchers: FSWatcher[] = [];
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
        engine.activate(policy);
        await this.record(policy);
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

  private async record(policy: CompiledPolicy): Promise<void> {
    if (!this.options.recorder) return;
    try {
      await this.options.recorder.recordPolicyRevision(policy.revision, policy.source, policy.rules);
    } catch (error) {
      // The policy is active and every decision names its revision; a missing history row is worth a log line, not an outage.
      this.options.logger?.error({ err: (error as Error).message, revision: policy.revision }, 'could not record the policy revision');
    }
  }

  /** Watches the directories and reloads after a quiet period; editors write in bursts. */
  watch(): void {
    if (this.watchers.length) return;
    const debounceMs = this.options.debounceMs ?? 300;
    for (const dir of this.options.dirs) {
      const watcher = watch(dir, { recursive: true }, (_event, file) => {
        if (file && !RELEVANT.test(String(file))) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.options.logger?.info({ dir, file: file ? path.join(dir, String(file)) : null }, 'policy source changed');
          void this.reload('watch');
        }, debounceMs);
      });
      watcher.on('error', (error) => this.options.logger?.error({ err: error.message, dir }, 'policy watcher failed'));
      this.watchers.push(watcher);
    }
  }

  status(): ReloadStatus {
    const { engine } = this.options;
    return {
      dirs: this.options.dirs,
      watching: this.watchers.length > 0,
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
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }
}

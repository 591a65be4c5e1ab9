/**
 * Shadow evaluation: a candidate policy evaluated beside the active one on live traffic.
 * The answer is always the active policy's; where the candidate would have answered
 * differently (action, categories or deciding rules), a row goes to shadow_diffs.
 *
 * The candidate runs after the answer is committed, off the request's path
 * (setImmediate), on exactly the policy input the active policy saw. A candidate that
 * fails to evaluate is counted and logged, never allowed to affect the answer.
 */
import type { Logger } from 'pino';
import type { PolicyDecision, PolicyEngine } from './engine.js';
import type { ShadowDiff } from '../api/shadow-diff.js';

/** What the pipeline hands an observer after each committed decision. */
export interface DecisionObservation {
  id: string;
  created_at: number;
  session_id: string;
  tool: string;
  input: unknown;
  decision: PolicyDecision;
  revision: string;
}

export interface DecisionObserver {
  observe(observation: DecisionObservation): void;
}

/** A difference as recorded (src/api/shadow-diff.ts: the same record the store keeps). */
export type ShadowDiffRecord = ShadowDiff;

export interface ShadowStats {
  revision: string | null;
  evaluated: number;
  differing: number;
  errors: number;
  /** Counts per transition, e.g. {"allow→ask": 3}. */
  transitions: Record<string, number>;
  last_error: string | null;
}

export interface ShadowOptions {
  /** The candidate, loaded and kept fresh by its own PolicyReloader when watched. */
  engine: PolicyEngine;
  record: (diff: ShadowDiffRecord) => Promise<void>;
  logger?: Logger;
}

const deciding = (decision: PolicyDecision) => [...new Set(decision.reasons.map((r) => r.rule))].sort();

/** Two answers differ when the action, the categories or the deciding rules differ. */
export function decisionsDiffer(a: PolicyDecision, b: PolicyDecision): boolean {
  return (
    a.decision !== b.decision ||
    JSON.stringify([...a.categories].sort()) !== JSON.stringify([...b.categories].sort()) ||
    JSON.stringify(deciding(a)) !== JSON.stringify(deciding(b))
  );
}

export class ShadowEvaluator implements DecisionObserver {
  private readonly stats: ShadowStats = { revision: null, evaluated: 0, differing: 0, errors: 0, transitions: {}, last_error: null };
  private pending = new Set<Promise<void>>();

  constructor(private readonly options: ShadowOptions) {}

  observe(observation: DecisionObservation): void {
    if (!this.options.engine.ready) return;
    const task = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.compare(observation));
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  private async compare(observation: DecisionObservation): Promise<void> {
    const candidate = this.options.engine.current;
    let shadow: PolicyDecision;
    try {
      shadow = candidate.evaluate(observation.input);
    } catch (error) {
      this.stats.errors += 1;
      this.stats.last_error = (error as Error).message;
      this.options.logger?.warn({ err: this.stats.last_error, decision_id: observation.id, shadow_revision: candidate.revision }, 'shadow policy failed to evaluate');
      return;
    }
    this.stats.evaluated += 1;
    this.stats.revision = candidate.revision;
    if (!decisionsDiffer(observation.decision, shadow)) return;
    this.stats.differing += 1;
    const transition = `${observation.decision.decision}→${shadow.decision}`;
    this.stats.transitions[transition] = (this.stats.transitions[transition] ?? 0) + 1;
    try {
      await this.options.record({
        decision_id: observation.id,
        created_at: observation.created_at,
        session_id: observation.session_id,
        tool: observation.tool,
        active_revision: observation.revision,
        shadow_revision: candidate.revision,
        active_decision: observation.decision.decision,
        shadow_decision: shadow.decision,
        active_rules: JSON.stringify(deciding(observation.decision)),
        shadow_rules: JSON.stringify(deciding(shadow)),
        shadow_result: JSON.stringify(shadow),
      });
    } catch (error) {
      this.stats.errors += 1;
      this.stats.last_error = `could not record a shadow difference: ${(error as Error).message}`;
      this.options.logger?.error({ err: (error as Error).message, decision_id: observation.id }, 'could not record a shadow difference');
    }
  }

  status(): ShadowStats {
    return { ...this.stats, revision: this.options.engine.ready ? this.options.engine.current.revision : null, transitions: { ...this.stats.transitions } };
  }

  /** Waits for comparisons in flight (before closing the store, and in tests). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}

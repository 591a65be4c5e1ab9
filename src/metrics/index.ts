/**
 * Prometheus metrics (prom-client), one registry per gateway so that several gateways in
 * one process (tests) do not share counters. Served at GET /metrics.
 *
 * Labels are bounded sets (decision, category, stage, route pattern, status): never a
 * session id, agent id or anything a client chooses freely.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; decisions take tens of microseconds to a few milliseconds, commits up to seconds. */
const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

export interface DecisionObservation {
  decision: string;
  categories: string[];
  /** Microseconds per stage, as the pipeline reports them. */
  timings: Record<string, number>;
  policyError: boolean;
}

export interface MetricsOptions {
  /** Counts active sessions when scraped (a cheap query). */
  openSessions?: () => Promise<number>;
  /** Process metrics (CPU, memory, event loop lag); off in tests to keep scrapes small. */
  processMetrics?: boolean;
}

/** A counter in this registry; labels are bounded sets (see the header). */
function counter<L extends string = never>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}

function histogram<L extends string = never>(registry: Registry, name: string, help: string, buckets: number[], labelNames: readonly L[] = []): Histogram<L> {
  return new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
}

export class GatewayMetrics {
  readonly registry = new Registry();

  readonly decisions = counter(this.registry, 'toolgate_decisions_total', 'Decisions answered, by decision.', ['decision']);
  readonly decisionCategories = counter(this.registry, 'toolgate_decision_categories_total', 'Risk categories of answered decisions (a decision with two categories counts in both).', [
    'decision',
    'category',
  ]);
  readonly stageSeconds = histogram(this.registry, 'toolgate_decision_stage_seconds', 'Time spent per pipeline stage (normalize, enrich, evaluate, commit, total).', LATENCY_BUCKETS, ['stage']);
  readonly policyEvaluationErrors = counter(this.registry, 'toolgate_policy_evaluation_errors_total', 'Decisions denied because the policy could not be evaluated.');
  readonly policyReloads = counter(this.registry, 'toolgate_policy_reloads_total', 'Policy reload attempts, by outcome (ok, error).', ['outcome']);
  readonly commitSeconds = histogram(this.registry, 'toolgate_commit_batch_seconds', 'Duration of group-commit transactions, by outcome (ok, error).', LATENCY_BUCKETS, ['outcome']);
  readonly commitBatchSize = histogram(this.registry, 'toolgate_commit_batch_size', 'Decisions per group-commit transaction.', BATCH_BUCKETS);
  readonly httpRequests = counter(this.registry, 'toolgate_http_requests_total', 'HTTP requests, by method, route pattern and status.', ['method', 'route', 'status']);
  readonly unavailable = counter(this.registry, 'toolgate_store_unavailable_total', 'Requests answered 503 because the database could not be reached or could not commit.');

  constructor(options: MetricsOptions = {}) {
    const { openSessions } = options;
    if (openSessions) {
      new Gauge({
        name: 'toolgate_open_sessions',
        help: 'Sessions with status active in the database.',
        registers: [this.registry],
        async collect() {
          try {
            this.set(await openSessions());
          } catch {
            // The database is down: leave the last value; toolgate_store_unavailable_total tells the story.
          }
        },
      });
    }
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'toolgate_' });
  }

  observeDecision(observation: DecisionObservation): void {
    this.decisions.inc({ decision: observation.decision });
    for (const category of observation.categories) {
      this.decisionCategories.inc({ decision: observation.decision, category });
    }
    for (const [stage, micros] of Object.entries(observation.timings)) {
      this.stageSeconds.observe({ stage }, micros / 1e6);
    }
    if (observation.policyError) this.policyEvaluationErrors.inc();
  }

  observeBatch(event: { size: number; durationMs: number; ok: boolean }): void {
    const outcome = event.ok ? 'ok' : 'error';
    this.commitSeconds.observe({ outcome }, event.durationMs / 1000);
    if (event.ok) this.commitBatchSize.observe(event.size);
  }

  observeReload(result: { ok: boolean }): void {
    this.policyReloads.inc({ outcome: result.ok ? 'ok' : 'error' });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

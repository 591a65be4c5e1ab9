/**
 * Replay: re-evaluate logged decisions against a candidate policy and report what
 * would change. Each decision row keeps the complete policy input it was evaluated
 * with (facts, the session state at that moment, the context), so the input is rebuilt
 * with the pipeline's own buildPolicyInput and nothing is re-derived from the present.
 *
 * Exactness: for rows logged under the candidate's own revision, a replay must give
 * the logged answer; any row that does not is reported as not reproducible.
 * Known limit: strings are logged with secrets masked, so a rule that reads a secret's
 * literal text in call.input sees the mask on replay (facts about secrets are kept). A huge
 * call's facts are logged as a summary, and stated again from its logged input here.
 */
import type { CheckRequest } from '../api/check.js';
import type { Normalized } from '../normalize/index.js';
import { buildPolicyInput } from './check.js';
import type { SessionView } from '../session/index.js';
import type { LoggedDecision } from '../store/policy-records.js';
import { decodeObject, decodeResult } from '../store/decision-log/record.js';
import { cappedFactsOf } from '../store/decision-log/index.js';
import { normalizeSafely } from './policy-input.js';
import { evaluateByParts } from './call-only-parts.js';
import { evaluateOrDeny, type LoadedRevision, type PolicyDecision } from '../policy/engine.js';

export interface ReplayExample {
  decision_id: string;
  created_at: number;
  session_id: string;
  tool: string;
  /** A short view of the call (the command, path or URL). */
  call: string;
  before: { decision: string; rules: string[] };
  after: { decision: string; rules: string[] };
}

export interface ReplayReport {
  candidate_revision: string;
  total: number;
  /** Rows whose action changed. */
  changed: number;
  /** Same action, different deciding rules or categories. */
  reasons_changed: number;
  unchanged: number;
  /** Rows the candidate failed to evaluate (counted as deny: toolgate fails closed). */
  errors: number;
  /** "allow→deny": count, only for changed actions. */
  transitions: Record<string, number>;
  examples: Record<string, ReplayExample[]>;
  /** Rows logged under the candidate's own revision: replay must reproduce them exactly. */
  same_revision: { total: number; reproduced: number; not_reproduced: ReplayExample[] };
  /** Logged revisions seen, with row counts. */
  logged_revisions: Record<string, number>;
}

/** The policy's result as logged (null when the column is unreadable): what explain compares against. */
export function resultFromLoggedDecision(row: Pick<LoggedDecision, 'result'>): PolicyDecision | null {
  return decodeResult(row.result) as PolicyDecision | null;
}

/** The policy input a logged decision was evaluated with, rebuilt the way the pipeline built it. */
export function inputFromLoggedDecision(row: LoggedDecision): ReturnType<typeof buildPolicyInput> {
  const context = decodeObject(row.context);
  const request = {
    session_id: row.session_id,
    agent_id: row.agent_id ?? undefined,
    tool: row.tool,
    input: decodeObject(row.input),
    context,
  } as CheckRequest;
  const ctx = { cwd: String(context.cwd ?? '/'), home: String(context.home ?? '/'), workspace_roots: (context.workspace_roots as string[]) ?? [] };
  const facts = decodeObject(row.facts);
  // A huge call's row keeps a summary of its facts (decision-log/mask.ts boundedFactsText):
  // they are stated again from the logged input (masked, so a rule on a secret's text may differ).
  const normalized = cappedFactsOf(facts) ? normalizeSafely(request, ctx) : ({ kind: row.kind, facts } as unknown as Normalized);
  return buildPolicyInput(request, ctx, normalized, decodeObject(row.session) as unknown as SessionView);
}

/** The parts of a result that are the policy's answer (attribution added by the pipeline is left out). */
export function canonicalResult(result: Partial<PolicyDecision>): string {
  const reason = (r: { rule: string; message: string; category: string; action: string; severity: string }) => ({
    rule: r.rule,
    message: r.message,
    category: r.category,
    action: r.action,
    severity: r.severity,
  });
  return JSON.stringify({
    decision: result.decision,
    categories: result.categories ?? [],
    risk: result.risk ?? 0,
    reasons: (result.reasons ?? []).map(reason),
    obligations: result.obligations ?? [],
    warnings: (result.warnings ?? []).map(reason),
    dryrun: (result.dryrun ?? []).map(reason),
    matched: result.matched ?? [],
  });
}

const rulesOf = (result: Partial<PolicyDecision>) => [...new Set((result.reasons ?? []).map((r) => r.rule))].sort();

function callSummary(input: Record<string, unknown>): string {
  const main = input.command ?? input.path ?? input.url ?? input.text ?? input.file_path;
  const text = typeof main === 'string' ? main : JSON.stringify(input);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

export interface ReplayOptions {
  examplesPerTransition?: number;
  /** Called every 1000 rows, for progress on long replays. */
  onProgress?: (done: number) => void;
}

export async function replayDecisions(
  rows: AsyncIterable<LoggedDecision> | Iterable<LoggedDecision>,
  candidate: LoadedRevision,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const maxExamples = options.examplesPerTransition ?? 5;
  const report: ReplayReport = {
    candidate_revision: candidate.revision,
    total: 0,
    changed: 0,
    reasons_changed: 0,
    unchanged: 0,
    errors: 0,
    transitions: {},
    examples: {},
    same_revision: { total: 0, reproduced: 0, not_reproduced: [] },
    logged_revisions: {},
  };
  for await (const row of rows) {
    report.total += 1;
    report.logged_revisions[row.policy_revision] = (report.logged_revisions[row.policy_revision] ?? 0) + 1;
    const logged: Partial<PolicyDecision> = resultFromLoggedDecision(row) ?? { decision: row.decision as PolicyDecision['decision'] };
    const input = inputFromLoggedDecision(row);
    // The pipeline's own fail-closed evaluation, so that a logged policy error replays identically.
    const after: Partial<PolicyDecision> = evaluateByParts(candidate, input);
    if (after.reasons?.some((r) => r.rule === 'toolgate.policy_error')) report.errors += 1;
    const example = (): ReplayExample => ({
      decision_id: row.id,
      created_at: Number(row.created_at),
      session_id: row.session_id,
      tool: row.tool,
      call: callSummary(input.call.input as Record<string, unknown>),
      before: { decision: row.decision, rules: rulesOf(logged) },
      after: { decision: after.decision ?? '?', rules: rulesOf(after) },
    });

    if (row.policy_revision === candidate.revision) {
      report.same_revision.total += 1;
      if (canonicalResult(logged) === canonicalResult(after)) report.same_revision.reproduced += 1;
      else if (report.same_revision.not_reproduced.length < 20) report.same_revision.not_reproduced.push(example());
    }

    if (row.decision !== after.decision) {
      report.changed += 1;
      const transition = `${row.decision}→${after.decision}`;
      report.transitions[transition] = (report.transitions[transition] ?? 0) + 1;
      const list = (report.examples[transition] ??= []);
      if (list.length < maxExamples) list.push(example());
    } else if (
      JSON.stringify(rulesOf(logged)) !== JSON.stringify(rulesOf(after)) ||
      JSON.stringify([...(logged.categories ?? [])].sort()) !== JSON.stringify([...(after.categories ?? [])].sort())
    ) {
      report.reasons_changed += 1;
      const list = (report.examples['same action, other rules'] ??= []);
      if (list.length < maxExamples) list.push(example());
    } else {
      report.unchanged += 1;
    }
    if (report.total % 1000 === 0) options.onProgress?.(report.total);
  }
  return report;
}

export function renderReplay(report: ReplayReport): string {
  const out: string[] = [];
  const revisions = Object.entries(report.logged_revisions)
    .map(([rev, n]) => `${rev} (${n})`)
    .join(', ');
  out.push(`replayed ${report.total} logged decision(s) against candidate revision ${report.candidate_revision}`);
  if (revisions) out.push(`logged under: ${revisions}`);
  out.push(`  unchanged: ${report.unchanged}   action changed: ${report.changed}   same action, other rules: ${report.reasons_changed}   evaluation errors: ${report.errors}`);
  const transitions = Object.entries(report.transitions).sort((a, b) => b[1] - a[1]);
  if (transitions.length) {
    out.push('', 'transitions:');
    for (const [transition, count] of transitions) out.push(`  ${transition.padEnd(12)} ${count}`);
  }
  for (const [transition, examples] of Object.entries(report.examples)) {
    out.push('', `examples (${transition}):`);
    for (const e of examples) {
      out.push(`  ${e.decision_id}  ${new Date(e.created_at).toISOString()}  ${e.tool}: ${e.call}`);
      out.push(`      before ${e.before.decision} [${e.before.rules.join(', ')}]  →  after ${e.after.decision} [${e.after.rules.join(', ')}]`);
    }
  }
  if (report.same_revision.total) {
    const { total, reproduced, not_reproduced } = report.same_revision;
    out.push('', `exactness: ${reproduced}/${total} decisions logged under ${report.candidate_revision} reproduced exactly`);
    for (const e of not_reproduced) out.push(`  NOT reproduced: ${e.decision_id} ${e.tool}: ${e.call} (logged ${e.before.decision}, replayed ${e.after.decision})`);
  }
  return out.join('\n') + '\n';
}

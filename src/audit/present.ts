/**
 * Stored rows → what the API, the CLI and the viewer show: JSON columns parsed, times
 * in RFC 3339, the rule attribution spelled out. A column that no longer parses (a
 * tampered row) is shown as its raw text rather than hidden.
 */
import type { DecisionRow, DecisionSummaryRow } from '../store/audit-queries.js';
import { decodeColumn, decodeResult } from '../store/decision-log/record.js';
import { attributionFor, type Attribution } from '../policy/attribution.js';
import { rfc3339 } from './time.js';

/** A stored JSON column, or its raw text when it no longer parses (store/decision-log/record.ts). */
export const parseStored = decodeColumn;

function asArray<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

type StoredResult = {
  decision?: string;
  matched?: string[];
  reasons?: { rule: string; action?: string }[];
  warnings?: unknown[];
  dryrun?: unknown[];
  attribution?: Attribution;
};

/** The stored attribution, or one rebuilt from the result for rows written before it was stored. */
function attributionOf(row: { decision: string }, result: StoredResult, reasons: unknown[], ruleFiles: Record<string, string>): Attribution {
  const stored = result.attribution;
  if (stored && Array.isArray(stored.decided_by) && Array.isArray(stored.matched)) {
    return { ...stored, matched: stored.matched.map((m) => ({ ...m, file: m.file ?? ruleFiles[m.rule] ?? null })) };
  }
  return attributionFor(
    { decision: row.decision as 'allow', reasons: reasons as never, matched: asArray<string>(result.matched) },
    ruleFiles,
  );
}

export interface DecisionSummary {
  id: string;
  seq: number;
  time: string;
  session_id: string;
  agent_id: string | null;
  tool: string;
  kind: string;
  input: unknown;
  decision: string;
  categories: string[];
  risk: number;
  reasons: unknown[];
  obligations: unknown[];
  matched: string[];
  decided_by: string[];
  policy_revision: string;
  latency_us: number;
}

export function presentSummary(row: DecisionSummaryRow): DecisionSummary {
  const result = (decodeResult(row.result) ?? {}) as StoredResult;
  const reasons = asArray(parseStored(row.reasons));
  const attribution = attributionOf(row, result, reasons, {});
  return {
    id: row.id,
    seq: Number(row.seq),
    time: rfc3339(Number(row.created_at)),
    session_id: row.session_id,
    agent_id: row.agent_id,
    tool: row.tool,
    kind: row.kind,
    input: parseStored(row.input),
    decision: row.decision,
    categories: asArray<string>(parseStored(row.categories)),
    risk: Number(row.risk),
    reasons,
    obligations: asArray(parseStored(row.obligations)),
    matched: attribution.matched.map((m) => m.rule),
    decided_by: attribution.decided_by,
    policy_revision: row.policy_revision,
    latency_us: Number(row.latency_us),
  };
}

export interface DecisionDetail extends DecisionSummary {
  context: unknown;
  facts: unknown;
  session: unknown;
  warnings: unknown[];
  dryrun: unknown[];
  attribution: Attribution;
  policy: { revision: string; loaded_at: string | null; known: boolean };
  chain: { prev_hash: string; hash: string };
  /** The outcome the client reported after the tool ran, and a human's approval, when recorded. */
  outcome?: Record<string, unknown> | null;
  approval?: Record<string, unknown> | null;
}

export function presentDetail(
  row: DecisionRow,
  revision?: { revision: string; created_at: number; rules: Record<string, string> },
): DecisionDetail {
  const summary = presentSummary(row);
  const result = (decodeResult(row.result) ?? {}) as StoredResult;
  return {
    ...summary,
    context: parseStored(row.context),
    facts: parseStored(row.facts),
    session: parseStored(row.session),
    warnings: asArray(result.warnings),
    dryrun: asArray(result.dryrun),
    attribution: attributionOf(row, result, summary.reasons, revision?.rules ?? {}),
    policy: { revision: row.policy_revision, loaded_at: revision ? rfc3339(revision.created_at) : null, known: Boolean(revision) },
    chain: { prev_hash: row.prev_hash, hash: row.hash },
  };
}

/**
 * The decision log's record: what the pipeline hands the log (DecisionRecord, typed values),
 * encoded in one place (encodeDecision: masked, then serialised, the only way to a storable
 * row) and decoded in one place (the JSON columns of a stored decision as values). The audit
 * views, the exports, replay and explain all read rows through here.
 *
 * A column that no longer parses (a tampered or truncated row) decodes as its raw text
 * where it is shown (decodeColumn), and as empty where it is evaluated again (decodeObject),
 * so a bad row is visible and never crashes a reader.
 */
import type { DecisionsTable } from '../schema.js';
import { maskCallForLog, maskDeep, type LoggedCall } from './mask.js';

/** A decision as the pipeline hands it to the log: typed values, secrets not yet masked. */
export interface DecisionRecord {
  id: string;
  created_at: number;
  session_id: string;
  agent_id: string | null;
  /** The tool name as the client sent it. */
  tool: string;
  /** The tool kind it normalized to. */
  kind: string;
  input: unknown;
  /** The client context the policy saw (cwd, home, context tokens). */
  context: unknown;
  facts: unknown;
  /** The session view the policy saw, so that replay re-evaluates exactly. */
  session: unknown;
  decision: string;
  categories: string[];
  risk: number;
  reasons: unknown[];
  obligations: unknown[];
  /** The policy's whole result, attribution included. */
  result: object;
  policy_revision: string;
  latency_us: number;
}

/** A decision as the log stores it (every JSON column serialised and masked), before the chain gives it a seq. */
export type NewDecision = Omit<DecisionsTable, 'seq' | 'prev_hash' | 'hash'>;

/** How a record is masked: by policy data's settings, with the call's own masking if it was done already (a worker, a cache). */
export interface Masking {
  policyData: unknown;
  /** record.input and record.facts masked and serialised beforehand (maskCallForLog); computed here when absent. */
  call?: LoggedCall;
}

/**
 * The one encoding of a record. Every secret found in the call is masked wherever the record
 * repeats it: the context, the session view (loop labels quote the call), the reasons (rule
 * messages quote arguments) and the result.
 */
export function encodeDecision(record: DecisionRecord, masking: Masking): NewDecision {
  const call = masking.call ?? maskCallForLog(record.input, record.facts, masking.policyData);
  return {
    id: record.id,
    created_at: record.created_at,
    session_id: record.session_id,
    agent_id: record.agent_id,
    tool: record.tool,
    kind: record.kind,
    input: call.input,
    context: JSON.stringify(call.mask(maskDeep(record.context, masking.policyData))),
    facts: call.facts,
    session: JSON.stringify(call.mask(maskDeep(record.session, masking.policyData))),
    decision: record.decision,
    categories: JSON.stringify(record.categories),
    risk: record.risk,
    reasons: JSON.stringify(call.mask(record.reasons)),
    obligations: JSON.stringify(record.obligations),
    result: JSON.stringify(call.mask(record.result)),
    policy_revision: record.policy_revision,
    latency_us: record.latency_us,
  };
}

export type DecisionJsonColumn = 'input' | 'context' | 'facts' | 'session' | 'categories' | 'reasons' | 'obligations' | 'result';

/** A JSON column's value, or its raw text when it does not parse. */
export function decodeColumn(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A JSON column that must hold an object: anything else (corrupt, null, a list) reads as empty. */
export function decodeObject(text: string): Record<string, unknown> {
  const value = decodeColumn(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export interface DecodedDecision {
  input: unknown;
  context: unknown;
  facts: unknown;
  session: unknown;
  categories: string[];
  reasons: unknown[];
  obligations: unknown[];
  /** The policy's whole result as stored (null when unreadable). */
  result: Record<string, unknown> | null;
}

/** The result column: the policy's whole answer as stored, or null when unreadable. */
export function decodeResult(text: string): Record<string, unknown> | null {
  const result = decodeColumn(text);
  return result && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : null;
}

export function decodeDecision(row: Pick<DecisionsTable, DecisionJsonColumn>): DecodedDecision {
  return {
    input: decodeColumn(row.input),
    context: decodeColumn(row.context),
    facts: decodeColumn(row.facts),
    session: decodeColumn(row.session),
    categories: asArray<string>(decodeColumn(row.categories)),
    reasons: asArray(decodeColumn(row.reasons)),
    obligations: asArray(decodeColumn(row.obligations)),
    result: decodeResult(row.result),
  };
}

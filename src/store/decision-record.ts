/**
 * The decision log's record, decoded in one place: the JSON columns of a stored decision
 * (input, context, facts, session, categories, reasons, obligations, result) as values.
 * The audit views, the exports, replay and explain all read rows through here.
 *
 * A column that no longer parses (a tampered or truncated row) decodes as its raw text
 * where it is shown (decodeColumn), and as empty where it is evaluated again (decodeObject),
 * so a bad row is visible and never crashes a reader.
 */
import type { DecisionsTable } from './schema.js';

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

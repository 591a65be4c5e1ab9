/**
 * Exporting the log: OPA's decision log format (NDJSON, one event per decision, so
 * existing OPA log tooling reads it), CSV for spreadsheets, and plain NDJSON of the
 * detail view. Rows are read a page at a time and written as they come.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditQueries, DecisionFilter, DecisionRow } from '../store/audit-queries.js';
import { PACKAGE_ROOT } from '../paths.js';
import { parseStored, presentDetail } from './present.js';
import { decodeDecision } from '../store/decision-record.js';
import { rfc3339 } from './time.js';

export const EXPORT_FORMATS = ['opa', 'csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The decision path as OPA names it: the entrypoint every decision comes from. */
export const DECISION_PATH = 'toolgate/decision';

let packageVersion: string | undefined;
function toolgateVersion(): string {
  if (packageVersion === undefined) {
    try {
      packageVersion = String(JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version ?? 'unknown');
    } catch {
      packageVersion = 'unknown';
    }
  }
  return packageVersion;
}

/** Every decision matching the filter, oldest first, fetched a page at a time. */
export async function* iterateDecisions(queries: AuditQueries, filter: DecisionFilter, pageSize = 500): AsyncGenerator<DecisionRow> {
  let after = 0;
  for (;;) {
    const page = await queries.listFull(filter, after, pageSize);
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    after = Number(page.at(-1)!.seq);
  }
}

/**
 * One event of OPA's decision log: decision_id, path, input, result, timestamp,
 * labels {id, version}, revision and bundles. `input` is what the policy evaluated
 * (call, facts, session, context), with secrets masked as stored.
 */
export function toOpaEvent(row: DecisionRow): Record<string, unknown> {
  const { input, facts, session, context } = decodeDecision(row);
  return {
    labels: { id: 'toolgate', version: toolgateVersion(), app: 'toolgate' },
    decision_id: row.id,
    path: DECISION_PATH,
    input: {
      call: { tool: row.tool, kind: row.kind, input, session_id: row.session_id, agent_id: row.agent_id },
      facts,
      session,
      context,
    },
    result: parseStored(row.result),
    timestamp: rfc3339(Number(row.created_at)),
    revision: row.policy_revision,
    bundles: { toolgate: { revision: row.policy_revision } },
    metrics: { timer_server_handler_ns: Number(row.latency_us) * 1000 },
    // Not an OPA field: where the event sits in toolgate's hash chain, to cross-check.
    toolgate: { seq: Number(row.seq), prev_hash: row.prev_hash, hash: row.hash },
  };
}

export const CSV_COLUMNS = [
  'seq',
  'id',
  'time',
  'session_id',
  'agent_id',
  'tool',
  'kind',
  'decision',
  'categories',
  'risk',
  'decided_by',
  'matched',
  'policy_revision',
  'latency_us',
  'input',
  'hash',
] as const;

/**
 * One CSV cell. Logged inputs are hostile: a cell starting with = + - @ (or a tab or
 * CR), even after blanks, would run as a formula in a spreadsheet, so it is prefixed
 * with a quote.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Leading blanks too: some spreadsheets skip them before reading a formula.
  if (/^[\s]*[=+\-@]|^[\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvLine(row: DecisionRow): string {
  const d = presentDetail(row);
  const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    seq: d.seq,
    id: d.id,
    time: d.time,
    session_id: d.session_id,
    agent_id: d.agent_id,
    tool: d.tool,
    kind: d.kind,
    decision: d.decision,
    categories: d.categories.join(';'),
    risk: d.risk,
    decided_by: d.decided_by.join(';'),
    matched: d.matched.join(';'),
    policy_revision: d.policy_revision,
    latency_us: d.latency_us,
    input: row.input,
    hash: row.hash,
  };
  return CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',');
}

/** Writes the export; `write` may return a promise to apply backpressure. Returns the row count. */
export async function exportDecisions(
  queries: AuditQueries,
  filter: DecisionFilter,
  format: ExportFormat,
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(`${CSV_COLUMNS.join(',')}\r\n`);
  for await (const row of iterateDecisions(queries, filter)) {
    const line =
      format === 'opa' ? JSON.stringify(toOpaEvent(row)) : format === 'csv' ? toCsvLine(row) : JSON.stringify(presentDetail(row));
    await write(format === 'csv' ? `${line}\r\n` : `${line}\n`);
    count += 1;
  }
  return count;
}

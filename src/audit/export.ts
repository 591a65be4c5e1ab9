/**
 * Exporting the log: OPA's decision log format (NDJSON, one event per decision, so
 * existing OPA log tooling reads it), CSV for spreadsheets, and plain NDJSON of the
 * detail view. Rows are read a page at a time and written as they come.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditQueries, DecisionFilter, DecisionRow } from '../store/audit-queries.js';
import { CHAINED_FIELDS, chainHash, followUpHash, GENESIS_HASH, type ChainedRow } from '../store/decision-log/chain.js';
import { PACKAGE_ROOT } from '../paths.js';
import { parseStored, presentDetail } from './present.js';
import { decodeDecision } from '../store/decision-log/record.js';
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
  for await (const page of iteratePages(queries, filter, pageSize)) yield* page;
}

async function* iteratePages(queries: AuditQueries, filter: DecisionFilter, pageSize = 500): AsyncGenerator<DecisionRow[]> {
  let after = 0;
  for (;;) {
    const page = await queries.listFull(filter, after, pageSize);
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = Number(page.at(-1)!.seq);
  }
}

/** What happened to a decision after it was answered: its approval and its reported outcome. */
export interface DecisionFollowUps {
  approval: Record<string, unknown> | null;
  outcome: Record<string, unknown> | null;
}

/** The chain link of a row as stored: every hashed field as the writer hashed it, and the hashes. */
export function chainLink(row: DecisionRow, exportPrevSeq: number | null = null): { fields: Record<string, unknown>; prev_hash: string; hash: string; export_prev_seq: number | null } {
  return {
    fields: Object.fromEntries(CHAINED_FIELDS.map((field) => [field, row[field] ?? null])),
    prev_hash: row.prev_hash,
    hash: row.hash,
    // The seq of the row before this one in the export (null for the first): a line removed from
    // a filtered export, where the hashes cannot link, still shows.
    export_prev_seq: exportPrevSeq,
  };
}

export interface FileVerifyReport {
  ok: boolean;
  checked: number;
  /** Places where the export skips rows (a filtered export): each link is still checked on its own. */
  gaps: number;
  first_seq: number | null;
  last: { seq: number; hash: string } | null;
  error?: { line: number; seq: number | null; reason: string };
}

/**
 * Verifies an export written with its chain links, with no database: each row's hash is
 * recomputed from its stored fields, the event a reader sees is rebuilt from those fields and
 * must be the same, and consecutive rows must link (prev_hash = the previous
 * hash). A row 1 must start from the genesis hash; an export that starts later starts from the
 * prev_hash it carries (compare it, or the last hash, with \`toolgate audit head\` kept elsewhere).
 */
export function verifyExportLines(lines: Iterable<string>, key?: string): FileVerifyReport {
  const report: FileVerifyReport = { ok: true, checked: 0, gaps: 0, first_seq: null, last: null };
  let lineNo = 0;
  for (const line of lines) {
    lineNo += 1;
    if (!line.trim()) continue;
    let link: { fields: ChainedRow; prev_hash: string; hash: string; export_prev_seq?: number | null } | undefined;
    let event: Record<string, unknown> & { path?: unknown; toolgate?: { chain?: typeof link } & Partial<DecisionFollowUps> };
    try {
      event = JSON.parse(line);
      link = event.toolgate?.chain;
    } catch {
      return { ...report, ok: false, error: { line: lineNo, seq: null, reason: 'not JSON' } };
    }
    if (!link) return { ...report, ok: false, error: { line: lineNo, seq: null, reason: 'no chain link (export with --with-chain)' } };
    const seq = Number(link.fields.seq);
    const fail = (reason: string): FileVerifyReport => ({ ...report, ok: false, error: { line: lineNo, seq, reason } });
    if ((link.export_prev_seq ?? null) !== (report.last?.seq ?? null)) {
      return fail(`the export had row ${link.export_prev_seq ?? '(none)'} before this one: a line was removed or moved`);
    }
    if (report.last === null) {
      report.first_seq = seq;
      if (seq === 1 && link.prev_hash !== GENESIS_HASH) return fail('row 1 does not start from the genesis hash');
    } else if (seq === report.last.seq + 1) {
      if (link.prev_hash !== report.last.hash) return fail(`prev_hash does not match row ${report.last.seq}'s hash: a row was removed or reordered`);
    } else if (seq > report.last.seq) {
      report.gaps += 1;
    } else {
      return fail(`seq ${seq} after ${report.last.seq}: rows out of order`);
    }
    if (chainHash(link.prev_hash, link.fields, key) !== link.hash) return fail('the row was edited: its hash does not match its fields');
    // What followed the decision is tied to its chain hash: an edited approval or outcome shows.
    for (const kind of ['approval', 'outcome'] as const) {
      const record = event.toolgate?.[kind] as Record<string, unknown> | null | undefined;
      if (record && (typeof record.hash !== 'string' || followUpHash(kind, link.hash, record, key) !== record.hash)) {
        return fail(`the ${kind === 'approval' ? 'approval' : 'reported outcome'} was edited: its hash does not match its fields and its decision's hash`);
      }
    }
    // What a reader sees must be what was chained: the event is rebuilt from its chained fields.
    const row = { ...link.fields, prev_hash: link.prev_hash, hash: link.hash } as DecisionRow;
    const extra = { followUps: { approval: event.toolgate?.approval ?? null, outcome: event.toolgate?.outcome ?? null }, chain: true, prevSeq: report.last?.seq ?? null };
    const rebuilt = event.path !== undefined ? toOpaEvent(row, extra) : { ...presentDetail(row), toolgate: toolgateExtension(row, extra) };
    if (JSON.stringify({ ...rebuilt, labels: null }) !== JSON.stringify({ ...event, labels: null })) {
      return fail('the event was edited: its fields differ from the chained fields it carries');
    }
    report.checked += 1;
    report.last = { seq, hash: link.hash };
  }
  return report;
}

/**
 * One event of OPA's decision log: decision_id, path, input, result, timestamp,
 * labels {id, version}, revision and bundles. `input` is what the policy evaluated
 * (call, facts, session, context), with secrets masked as stored.
 */
export function toOpaEvent(row: DecisionRow, extra: ExportExtra = {}): Record<string, unknown> {
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
    // Not an OPA field: where the event sits in toolgate's hash chain, to cross-check; what
    // followed the decision (approval, outcome); with --with-chain, the link to verify offline.
    toolgate: toolgateExtension(row, extra),
  };
}

interface ExportExtra {
  followUps?: DecisionFollowUps;
  chain?: boolean;
  /** The seq of the previous row of the export, carried in the chain link. */
  prevSeq?: number | null;
}

function toolgateExtension(row: DecisionRow, extra: ExportExtra): Record<string, unknown> {
  return {
    seq: Number(row.seq),
    prev_hash: row.prev_hash,
    hash: row.hash,
    ...(extra.followUps ? extra.followUps : {}),
    ...(extra.chain ? { chain: chainLink(row, extra.prevSeq ?? null) } : {}),
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
  options: { chain?: boolean } = {},
): Promise<number> {
  let count = 0;
  let prevSeq: number | null = null;
  if (format === 'csv') await write(`${CSV_COLUMNS.join(',')}\r\n`);
  for await (const page of iteratePages(queries, filter)) {
    // The approvals and outcomes of the page, in two queries: the export is the whole record.
    const followUps = format === 'csv' ? null : await queries.followUps(page.map((row) => row.id));
    for (const row of page) {
      const extra = { followUps: followUps?.get(row.id) ?? { approval: null, outcome: null }, chain: options.chain, prevSeq };
      prevSeq = Number(row.seq);
      const line =
        format === 'opa'
          ? JSON.stringify(toOpaEvent(row, extra))
          : format === 'csv'
            ? toCsvLine(row)
            : JSON.stringify({ ...presentDetail(row), toolgate: toolgateExtension(row, extra) });
      await write(format === 'csv' ? `${line}\r\n` : `${line}\n`);
      count += 1;
    }
  }
  return count;
}

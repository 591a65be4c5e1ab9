/**
 * Case tables: one row per case, columns named for what a non-Rego author knows (the
 * command, the expected decision, the rule ids). A YAML `table: {columns, rows}` or a
 * CSV file with a header row; each row becomes an ordinary case object.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()), z.record(z.string(), z.unknown())]);

export const TableForm = z
  .object({
    columns: z.array(z.string()).min(1),
    rows: z.array(z.array(Cell)),
  })
  .strict();

export type TableForm = z.infer<typeof TableForm>;

/** Columns that fill one field of the tool input directly. */
const INPUT_FIELDS = new Set(['command', 'path', 'url', 'text', 'content', 'method', 'old_string', 'new_string', 'to']);
const LIST_COLUMNS = new Set(['categories', 'not_categories', 'rules', 'not_rules', 'obligations', 'tags']);
const CONTEXT_COLUMNS = new Set(['cwd', 'home']);
export const TABLE_COLUMNS = ['name', 'tool', 'agent', 'input', 'session', 'decision', ...LIST_COLUMNS, ...INPUT_FIELDS, ...CONTEXT_COLUMNS];

function isEmpty(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** "a, b c" or a YAML list → ["a", "b", "c"]. */
function list(cell: unknown): string[] {
  if (Array.isArray(cell)) return cell.map(String);
  return String(cell)
    .split(/[\s,;]+/)
    .filter(Boolean);
}

/** "ask", "ask|deny", "ask or deny", [ask, deny] */
function decision(cell: unknown): string | string[] {
  const values = (Array.isArray(cell) ? cell.map(String) : String(cell).split(/\s*(?:\||,|\bor\b)\s*/)).map((v) => v.trim()).filter(Boolean);
  for (const value of values) {
    if (!['allow', 'ask', 'deny'].includes(value)) throw new Error(`column decision: "${value}" is not allow, ask or deny`);
  }
  return values.length === 1 ? values[0] : values;
}

/** A JSON object written in a cell (CSV) or a YAML mapping. */
function object(cell: unknown, column: string): Record<string, unknown> {
  if (typeof cell === 'object' && cell !== null && !Array.isArray(cell)) return cell as Record<string, unknown>;
  if (typeof cell === 'string' && cell.trim().startsWith('{')) {
    try {
      return JSON.parse(cell);
    } catch (error) {
      throw new Error(`column ${column}: not valid JSON: ${(error as Error).message}`);
    }
  }
  throw new Error(`column ${column}: expected a JSON object, got ${JSON.stringify(cell)}`);
}

/** Converts table rows to case objects (the same shape as entries of `cases:`). */
export function tableToCases(table: TableForm): Record<string, unknown>[] {
  const unknown = table.columns.filter((column) => !TABLE_COLUMNS.includes(column));
  if (unknown.length) {
    throw new Error(`unknown column(s) ${unknown.join(', ')}; known: ${TABLE_COLUMNS.join(', ')}`);
  }
  return table.rows.map((row, index) => {
    if (row.length > table.columns.length) {
      throw new Error(`row ${index + 1} has ${row.length} cells but there are ${table.columns.length} columns`);
    }
    try {
      return rowToCase(table.columns, row);
    } catch (error) {
      throw new Error(`row ${index + 1}: ${(error as Error).message}`);
    }
  });
}

function rowToCase(columns: string[], row: unknown[]): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  const expect: Record<string, unknown> = {};
  const input: Record<string, unknown> = {};
  const context: Record<string, unknown> = {};
  let shorthand: string | undefined;
  columns.forEach((column, i) => {
    const cell = row[i];
    if (isEmpty(cell)) return;
    if (column === 'name' || column === 'tool' || column === 'agent') entry[column] = String(cell);
    else if (column === 'decision') expect.decision = decision(cell);
    else if (column === 'tags') entry.tags = list(cell);
    else if (LIST_COLUMNS.has(column)) expect[column] = list(cell);
    else if (CONTEXT_COLUMNS.has(column)) context[column] = String(cell);
    else if (INPUT_FIELDS.has(column)) input[column] = typeof cell === 'string' ? cell : JSON.stringify(cell);
    else if (column === 'session') entry.session = object(cell, column);
    else if (column === 'input') {
      if (typeof cell === 'object' || String(cell).trim().startsWith('{')) Object.assign(input, object(cell, column));
      else shorthand = String(cell);
    }
  });
  if (Object.keys(expect).length) entry.expect = expect;
  if (Object.keys(context).length) entry.context = context;
  if (Object.keys(input).length) entry.input = input;
  // A bare `input` string is the same shorthand as a string case: the tool's main field.
  if (shorthand !== undefined) entry.shorthand = shorthand;
  return entry;
}

/** The header row's separator: a tab or ";" when the header uses one and no comma, else ",". */
function detectDelimiter(text: string): string {
  const header = text.replace(/^\ufeff/, '').split(/\r?\n/).find((line) => line.trim() && !line.trimStart().startsWith('#')) ?? '';
  if (header.includes(',')) return ',';
  if (header.includes('\t')) return '\t';
  if (header.includes(';')) return ';';
  return ',';
}

/** A CSV case table: the header row names the columns; `#` lines are comments. */
export function parseCsvTable(text: string): TableForm {
  const records = parseCsv(text, {
    comment: '#',
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    // Spreadsheets export with a byte-order mark, and with ";" or tabs in many locales.
    bom: true,
    delimiter: detectDelimiter(text),
  }) as string[][];
  if (records.length === 0) throw new Error('empty CSV: the first row must name the columns');
  const [columns, ...rows] = records;
  return { columns, rows };
}

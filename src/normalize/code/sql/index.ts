/**
 * SQL given to a database client → effects. The statement is parsed by node-sql-parser in
 * the client's dialect (each dialect's parser is loaded on first use); what it removes is a
 * `delete` of a database path (`db:<database>/<table>`), what it rewrites whole is a
 * `write`, and what runs a program (`COPY … TO PROGRAM`, `xp_cmdshell`) is an `exec`.
 *
 * Statements the parser does not know (DROP DATABASE in some dialects, COPY, EXEC) are
 * tokenised (comments and string literals skipped, never matched as raw text) and judged
 * by their leading keywords; what is still not understood is an `unknown` effect.
 */
import { createRequire } from 'node:module';
import type { Effect } from '../../effects.js';
import { execEffect, resourcePath } from '../build.js';

const require = createRequire(import.meta.url);

/** Our dialect names → node-sql-parser's build file and database option. */
const DIALECTS: Record<string, { build: string; database: string }> = {
  postgresql: { build: 'postgresql', database: 'PostgresQL' },
  mysql: { build: 'mysql', database: 'MySQL' },
  mariadb: { build: 'mariadb', database: 'MariaDB' },
  sqlite: { build: 'sqlite', database: 'Sqlite' },
  transactsql: { build: 'transactsql', database: 'TransactSQL' },
  bigquery: { build: 'bigquery', database: 'BigQuery' },
  snowflake: { build: 'snowflake', database: 'Snowflake' },
  redshift: { build: 'redshift', database: 'Redshift' },
};

interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
}
const parsers = new Map<string, SqlParser>();

function parserFor(build: string): SqlParser {
  let parser = parsers.get(build);
  if (parser === undefined) {
    const { Parser } = require(`node-sql-parser/build/${build}`) as { Parser: new () => SqlParser };
    parser = new Parser();
    parsers.set(build, parser);
  }
  return parser;
}

/** SQL longer than this is not parsed (unknown). */
const MAX_SQL = 16 * 1024;

const PRODUCER = 'code:sql';

interface TableRef {
  db?: string | null;
  table?: string | null;
  schema?: string | null;
}

type Ast = Record<string, unknown> & { type?: string };

/**
 * Effects of `sql` in `dialect` ("postgresql", "mysql", "sqlite", "transactsql", …; others
 * are tried as postgresql then mysql). `database` names the database when the client says
 * which (a connection string, a file name): tables become `db:<database>/<table>`.
 * `alwaysParse` asks the parser even where the tokens suffice (the test that proves they do).
 */
export function sqlEffects(sql: string, dialect: string, database?: string, alwaysParse = false): Effect[] {
  const out: Effect[] = [];
  if (sql.length > MAX_SQL) return [unknown('too_long_sql')];
  sql = dotCommands(sql, out);
  sql = backslashCommands(sql, out);
  if (sql.trim() === '') return out;
  const dbName = (database ?? '').replace(/^.*[\\/]/, '') || '*';
  // The parser (a few hundred µs to milliseconds a statement) is asked only when a statement it
  // reads can have an effect: see mayChangeData. Otherwise the tokens say the same.
  const statements = alwaysParse || mayChangeData(sql) ? parse(sql, dialect) : null;
  if (statements === null) {
    lexical(sql, dbName, out);
    serverFiles(sql, out);
    return out;
  }
  for (const stmt of statements) statementEffects(stmt, dbName, out);
  // Parsed statements can still hide a program run in a procedure call (EXEC xp_cmdshell …).
  if (/xp_cmdshell|\bprogram\b/i.test(sql)) lexical(sql, dbName, out, true);
  serverFiles(sql, out);
  return out;
}

/**
 * Files the database server reads or writes for the statement, in every dialect: functions
 * that take a path (`pg_read_file('/etc/shadow')`, `LOAD_FILE(…)`, `lo_import`/`lo_export`,
 * `pg_ls_dir`), and clauses that name one (`COPY t FROM/TO '/path'`, `INTO OUTFILE`/`DUMPFILE`,
 * `LOAD DATA INFILE`, sqlite's `ATTACH 'file'`); `load_extension` loads code (unknown). Read
 * on the tokens (strings and comments kept apart), so a path in a comment is not one.
 */
const FILE_FUNCTIONS: Readonly<Record<string, { effect: 'read' | 'write' | 'load'; arg: number }>> = {
  pg_read_file: { effect: 'read', arg: 0 },
  pg_read_binary_file: { effect: 'read', arg: 0 },
  pg_ls_dir: { effect: 'read', arg: 0 },
  lo_import: { effect: 'read', arg: 0 },
  lo_export: { effect: 'write', arg: 1 },
  load_file: { effect: 'read', arg: 0 },
  readfile: { effect: 'read', arg: 0 },
  writefile: { effect: 'write', arg: 0 },
  load_extension: { effect: 'load', arg: 0 },
};

function serverFiles(sql: string, out: Effect[]): void {
  if (!/pg_|lo_|load|readfile|writefile|copy|outfile|dumpfile|infile|attach/i.test(sql)) return;
  const words = tokens(sql);
  const upper = words.map((w) => (/^['"$]/.test(w) ? w : w.toUpperCase()));
  const stringAt = (i: number): string | null => (words[i]?.startsWith("'") ? unquote(words[i]) : null);
  const file = (effect: 'read' | 'write', raw: string): void => {
    const path = resourcePath(raw);
    out.push(effect === 'read' ? { type: 'read', producer: PRODUCER, command: null, path } : { type: 'write', producer: PRODUCER, command: null, path, mode: 'create', content: null });
  };
  for (let i = 0; i < words.length; i++) {
    const fn = FILE_FUNCTIONS[words[i].toLowerCase()];
    if (fn !== undefined && words[i + 1] === '(') {
      // The arguments up to the closing parenthesis, split at top-level commas.
      const args: string[][] = [[]];
      let depth = 0;
      for (let j = i + 2; j < words.length; j++) {
        if (words[j] === '(') depth++;
        if (words[j] === ')' && depth-- === 0) break;
        if (words[j] === ',' && depth === 0) args.push([]);
        else args[args.length - 1].push(words[j]);
      }
      const arg = args[fn.arg];
      const raw = arg?.length === 1 && arg[0].startsWith("'") ? unquote(arg[0]) : null;
      if (fn.effect === 'load') out.push(unknown(`sql_load_extension`));
      else if (raw === null) out.push(unknown(`dynamic_server_file:${words[i].toLowerCase()}`));
      else file(fn.effect, raw);
      continue;
    }
    // COPY t FROM '/path' / COPY t TO '/path' (PROGRAM and STDIN/STDOUT are not files).
    if (upper[i] === 'COPY') {
      for (let j = i + 1; j < words.length && words[j] !== ';'; j++) {
        if ((upper[j] === 'FROM' || upper[j] === 'TO') && stringAt(j + 1) !== null) file(upper[j] === 'FROM' ? 'read' : 'write', stringAt(j + 1)!);
      }
    }
    if (upper[i] === 'INTO' && (upper[i + 1] === 'OUTFILE' || upper[i + 1] === 'DUMPFILE') && stringAt(i + 2) !== null) file('write', stringAt(i + 2)!);
    if (upper[i] === 'INFILE' && stringAt(i + 1) !== null) file('read', stringAt(i + 1)!);
    if (upper[i] === 'ATTACH') {
      const at = upper[i + 1] === 'DATABASE' ? i + 2 : i + 1;
      if (stringAt(at) !== null && stringAt(at) !== ':memory:') file('write', stringAt(at)!);
    }
  }
}

/** sqlite3's dot-commands that run a program, and those that read or write files or load code. */
const DOT_RUNS = new Set(['shell', 'system']);
const DOT_FILES = new Set(['load', 'read', 'import', 'output', 'once', 'save', 'backup', 'restore', 'open', 'excel', 'log']);

/**
 * The sqlite3 shell's dot-commands (`.tables`, `.schema`, `.shell CMD`), one per line: not SQL.
 * A program they run is an exec read by the bash producer; files and extensions are unknown
 * (the policy asks); the others only show. Returns the SQL without them.
 */
function dotCommands(sql: string, out: Effect[]): string {
  if (!/(^|\n)\s*\./.test(sql)) return sql;
  const kept: string[] = [];
  for (const line of sql.split('\n')) {
    const dot = /^\s*\.([A-Za-z_]+)\s*(.*)$/.exec(line);
    if (dot === null) {
      kept.push(line);
      continue;
    }
    const [, name, rest] = dot as unknown as [string, string, string];
    const command = rest.trim().replace(/^(['"])([\s\S]*)\1$/, '$2');
    if (DOT_RUNS.has(name.toLowerCase())) out.push(execEffect(PRODUCER, 'sh', ['sh', '-c', command], 'bash', command, 'argv'));
    else if (DOT_FILES.has(name.toLowerCase())) out.push(unknown(`sqlite_dot_${name.toLowerCase()}`));
  }
  return kept.join('\n');
}

/**
 * The backslash meta-commands of psql and mysql (`\d+ users`, `\dt`, `\x`, `\conninfo`), one
 * per line: not SQL. Most only show; `\!` runs a program (an exec read by the bash producer);
 * those that read, write or run a file or run the query's output as SQL are unknown (the policy
 * asks). Returns the SQL without them.
 */
const BACKSLASH_RUNS = new Set(['!']);
const BACKSLASH_FILES = new Set(['i', 'ir', 'include', 'include_relative', 'copy', 'o', 'out', 'w', 'write', 'lo_import', 'lo_export', 'gexec', 'g', 'gx', 'e', 'edit', 'ef', 'ev', 's', '.', 'source', 'tee']);

function backslashCommands(sql: string, out: Effect[]): string {
  if (!sql.includes('\\')) return sql;
  const kept: string[] = [];
  for (let line of sql.split('\n')) {
    // A query ended by a meta-command (`SELECT … \gexec`, `SELECT … \g /tmp/out`): the query is
    // read, and running its output as SQL or sending it to a file or a pipe is unknown.
    const tail = /\\(gexec|gx?\s+\S.*|o\s+\S.*|w\s+\S.*)$/.exec(line);
    if (tail !== null && !/^\s*\\/.test(line)) {
      out.push(unknown(`psql_meta_${tail[1]!.split(/\s/)[0]}`));
      line = line.slice(0, tail.index);
    }
    const meta = /^\s*\\(!|\.|[A-Za-z_]+\+?)\s*(.*)$/.exec(line);
    if (meta === null) {
      kept.push(line);
      continue;
    }
    const name = meta[1]!.replace(/\+$/, '');
    const rest = meta[2]!.trim();
    if (BACKSLASH_RUNS.has(name)) out.push(execEffect(PRODUCER, 'sh', ['sh', '-c', rest], 'bash', rest, 'argv'));
    // `\g` and `\gx` alone only send the buffer; with a file or a pipe they write or run.
    else if ((name === 'g' || name === 'gx') && rest === '') continue;
    else if (BACKSLASH_FILES.has(name.toLowerCase()) || name === 'T') out.push(unknown(`psql_meta_${name.toLowerCase()}`));
  }
  return kept.join('\n');
}

/** The words of the statements whose parse can give an effect (statementEffects), anywhere in the text. */
const CHANGING_WORD = /(?<![a-z])(?:drop|truncate|delete|update|alter)(?![a-z])/i;
/** First words of the statements the lexical judge passes over (judge's list). */
const PASSED_OVER = /^(?:SELECT|INSERT|WITH|SHOW|EXPLAIN|DESCRIBE|DESC|BEGIN|COMMIT|ROLLBACK|SET|USE|PRAGMA|VACUUM|ANALYZE|CREATE)$/;

/**
 * Whether parsing `sql` can state more than its tokens do. A parsed statement has an effect
 * only when it is a drop, truncate, delete, update or alter, and the parser names none of those
 * without the word in the text (letters on neither side; searched in strings and comments too,
 * so no reading of quotes can hide one). Without such a word, a parse that succeeds states
 * nothing but the xp_cmdshell and COPY … PROGRAM runs of the tokens, and a parse that fails
 * leaves the statements to the tokens (lexical): the two agree when every statement, as the
 * tokens split them, starts with a word the lexical judge passes over; then the tokens alone
 * give the same effects, and the parse is skipped.
 */
function mayChangeData(sql: string): boolean {
  if (CHANGING_WORD.test(sql)) return true;
  let first = true;
  for (const w of tokens(sql)) {
    if (w === ';') first = true;
    else if (first) {
      if (/^['"$]/.test(w) || !PASSED_OVER.test(w.toUpperCase())) return true;
      first = false;
    }
  }
  return false;
}

function parse(sql: string, dialect: string): Ast[] | null {
  const tries = DIALECTS[dialect] ? [DIALECTS[dialect]] : [DIALECTS.postgresql, DIALECTS.mysql];
  for (const d of tries) {
    try {
      const ast = parserFor(d.build).astify(sql, { database: d.database });
      return (Array.isArray(ast) ? ast : [ast]) as Ast[];
    } catch {
      // try the next dialect
    }
  }
  return null;
}

function dbPath(dbName: string, ref: TableRef | string | null | undefined): ReturnType<typeof resourcePath> {
  if (ref === null || ref === undefined) return resourcePath(`db:${dbName}/*`);
  if (typeof ref === 'string') return resourcePath(`db:${dbName}/${ref}`);
  const db = ref.db ?? ref.schema;
  const name = [db, ref.table].filter((x) => typeof x === 'string' && x !== '').join('.');
  return resourcePath(`db:${dbName}/${name || '*'}`);
}

function statementEffects(stmt: Ast, dbName: string, out: Effect[]): void {
  const type = String(stmt.type ?? '').toLowerCase();
  const tables = (key: string): TableRef[] => {
    const v = stmt[key];
    return Array.isArray(v) ? (v as TableRef[]) : v && typeof v === 'object' ? [v as TableRef] : [];
  };
  if (type === 'drop' || type === 'truncate') {
    const keyword = String(stmt.keyword ?? 'table').toLowerCase();
    const names = tables('name');
    if (keyword === 'database' || keyword === 'schema') {
      for (const n of names.length ? names : [{}]) out.push(del(resourcePath(`db:${n.table ?? n.db ?? dbName}/*`), true));
      return;
    }
    for (const n of names.length ? names : [{}]) out.push(del(dbPath(dbName, n), type === 'drop'));
    return;
  }
  if (type === 'delete') {
    if (stmt.where === null || stmt.where === undefined) for (const t of tables('from').length ? tables('from') : tables('table')) out.push(del(dbPath(dbName, t), false));
    return;
  }
  if (type === 'update') {
    if (stmt.where === null || stmt.where === undefined) {
      for (const t of tables('table')) out.push({ type: 'write', producer: PRODUCER, command: null, path: dbPath(dbName, t), mode: 'edit', content: null });
    }
    return;
  }
  if (type === 'alter') {
    const exprs = Array.isArray(stmt.expr) ? (stmt.expr as Ast[]) : [];
    if (exprs.some((e) => String(e.action ?? '').toLowerCase() === 'drop')) for (const t of tables('table')) out.push(del(dbPath(dbName, t), false));
    return;
  }
}

function del(path: ReturnType<typeof resourcePath>, recursive: boolean): Effect {
  return { type: 'delete', producer: PRODUCER, command: null, path, recursive };
}

function unknown(reason: string): Effect {
  return { type: 'unknown', producer: PRODUCER, command: null, reason };
}

/** Words of SQL with comments dropped and string literals kept as one token each. */
function tokens(sql: string): string[] {
  const out: string[] = [];
  const re = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$\$[\s\S]*?\$\$|[A-Za-z_][\w$]*|;|\S/g;
  for (const m of sql.matchAll(re)) {
    const t = m[0];
    if (t.startsWith('--') || t.startsWith('/*')) continue;
    out.push(t);
  }
  return out;
}

/**
 * Statements the parser rejected, judged by their tokens: DROP/TRUNCATE/DELETE, COPY …
 * PROGRAM, xp_cmdshell. Anything else it cannot place is unknown.
 */
function lexical(sql: string, dbName: string, out: Effect[], programsOnly = false): void {
  const words = tokens(sql);
  let statement: string[] = [];
  const flush = (): void => {
    if (statement.length > 0) judge(statement, dbName, out, programsOnly);
    statement = [];
  };
  for (const w of words) {
    if (w === ';') flush();
    else statement.push(w);
  }
  flush();
}

function unquote(t: string): string {
  return t.replace(/^'([\s\S]*)'$/, '$1').replace(/''/g, "'").replace(/^"([\s\S]*)"$/, '$1');
}

function judge(words: string[], dbName: string, out: Effect[], programsOnly: boolean): void {
  const upper = words.map((w) => (/^['"$]/.test(w) ? w : w.toUpperCase()));
  const programAt = upper.indexOf('PROGRAM');
  if (upper[0] === 'COPY' && programAt !== -1 && words[programAt + 1] !== undefined) {
    const cmd = unquote(words[programAt + 1]);
    out.push(execEffect(PRODUCER, 'sh', ['sh', '-c', cmd], 'bash', cmd, 'argv'));
    return;
  }
  const xp = upper.findIndex((w) => w.toLowerCase().endsWith('xp_cmdshell'));
  if (xp !== -1) {
    const arg = words.slice(xp + 1).find((w) => w.startsWith("'"));
    const cmd = arg === undefined ? null : unquote(arg);
    out.push(execEffect(PRODUCER, 'cmd', cmd === null ? [] : ['cmd', '/c', cmd], 'bash', cmd, cmd === null ? 'dynamic' : 'argv'));
    return;
  }
  if (programsOnly) return;
  const name = (i: number): string => words.slice(i).find((w) => !/^(?:IF|EXISTS|NOT|TABLE|DATABASE|SCHEMA|ONLY)$/i.test(w) && w !== '(') ?? '*';
  if (upper[0] === 'DROP' && (upper[1] === 'DATABASE' || upper[1] === 'SCHEMA')) {
    out.push(del(resourcePath(`db:${unquote(name(2))}/*`), true));
    return;
  }
  if (upper[0] === 'DROP' || upper[0] === 'TRUNCATE') {
    out.push(del(dbPath(dbName, unquote(name(1))), upper[0] === 'DROP'));
    return;
  }
  if (upper[0] === 'DELETE' && !upper.includes('WHERE')) {
    out.push(del(dbPath(dbName, unquote(name(upper[1] === 'FROM' ? 2 : 1))), false));
    return;
  }
  if (/^(?:SELECT|INSERT|WITH|SHOW|EXPLAIN|DESCRIBE|DESC|BEGIN|COMMIT|ROLLBACK|SET|USE|PRAGMA|VACUUM|ANALYZE|CREATE)$/.test(upper[0] ?? '')) return;
  out.push(unknown('unparsed_sql'));
}

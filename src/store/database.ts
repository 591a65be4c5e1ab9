/**
 * Opening the database: SQLite (better-sqlite3, the embedded default) or PostgreSQL (pg),
 * behind one Kysely<Database>. Everything above this file is dialect-agnostic.
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';
import { perfCachesEnabled } from '../perf-caches.js';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  /**
   * For reads on the decision path (enrich). On a SQLite file: a second connection, so that
   * a read never waits behind the group commit's transaction on the writer's connection (WAL
   * readers see the last committed state; the per-session lock orders a session's read after
   * its previous commit). Elsewhere, and with TOOLGATE_PERF_CACHES=0: the same as db.
   */
  reader: Kysely<Database>;
  dialect: DialectName;
  /** Human-readable location without credentials, for logs. */
  location: string;
  /**
   * For the group commit (SQLite file, see walSyncer): `transaction` runs a batch whose COMMIT
   * does not sync (synchronous=NORMAL for that transaction only: every other write keeps
   * synchronous=FULL), and `syncCommitted` then makes every transaction committed so far
   * durable, off the event loop. Absent where each commit syncs itself (PostgreSQL, SQLite in
   * memory or with TOOLGATE_PERF_CACHES=0).
   */
  deferredSync?: {
    transaction: <T>(body: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
    syncCommitted: () => Promise<void>;
  };
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** int8 and numeric come back from pg as strings by default; our counters fit in a double. */
let pgTypesConfigured = false;
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pg.types.setTypeParser(20, (value) => Number(value)); // int8
  pg.types.setTypeParser(1700, (value) => Number(value)); // numeric
  pgTypesConfigured = true;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Longest a single query may take on the request path (TOOLGATE_PG_TIMEOUT_MS). */
const PG_TIMEOUT_MS = Number(process.env.TOOLGATE_PG_TIMEOUT_MS ?? 15_000);

export async function openDatabase(url: string, options: { migrate?: boolean } = {}): Promise<OpenDatabase> {
  let opened: OpenDatabase;
  if (isPostgresUrl(url)) {
    configurePgTypes();
    const pool = new pg.Pool({
      connectionString: url,
      max: Number(process.env.TOOLGATE_PG_POOL_MAX ?? 10),
      // A database that is down or unreachable fails a request within seconds (503), never hangs it.
      connectionTimeoutMillis: 5_000,
      query_timeout: PG_TIMEOUT_MS,
      statement_timeout: PG_TIMEOUT_MS,
      idle_in_transaction_session_timeout: 30_000,
      keepAlive: true,
    });
    // An idle client that loses its server must not crash the process; the pool drops it and
    // opens a new connection on the next request, so the gateway recovers by itself.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    opened = { db, reader: db, dialect: 'postgres', location: redactUrl(url), close: () => db.destroy() };
  } else {
    const file = url.replace(/^sqlite:(\/\/)?/, '');
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // How long a write waits for a lock held by another process before the call gets a 503.
    const busyMs = Number(process.env.TOOLGATE_SQLITE_BUSY_TIMEOUT_MS ?? 5_000);
    const sqlite = new SQLite(file, { timeout: Number.isFinite(busyMs) && busyMs >= 0 ? busyMs : 5_000 });
    // WAL: readers never block the writer. A committed decision must survive power loss, not
    // only a process crash: synchronous=FULL syncs the WAL in every commit, on the event loop.
    // The group commit's batches instead commit with synchronous=NORMAL and walSyncer runs the
    // same sync on libuv's thread pool; the committer answers only after it.
    const wal = sqlite.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    const syncer = wal && file !== ':memory:' && perfCachesEnabled() ? walSyncer(`${path.resolve(file)}-wal`) : null;
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const reader = file !== ':memory:' && perfCachesEnabled() ? openReader(file, busyMs) : null;
    opened = {
      db,
      reader: reader ?? db,
      dialect: 'sqlite',
      location: path.resolve(file),
      deferredSync: syncer ? { transaction: (body) => withoutCommitSync(db, body), syncCommitted: syncer.sync } : undefined,
      close: async () => {
        await reader?.destroy();
        await db.destroy();
        await syncer?.close();
      },
    };
  }
  if (options.migrate !== false) {
    try {
      if (opened.dialect === 'postgres') {
        // Migrations may legitimately run for minutes (an index on a large log): their own
        // connection, without the request timeouts of the pool.
        const migrationPool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
        migrationPool.on('error', () => {});
        const migrator = new Kysely<Database>({ dialect: new PostgresDialect({ pool: migrationPool }) });
        try {
          await migrateToLatest(migrator);
        } finally {
          await migrator.destroy();
        }
      } else {
        await migrateToLatest(opened.db);
      }
    } catch (error) {
      await opened.close().catch(() => {});
      throw error;
    }
  }
  return opened;
}

/**
 * fdatasync of the WAL file (what SQLite itself calls for it on Linux), the sync that
 * synchronous=FULL does at the end of every commit, run on libuv's thread pool so that the
 * event loop keeps deciding while the disk works. In WAL
 * mode a commit only appends to the WAL (the database file changes at checkpoints, which
 * synchronous=NORMAL syncs), so once this sync returns, every transaction committed before
 * it is on disk. The file is opened on first use (SQLite creates it with the first write).
 */
function walSyncer(walPath: string): { sync: () => Promise<void>; close: () => Promise<void> } {
  let handle: Promise<FileHandle> | null = null;
  return {
    sync: async () => {
      const current = (handle ??= open(walPath, 'r+'));
      try {
        await (await current).datasync();
      } catch (error) {
        // Open it again next time (and never leak the descriptor of a file that failed).
        if (handle === current) handle = null;
        await (await current.catch(() => null))?.close().catch(() => {});
        throw error;
      }
    },
    close: async () => {
      const open = handle;
      handle = null;
      await (await open?.catch(() => null))?.close();
    },
  };
}

/**
 * A transaction whose COMMIT leaves the WAL unsynced (synchronous=NORMAL), on the writer's one
 * connection held throughout, so that no other write runs in between with the relaxed setting.
 */
async function withoutCommitSync<T>(db: Kysely<Database>, body: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await connection.executeQuery(SYNC_NORMAL);
    try {
      return await connection.transaction().execute(body);
    } finally {
      await connection.executeQuery(SYNC_FULL);
    }
  });
}

const SYNC_NORMAL = CompiledQuery.raw('pragma synchronous = NORMAL');
const SYNC_FULL = CompiledQuery.raw('pragma synchronous = FULL');

/** The second SQLite connection for reads; null (use the writer) if it cannot be opened. */
function openReader(file: string, busyMs: number): Kysely<Database> | null {
  try {
    const sqlite = new SQLite(file, { readonly: true, timeout: Number.isFinite(busyMs) && busyMs >= 0 ? busyMs : 5_000 });
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  } catch {
    return null;
  }
}

/** How many prepared statements a connection keeps (the decision path uses a few dozen). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running the
 * small statements of a decision. Statements are reused by SQL text (bounded, oldest out).
 * Kysely runs one query at a time per connection (its mutex), so a statement is never busy
 * when it is handed out again.
 */
function withStatementCache(sqlite: SQLite.Database): { close(): void; prepare(sql: string): SQLite.Statement } {
  if (!perfCachesEnabled()) return sqlite;
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement) {
        // Most recently used last, so that eviction takes the oldest.
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'toolgate_migrations', migrationLockTableName: 'toolgate_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}

/** A cheap round trip, for /readyz. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error|Query read timeout|the database system is (starting up|shutting down|in recovery mode)|terminating connection|driver has already been destroyed/i;

/**
 * Is this error the database being unavailable or refusing work (rather than a bug)? The
 * HTTP layer answers these with 503 — retry later, no decision given — never a 500.
 */
export function isDatabaseError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { name?: string; code?: unknown; message?: unknown; cause?: unknown };
  if (e.name === 'SqliteError') return true;
  if (error instanceof pg.DatabaseError) return true;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseError(inner, depth + 1))) return true;
  return isDatabaseError(e.cause, depth + 1);
}

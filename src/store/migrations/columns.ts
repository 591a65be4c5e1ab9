/**
 * Tables as data for the migrations: each column is a line of its type and constraints, and
 * createTable turns the lot into Kysely's DDL. The DDL is the same as writing each
 * `.addColumn(name, type, (c) => c.notNull())` by hand (Kysely compiles a column's constraints
 * in a fixed order, whatever order they were called in): a fresh database's schema dump is
 * identical on SQLite and PostgreSQL, so migrations that shipped written by hand keep their
 * meaning.
 */
import type { ColumnDataType, Kysely } from 'kysely';

export interface Column {
  type: ColumnDataType;
  primaryKey?: true;
  notNull?: true;
  unique?: true;
  default?: string | number;
}

/** The table's primary key column. */
export const key = (type: ColumnDataType): Column => ({ type, primaryKey: true });

/** NOT NULL columns, in order (with a default or unique when given: all of them). */
export function required(columns: Record<string, ColumnDataType>, extra: Pick<Column, 'default' | 'unique'> = {}): Record<string, Column> {
  return Object.fromEntries(Object.entries(columns).map(([name, type]) => [name, { type, notNull: true, ...extra }]));
}

/** Nullable columns, in order. */
export function optional(columns: Record<string, ColumnDataType>): Record<string, Column> {
  return Object.fromEntries(Object.entries(columns).map(([name, type]) => [name, { type }]));
}

/** Columns every per-session record shares: the session it belongs to and when it was written. */
export const SESSION_RECORD = required({ session_id: 'varchar(200)', created_at: 'bigint' });

export async function createTable(
  db: Kysely<any>,
  name: string,
  columns: Record<string, Column>,
  options: { primaryKey?: { name: string; columns: string[] } } = {},
): Promise<void> {
  let builder = db.schema.createTable(name);
  for (const [column, spec] of Object.entries(columns)) {
    builder = builder.addColumn(column, spec.type, (c) => {
      let def = c;
      if (spec.primaryKey) def = def.primaryKey();
      if (spec.notNull) def = def.notNull();
      if (spec.unique) def = def.unique();
      if (spec.default !== undefined) def = def.defaultTo(spec.default);
      return def;
    });
  }
  if (options.primaryKey) builder = builder.addPrimaryKeyConstraint(options.primaryKey.name, options.primaryKey.columns as never);
  await builder.execute();
}

/** Indexes of one table, by name: the columns each covers, in order. */
export async function createIndexes(db: Kysely<any>, table: string, indexes: Record<string, string[]>): Promise<void> {
  for (const [name, columns] of Object.entries(indexes)) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function dropTables(db: Kysely<any>, tables: string[]): Promise<void> {
  for (const table of tables) await db.schema.dropTable(table).execute();
}

/**
 * A record kept per session (an outcome, a checkpoint, a compaction): its key, the session and
 * the time it was written, its own columns, and the index `<table>_session` that lists a
 * session's records in time order.
 */
export async function createSessionRecordTable(db: Kysely<any>, name: string, keyColumn: string, columns: Record<string, Column>): Promise<void> {
  await createTable(db, name, { [keyColumn]: key('varchar(64)'), ...SESSION_RECORD, ...columns });
  await createIndexes(db, name, { [`${name}_session`]: ['session_id', 'created_at'] });
}

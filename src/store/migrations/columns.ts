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
/** NOT NULL, with a default or unique when given. */
export const required = (type: ColumnDataType, extra: Pick<Column, 'default' | 'unique'> = {}): Column => ({ type, notNull: true, ...extra });
/** Nullable. */
export const optional = (type: ColumnDataType): Column => ({ type });

/** Columns every per-session record shares: the session it belongs to and when it was written. */
export const SESSION_RECORD = { session_id: required('varchar(200)'), created_at: required('bigint') } as const;

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

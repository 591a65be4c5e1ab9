/**
 * Queries compiled once and executed with new parameters, for the few statements every
 * decision runs. Building a Kysely query (immutable nodes) and compiling it costs more
 * than SQLite takes to run these small statements; a prepared query is built with Kysely
 * as usual (so it is checked against the schema), compiled once per dialect with Kysely's
 * compile-only setup (DummyDriver), and executed through the given Kysely or transaction.
 *
 * Parameters are named: the query is compiled with a marker value per name, and each
 * marker's positions in the compiled parameter list are remembered. Values the query
 * holds itself (`where id = 1`) stay as compiled.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
  type QueryResult,
  type Transaction,
} from 'kysely';
import type { Database } from './schema.js';
import type { DialectName } from './database.js';

/** A Kysely that compiles for a dialect and never connects (Kysely's DummyDriver). */
function compileOnly(Adapter: typeof SqliteAdapter | typeof PostgresAdapter, Introspector: typeof SqliteIntrospector | typeof PostgresIntrospector, Compiler: typeof SqliteQueryCompiler | typeof PostgresQueryCompiler): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new Introspector(db),
      createQueryCompiler: () => new Compiler(),
    },
  });
}

const compilers: Record<DialectName, Kysely<Database>> = {
  sqlite: compileOnly(SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler),
  postgres: compileOnly(PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler),
};

const MARKER = '\u0000toolgate-parameter:';

/** Where each compiled parameter comes from: a named parameter, or a value fixed in the query. */
type Slot = { name: string } | { value: unknown };

interface Compiled<R> {
  query: CompiledQuery<R>;
  slots: Slot[];
}

export class PreparedQuery<P extends object, R> {
  private readonly compiled: Partial<Record<DialectName, Compiled<R>>> = {};

  constructor(
    private readonly names: readonly (keyof P & string)[],
    private readonly build: (db: Kysely<Database>, params: P) => Compilable<R>,
  ) {}

  private compile(dialect: DialectName): Compiled<R> {
    const done = this.compiled[dialect];
    if (done) return done;
    // The markers stand in for values of any type: only the compiled parameter list sees them.
    const markers = Object.fromEntries(this.names.map((name) => [name, `${MARKER}${name}`])) as P;
    const query = this.build(compilers[dialect], markers).compile();
    const slots = query.parameters.map((value): Slot => {
      if (typeof value === 'string' && value.startsWith(MARKER)) return { name: value.slice(MARKER.length) };
      return { value };
    });
    const used = new Set(slots.flatMap((slot) => ('name' in slot ? [slot.name] : [])));
    const unused = this.names.filter((name) => !used.has(name));
    // A name the built query never uses would silently be dropped: a mistake in the query.
    if (unused.length > 0) throw new Error(`prepared query does not use its parameters ${unused.join(', ')}: ${query.sql}`);
    const compiled = { query, slots };
    this.compiled[dialect] = compiled;
    return compiled;
  }

  /** The compiled SQL for a dialect (tests, logs). */
  sql(dialect: DialectName): string {
    return this.compile(dialect).query.sql;
  }

  async execute(db: Kysely<Database> | Transaction<Database>, dialect: DialectName, params: P): Promise<QueryResult<R>> {
    const { query, slots } = this.compile(dialect);
    const parameters = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (!('name' in slot)) {
        parameters[i] = slot.value;
        continue;
      }
      const value = (params as Record<string, unknown>)[slot.name];
      // Kysely leaves an undefined column out of a query; a compiled one cannot: refuse it.
      if (value === undefined) throw new Error(`prepared query parameter ${slot.name} is undefined: ${query.sql}`);
      parameters[i] = value;
    }
    return db.executeQuery<R>({ ...query, parameters });
  }
}

/** A query built with Kysely once, executed many times with named parameters (`names`: the keys of P it reads). */
export function prepared<P extends object, R>(names: readonly (keyof P & string)[], build: (db: Kysely<Database>, params: P) => Compilable<R>): PreparedQuery<P, R> {
  return new PreparedQuery(names, build);
}

/**
 * The column list of table row T, checked by the compiler: leaving a column out fails to
 * compile (a compiled insert would otherwise silently leave it out).
 */
export function everyColumn<T>() {
  return <const L extends readonly (keyof T & string)[]>(list: L & (Exclude<keyof T, L[number]> extends never ? unknown : { missing: Exclude<keyof T, L[number]> })): L =>
    list;
}

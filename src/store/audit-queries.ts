/**
 * The SQL behind auditing: listing and filtering decisions, walking the chain in
 * pages, pruning with an anchor, counts for the viewer, a session's timeline. The
 * two dialects differ only where JSON arrays are searched; that is isolated here.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DialectName } from './database.js';
import { anchorMac, CHAINED_FIELDS } from './decision-log/chain.js';
import { TRAIL_HEAD_ID, TRAIL_TABLES, type TrailKind, type TrailRow } from './decision-log/trail.js';
import type { ChainAnchorsTable, Database, DecisionsTable } from './schema.js';

export interface DecisionFilter {
  session?: string;
  agent?: string;
  tool?: string;
  decision?: string;
  /** A risk category the decision carries. */
  category?: string;
  /** A rule id among the rules that matched. */
  rule?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** Text in the (masked) input, case-insensitive for ASCII. */
  q?: string;
}

export interface ListOptions {
  /** newest first (desc, the default) or oldest first (asc, for tailing and export). */
  order?: 'asc' | 'desc';
  /** Cursor: rows strictly after this seq in the chosen order. */
  after?: number;
  limit: number;
}

export type DecisionRow = DecisionsTable;

/**
 * A trailed row (approval, outcome, policy revision or activation) with its page key, its
 * decision's place in the chain (approvals and outcomes; null: not in the log), and the latest
 * trail event about it (null: none).
 */
export type FollowUpRow = Record<string, unknown> & {
  key: string;
  decision_id?: string;
  hash: string | null;
  decision_hash?: string | null;
  decision_seq?: number | null;
  trail_hash: string | null;
  trail_origin: string | null;
};

/** The columns a list needs (the chained ones but the bulky context, facts and session); the detail view reads the whole row. */
const LIST_OMITS = ['context', 'facts', 'session'] as const;
type SummaryColumn = Exclude<(typeof CHAINED_FIELDS)[number], (typeof LIST_OMITS)[number]>;
const SUMMARY_COLUMNS = CHAINED_FIELDS.filter((field): field is SummaryColumn => !(LIST_OMITS as readonly string[]).includes(field));
export type DecisionSummaryRow = Pick<DecisionsTable, SummaryColumn>;


/** Known tables of the session engineer that belong on a timeline, when they exist. */
const TIMELINE_TABLES = ['tool_results', 'outcomes', 'checkpoints', 'compactions', 'approvals'] as const;

const tableCache = new WeakMap<Kysely<Database>, Promise<Map<string, Set<string>>>>();

/** LIKE pattern for text as it appears inside the stored JSON (quotes and backslashes escaped). */
function containsPattern(text: string): string {
  const asStoredJson = JSON.stringify(text).slice(1, -1);
  return `%${asStoredJson.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export class AuditQueries {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** True when the JSON array at `column` (optionally under a key) holds `value`. */
  private jsonArrayHas(column: 'categories' | 'result', key: string | null, value: string): Expression<SqlBool> {
    const ref = sql.ref(`decisions.${column}`);
    if (this.dialect === 'postgres') {
      const doc = key ? sql`(${ref}::jsonb -> ${key})` : sql`${ref}::jsonb`;
      return sql<SqlBool>`${doc} @> jsonb_build_array(${value}::text)`;
    }
    const path = key ? `$.${key}` : '$';
    return sql<SqlBool>`exists (select 1 from json_each(${ref}, ${path}) as je where je.value = ${value})`;
  }

  private filtered(filter: DecisionFilter) {
    let query = this.db.selectFrom('decisions');
    if (filter.session !== undefined) query = query.where('session_id', '=', filter.session);
    if (filter.agent !== undefined) query = query.where('agent_id', '=', filter.agent);
    if (filter.tool !== undefined) query = query.where('tool', '=', filter.tool);
    if (filter.decision !== undefined) query = query.where('decision', '=', filter.decision);
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
    if (filter.category !== undefined) query = query.where(this.jsonArrayHas('categories', null, filter.category));
    if (filter.rule !== undefined) query = query.where(this.jsonArrayHas('result', 'matched', filter.rule));
    if (filter.q) {
      const pattern = containsPattern(filter.q);
      const like = this.dialect === 'postgres' ? sql`ILIKE` : sql`LIKE`;
      query = query.where(sql<SqlBool>`${sql.ref('decisions.input')} ${like} ${pattern} ESCAPE '\\'`);
    }
    return query;
  }

  /** One page of decisions matching the filter, by seq. */
  async list(filter: DecisionFilter, options: ListOptions): Promise<DecisionSummaryRow[]> {
    const order = options.order ?? 'desc';
    let query = this.filtered(filter).select(SUMMARY_COLUMNS);
    if (options.after !== undefined) query = query.where('seq', order === 'desc' ? '<' : '>', options.after);
    return query.orderBy('seq', order).limit(options.limit).execute();
  }

  /** Full rows matching the filter, oldest first, one page at a time (export). */
  async listFull(filter: DecisionFilter, after: number, limit: number): Promise<DecisionRow[]> {
    return this.filtered(filter).selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(limit).execute();
  }

  async get(id: string): Promise<DecisionRow | undefined> {
    return this.db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Rows with after < seq <= upTo, in chain order: what the verifier walks. */
  async chainPage(after: number, upTo: number, limit: number): Promise<DecisionRow[]> {
    return this.db
      .selectFrom('decisions')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }

  async chainHead(): Promise<{ seq: number; hash: string }> {
    const head = await this.db.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }

  /**
   * The chain head and the highest seq in the log, read in one statement: the gateway
   * moves both in one transaction, so any difference was made outside it.
   */
  async headAndLastSeq(): Promise<{ headSeq: number; lastSeq: number | null }> {
    const row = await this.db
      .selectFrom('chain_head')
      .select((eb) => ['seq', eb.selectFrom('decisions').select((inner) => inner.fn.max('seq').as('m')).as('last_seq')])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { headSeq: Number(row.seq), lastSeq: row.last_seq === null || row.last_seq === undefined ? null : Number(row.last_seq) };
  }

  async rowAt(seq: number): Promise<DecisionRow | undefined> {
    return this.db.selectFrom('decisions').selectAll().where('seq', '=', seq).executeTakeFirst();
  }

  /** Prune anchors, oldest first. */
  async anchors(): Promise<ChainAnchorsTable[]> {
    const rows = await this.db.selectFrom('chain_anchors').selectAll().orderBy('seq', 'asc').execute();
    return rows.map((row) => ({
      ...row,
      seq: Number(row.seq),
      created_at: Number(row.created_at),
      pruned_rows: Number(row.pruned_rows),
      older_than: Number(row.older_than),
      mac: row.mac ?? null,
    }));
  }

  /**
   * Deletes the oldest rows created before `olderThan` — only a prefix of the chain, so
   * what remains is still one unbroken chain — and records an anchor at the last deleted
   * row, in one transaction, with the approvals and reported outcomes of the deleted rows.
   * Returns the anchor, or null when nothing was old enough.
   */
  async prune(olderThan: number, options: { now?: number; key?: string } = {}): Promise<ChainAnchorsTable | null> {
    const now = options.now ?? Date.now();
    return this.db.transaction().execute(async (trx) => {
      // The prefix ends just before the first row that is young enough to keep.
      const firstKept = await trx
        .selectFrom('decisions')
        .select('seq')
        .where('created_at', '>=', olderThan)
        .orderBy('seq', 'asc')
        .limit(1)
        .executeTakeFirst();
      let lastPrunedQuery = trx.selectFrom('decisions').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1);
      if (firstKept) lastPrunedQuery = lastPrunedQuery.where('seq', '<', Number(firstKept.seq));
      const lastPruned = await lastPrunedQuery.executeTakeFirst();
      if (!lastPruned) return null;
      const seq = Number(lastPruned.seq);
      // What belongs to a pruned decision goes with it: its approval and its reported outcome.
      const pruned = trx.selectFrom('decisions').select('id').where('seq', '<=', seq);
      await trx.deleteFrom('approvals').where('decision_id', 'in', pruned).execute();
      await trx.deleteFrom('tool_results').where('decision_id', 'in', pruned).execute();
      const deleted = await trx.deleteFrom('decisions').where('seq', '<=', seq).executeTakeFirst();
      const fields = { seq, hash: lastPruned.hash, created_at: now, pruned_rows: Number(deleted.numDeletedRows), older_than: olderThan };
      const anchor: ChainAnchorsTable = { ...fields, mac: options.key ? anchorMac(fields, options.key) : null };
      await trx.insertInto('chain_anchors').values(anchor).execute();
      return anchor;
    });
  }

  /** The approval and the reported outcome of each decision (for exports), by decision id. */
  async followUps(ids: string[]): Promise<Map<string, { approval: Record<string, unknown> | null; outcome: Record<string, unknown> | null }>> {
    const out = new Map<string, { approval: Record<string, unknown> | null; outcome: Record<string, unknown> | null }>();
    if (ids.length === 0) return out;
    for (const id of ids) out.set(id, { approval: null, outcome: null });
    const approvals = await this.db.selectFrom('approvals').selectAll().where('decision_id', 'in', ids).execute();
    for (const approval of approvals) out.get(approval.decision_id)!.approval = { ...approval };
    const outcomes = await this.db.selectFrom('tool_results').selectAll().where('decision_id', 'in', ids).execute();
    for (const outcome of outcomes) out.get(outcome.decision_id)!.outcome = { ...outcome };
    return out;
  }

  /**
   * One page of one kind of trailed row (decision-log/trail.ts), keyed on the row's key, each with
   * the latest trail event about it, and for approvals and outcomes their decision's chain hash
   * and seq: what verify recomputes.
   */
  async followUpPage(kind: TrailKind, after: string | null, limit: number): Promise<FollowUpRow[]> {
    const { table, key } = TRAIL_TABLES[kind];
    // The table is one of four known names: Kysely's typed builder cannot follow a name chosen at run time.
    const db = this.db as unknown as Kysely<any>;
    const latest = (column: 'row_hash' | 'origin') => (eb: any) =>
      eb.selectFrom('trail as t').select(`t.${column}`).where('t.kind', '=', kind).whereRef('t.ref', '=', `${table}.${key}`).orderBy('t.seq', 'desc').limit(1);
    let query = db
      .selectFrom(table)
      .selectAll(table)
      .select((eb) => [`${table}.${key} as key`, latest('row_hash')(eb).as('trail_hash'), latest('origin')(eb).as('trail_origin')]);
    if (kind === 'approval' || kind === 'outcome') {
      query = query.leftJoin('decisions', 'decisions.id', `${table}.decision_id`).select(['decisions.hash as decision_hash', 'decisions.seq as decision_seq']);
    }
    if (after !== null) query = query.where(`${table}.${key}`, '>', after);
    return (await query.orderBy(`${table}.${key}`).limit(limit).execute()) as FollowUpRow[];
  }

  /** The trail's head (null when its row is gone). */
  async trailHead(): Promise<{ seq: number; hash: string } | null> {
    const head = await this.db.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', TRAIL_HEAD_ID).executeTakeFirst();
    return head ? { seq: Number(head.seq), hash: head.hash } : null;
  }

  /** Trail events with seq > after, in order (unbounded above: events past the head are reported). */
  async trailPage(after: number, limit: number): Promise<TrailRow[]> {
    const rows = await this.db.selectFrom('trail').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(limit).execute();
    return rows.map((row) => ({
      ...row,
      seq: Number(row.seq),
      at: Number(row.at),
      decision_seq: row.decision_seq === null ? null : Number(row.decision_seq),
      kind: row.kind as TrailRow['kind'],
      origin: row.origin as TrailRow['origin'],
    }));
  }

  /**
   * The first trail event whose row is not there, skipping those of decisions a prune removed
   * (decision_seq at or below the last prune anchor): a row deleted outside the gateway.
   */
  async missingTrailed(kind: TrailKind, prunedUpTo: number): Promise<TrailRow | undefined> {
    const { table, key } = TRAIL_TABLES[kind];
    const db = this.db as unknown as Kysely<any>;
    const row = await db
      .selectFrom('trail')
      .selectAll('trail')
      .where('trail.kind', '=', kind)
      .where((eb) => eb.not(eb.exists(eb.selectFrom(table).select(sql`1`.as('one')).whereRef(`${table}.${key}`, '=', 'trail.ref'))))
      .where((eb) => eb.or([eb('trail.decision_seq', 'is', null), eb('trail.decision_seq', '>', prunedUpTo)]))
      .orderBy('trail.seq')
      .limit(1)
      .executeTakeFirst();
    return row ? ({ ...row, seq: Number(row.seq), decision_seq: row.decision_seq === null ? null : Number(row.decision_seq) } as TrailRow) : undefined;
  }

  async policyRevision(revision: string): Promise<{ revision: string; created_at: number; rules: Record<string, string> } | undefined> {
    const row = await this.db
      .selectFrom('policy_revisions')
      .select(['revision', 'created_at', 'rules'])
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (!row) return undefined;
    let rules: Record<string, string> = {};
    try {
      rules = JSON.parse(row.rules) as Record<string, string>;
    } catch {
      // A damaged rule index only loses the file names, not the decision.
    }
    return { revision: row.revision, created_at: Number(row.created_at), rules };
  }

  /** Decisions per time bucket and decision, for the viewer's chart. */
  async countsOverTime(filter: DecisionFilter, bucketMs: number): Promise<{ bucket: number; decision: string; count: number }[]> {
    const size = Math.max(1, Math.floor(bucketMs));
    const bucket = sql<number>`(${sql.ref('created_at')} / ${sql.lit(size)})`;
    const rows = await this.filtered(filter)
      .select([bucket.as('bucket'), 'decision', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy([bucket, 'decision'])
      .orderBy(bucket)
      .execute();
    return rows.map((row) => ({ bucket: Math.floor(Number(row.bucket)) * size, decision: row.decision, count: Number(row.count) }));
  }

  /** Decisions per risk category (a decision with two categories counts in both). */
  async countsByCategory(filter: DecisionFilter): Promise<{ category: string; decision: string; count: number }[]> {
    const sub = this.filtered(filter).select(['decision', 'categories']);
    const query =
      this.dialect === 'postgres'
        ? sql<{ category: string; decision: string; count: number }>`select c.category, d.decision, count(*) as count
            from (${sub}) as d cross join lateral jsonb_array_elements_text(d.categories::jsonb) as c(category)
            group by c.category, d.decision order by count(*) desc`
        : sql<{ category: string; decision: string; count: number }>`select je.value as category, d.decision, count(*) as count
            from (${sub}) as d, json_each(d.categories) as je
            group by je.value, d.decision order by count(*) desc`;
    const { rows } = await query.execute(this.db);
    return rows.map((row) => ({ category: String(row.category), decision: row.decision, count: Number(row.count) }));
  }

  /** Rows of the session engineer's tables that exist in this database, for a timeline. */
  /** Tables of this database and their columns, read once per connection pool. */
  private tableColumns(): Promise<Map<string, Set<string>>> {
    let cached = tableCache.get(this.db);
    if (!cached) {
      cached = this.db.introspection.getTables().then((tables) => new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))])));
      // A failed read is not cached: the next request tries again.
      cached.catch(() => tableCache.delete(this.db));
      tableCache.set(this.db, cached);
    }
    return cached;
  }

  /** What other tables recorded about one decision: its reported outcome, its approval. */
  async decisionEvents(decisionId: string): Promise<{ outcome: Record<string, unknown> | null; approval: Record<string, unknown> | null }> {
    const tables = await this.tableColumns();
    const db = this.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const find = async (name: string) =>
      tables.get(name)?.has('decision_id')
        ? ((await db.selectFrom(name).selectAll().where('decision_id', '=', decisionId).executeTakeFirst()) as Record<string, unknown> | undefined) ?? null
        : null;
    return { outcome: (await find('tool_results')) ?? (await find('outcomes')), approval: await find('approvals') };
  }

  async sessionEvents(sessionId: string): Promise<{ table: string; created_at: number; row: Record<string, unknown> }[]> {
    const tables = await this.tableColumns();
    const events: { table: string; created_at: number; row: Record<string, unknown> }[] = [];
    for (const name of TIMELINE_TABLES) {
      const columns = tables.get(name);
      if (!columns?.has('session_id')) continue;
      const timeColumn = ['created_at', 'reported_at', 'at'].find((c) => columns.has(c));
      const db = this.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      let query = db.selectFrom(name).selectAll().where('session_id', '=', sessionId);
      if (timeColumn) query = query.orderBy(timeColumn, 'asc');
      const rows = (await query.limit(10_000).execute()) as Record<string, unknown>[];
      for (const row of rows) events.push({ table: name, created_at: timeColumn ? Number(row[timeColumn]) : 0, row });
    }
    return events;
  }

  /** A session's decisions, oldest first. */
  async sessionDecisions(sessionId: string, limit: number): Promise<DecisionSummaryRow[]> {
    return this.db
      .selectFrom('decisions')
      .select(SUMMARY_COLUMNS)
      .where('session_id', '=', sessionId)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }
}

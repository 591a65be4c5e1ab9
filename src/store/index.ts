/**
 * The store: the only place with SQL. A thin facade over Kysely that the pipeline and
 * the HTTP routes use, so that they never see a dialect.
 */
import type { Kysely } from 'kysely';
import { openDatabase, ping, type DialectName, type OpenDatabase } from './database.js';
import { GroupCommitter } from './group-commit.js';
import { appendDecision, type NewDecision } from './decision-log.js';
import { findSession, saveSession, type SessionRow } from './sessions.js';
import type { Database, DecisionsTable } from './schema.js';

export type { Database, DecisionsTable, SessionRow, NewDecision };
export { isPostgresUrl, redactUrl } from './database.js';
export { chainHash, canonicalRow, GENESIS_HASH, CHAINED_FIELDS } from './chain.js';

export interface StoreOptions {
  /** HMAC key for the decision chain (kept outside the database). */
  chainKey?: string;
}

export class Store {
  readonly committer: GroupCommitter;

  private constructor(
    private readonly opened: OpenDatabase,
    private readonly options: StoreOptions,
  ) {
    this.committer = new GroupCommitter(opened.db);
  }

  static async open(url: string, options: StoreOptions = {}): Promise<Store> {
    return new Store(await openDatabase(url), options);
  }

  get db(): Kysely<Database> {
    return this.opened.db;
  }

  get dialect(): DialectName {
    return this.opened.dialect;
  }

  get location(): string {
    return this.opened.location;
  }

  async ping(): Promise<void> {
    await ping(this.opened.db);
  }

  getSession(id: string): Promise<SessionRow | undefined> {
    return findSession(this.opened.db, id);
  }

  /** The decision and the session's new state, in one transaction of the next group commit. */
  commitDecision(decision: NewDecision, session: SessionRow): Promise<DecisionsTable> {
    return this.committer.submit(async (trx) => {
      await saveSession(trx, session);
      return appendDecision(trx, this.opened.dialect, decision, this.options.chainKey);
    });
  }

  async recordPolicyRevision(revision: string, source: string, rules: Record<string, string>): Promise<void> {
    const existing = await this.db.selectFrom('policy_revisions').select('revision').where('revision', '=', revision).executeTakeFirst();
    if (existing) return;
    await this.db
      .insertInto('policy_revisions')
      .values({ revision, created_at: Date.now(), source, rules: JSON.stringify(rules) })
      .execute();
  }

  async getDecision(id: string): Promise<DecisionsTable | undefined> {
    return this.db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async close(): Promise<void> {
    await this.committer.close();
    await this.opened.close();
  }
}

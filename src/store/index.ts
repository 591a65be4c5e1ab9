/**
 * The store: the only place with SQL. A thin facade over Kysely that the pipeline and
 * the HTTP routes use, so that they never see a dialect.
 */
import { recordActivation } from './policy-history.js';
import type { Kysely, Transaction } from 'kysely';
import { openDatabase, ping, type DialectName, type OpenDatabase } from './database.js';
import { GroupCommitter } from './group-commit.js';
import { appendDecisions, encodeDecision, lockChainHead, probeChainHead, type DecisionRecord, type Masking, type NewDecision } from './decision-log/index.js';
import { countActiveSessions, findSession, saveSession, saveSessionIfUnchanged, type SessionRow } from './sessions.js';
import type { Database, DecisionsTable } from './schema.js';
import { AuditQueries } from './audit-queries.js';
import { revisionHash, sealTrail, withTrail } from './decision-log/trail.js';

export type { Database, DecisionsTable, SessionRow, NewDecision, DecisionRecord, Masking };
export { isDatabaseError, isPostgresUrl, redactUrl } from './database.js';
export { chainHash, canonicalRow, GENESIS_HASH, CHAINED_FIELDS } from './decision-log/index.js';
export { AuditQueries, type DecisionFilter, type DecisionRow, type DecisionSummaryRow } from './audit-queries.js';

/**
 * The session row changed between reading it and committing (another gateway instance
 * decided for the same session first). Nothing was written; decide again on fresh state.
 */
export class SessionConflictError extends Error {
  constructor(sessionId: string) {
    super(`session ${sessionId} was changed concurrently`);
    this.name = 'SessionConflictError';
  }
}

/** A decision waiting for the end of its batch to be appended to the chain. */
interface PendingAppend {
  decision: NewDecision;
  stored: DecisionsTable | null;
}

export interface StoreOptions {
  /** HMAC key for the decision chain (kept outside the database). */
  chainKey?: string;
}

export class Store {
  readonly committer: GroupCommitter;
  /** Decisions of the batch in flight, appended to the chain together when the batch ends. */
  private readonly pendingAppends = new WeakMap<Transaction<Database>, PendingAppend[]>();

  private constructor(
    private readonly opened: OpenDatabase,
    private readonly options: StoreOptions,
  ) {
    // On PostgreSQL every batch takes the chain head lock first: several instances then
    // commit one at a time in chain order, and no batch can hold a session row while
    // waiting for the chain head that another batch holds (no deadlocks).
    this.committer = new GroupCommitter(opened.db, {
      beginBatch: opened.dialect === 'postgres' ? (trx) => lockChainHead(trx) : undefined,
      endBatch: (trx) => this.appendPending(trx),
      transaction: opened.deferredSync?.transaction,
      afterCommit: opened.deferredSync?.syncCommitted,
    });
  }

  /** Appends the batch's decisions in submission order (one chain head read and write per batch). */
  private async appendPending(trx: Transaction<Database>): Promise<void> {
    const pending = this.pendingAppends.get(trx);
    if (!pending) return;
    this.pendingAppends.delete(trx);
    const stored = await appendDecisions(
      trx,
      this.opened.dialect,
      pending.map((p) => p.decision),
      this.options.chainKey,
    );
    pending.forEach((p, i) => (p.stored = stored[i]!));
  }

  static async open(url: string, options: StoreOptions = {}): Promise<Store> {
    return new Store(await openDatabase(url), options);
  }

  get db(): Kysely<Database> {
    return this.opened.db;
  }

  /** For reads on the decision path: never queued behind a group commit on SQLite (see database.ts). */
  get reader(): Kysely<Database> {
    return this.opened.reader;
  }

  /** The chain's HMAC key, if any: what follows a decision (approvals, outcomes) is hashed with it too. */
  get chainKey(): string | undefined {
    return this.options.chainKey;
  }

  /** How a write joins the trail (decision-log/trail.ts). */
  get signing(): { dialect: DialectName; key?: string } {
    return { dialect: this.opened.dialect, key: this.options.chainKey };
  }

  get dialect(): DialectName {
    return this.opened.dialect;
  }

  get location(): string {
    return this.opened.location;
  }

  /** Listing, verifying, pruning and counting the decision log (audit/). */
  get audit(): AuditQueries {
    return new AuditQueries(this.opened.db, this.opened.dialect);
  }

  async ping(): Promise<void> {
    await ping(this.opened.db);
  }

  /**
   * Can a decision be committed right now? A write through the group committer (so it
   * queues behind real writes and takes the same locks) that changes nothing. Catches what
   * a read cannot: a locked or read-only SQLite file, a PostgreSQL in recovery.
   */
  async probeWrite(): Promise<void> {
    await this.committer.submit((trx) => probeChainHead(trx));
  }

  countActiveSessions(): Promise<number> {
    return countActiveSessions(this.opened.db);
  }

  getSession(id: string): Promise<SessionRow | undefined> {
    return findSession(this.opened.db, id);
  }

  /**
   * The one path that stores a decision: the record is masked and encoded here
   * (decision-log/record.ts encodeDecision), then, with the session's new state, written in
   * one transaction of the next group commit.
   * With `basedOn` (the session row the decision was made on, undefined for a new session)
   * the write is conditional: if the row changed meanwhile nothing is written and the
   * promise rejects with SessionConflictError.
   */
  async commitDecision(
    record: DecisionRecord,
    masking: Masking,
    session: SessionRow,
    basedOn?: { previous: SessionRow | undefined; also?: (trx: Transaction<Database>) => Promise<void> },
  ): Promise<DecisionsTable> {
    const decision = encodeDecision(record, masking);
    const appended = await this.committer.submit(async (trx) => {
      if (basedOn) {
        if (!(await saveSessionIfUnchanged(trx, this.opened.dialect, session, basedOn.previous))) return null;
        // Writes that go with the session's new state (roll-ups into ancestors, agent usage).
        if (basedOn.also) await basedOn.also(trx);
      } else {
        await saveSession(trx, session);
      }
      // The decision joins the chain when the batch ends (see appendPending), in this transaction.
      const pending: PendingAppend = { decision, stored: null };
      const list = this.pendingAppends.get(trx);
      if (list) list.push(pending);
      else this.pendingAppends.set(trx, [pending]);
      return pending;
    });
    if (!appended) throw new SessionConflictError(session.id);
    if (!appended.stored) throw new Error('the decision was not appended to the chain');
    return appended.stored;
  }

  /**
   * Records a revision once, with what it was built from (`sources`: JSON of {files, data}).
   * A stored revision is never rewritten: its activations hash its sources as first stored.
   */
  async recordPolicyRevision(revision: string, source: string, rules: Record<string, string>, sources?: string): Promise<void> {
    const existing = await this.db.selectFrom('policy_revisions').select('revision').where('revision', '=', revision).executeTakeFirst();
    if (existing) return;
    const row = { revision, created_at: Date.now(), source, rules: JSON.stringify(rules), sources: sources ?? null };
    await withTrail(this.db, this.dialect, this.options.chainKey, async (trx) => {
      await trx.insertInto('policy_revisions').values(row).execute();
      return { result: undefined, events: [{ kind: 'policy_revision', ref: revision, row_hash: revisionHash(row, this.options.chainKey), decision_seq: null }] };
    });
  }

  /**
   * Starts the trail of a database that has none (decision-log/trail.ts sealTrail): the gateway
   * does it at start, with its chain key, so that a database from before migration 011 verifies.
   */
  sealTrail(): Promise<number | null> {
    return sealTrail(this.db, this.dialect, this.options.chainKey);
  }

  /** Records that `revision` stopped being active (the gateway shut down). */
  async recordPolicyDeactivation(revision: string, trigger: string): Promise<void> {
    await recordActivation(this.db, { revision, event: 'deactivated', trigger }, this.signing);
  }

  /** Records that `revision` became active (and that `previous`, if any, stopped being active), in the policy history chain. */
  async recordPolicyActivation(revision: string, previous: string | null, trigger: string): Promise<void> {
    const at = Date.now();
    if (previous && previous !== revision) await recordActivation(this.db, { revision: previous, event: 'deactivated', trigger, at }, this.signing);
    await recordActivation(this.db, { revision, event: 'activated', trigger, at }, this.signing);
  }

  async getDecision(id: string): Promise<DecisionsTable | undefined> {
    return this.db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async close(): Promise<void> {
    await this.committer.close();
    await this.opened.close();
  }
}

import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionsTable } from './schema.js';
import type { DialectName } from './database.js';
import { everyColumn, prepared } from './prepared.js';

export type SessionRow = SessionsTable;

export async function findSession(db: Kysely<Database> | Transaction<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

const SESSION_COLUMNS = everyColumn<SessionRow>()(['id', 'agent_id', 'parent_session_id', 'status', 'created_at', 'last_seen_at', 'calls', 'state']);

/** A new session's row, unless one with its id exists already (every decision runs one of these two). */
const insertNewSession = prepared<SessionRow, unknown>(SESSION_COLUMNS, (db, row) =>
  db
    .insertInto('sessions')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing()),
);

/** The new row over the one the decision was based on, only if that one is still there. */
const updateSessionIfUnchanged = prepared<Omit<SessionRow, 'created_at'> & { prev_calls: number; prev_status: string; prev_last_seen_at: number; prev_state: string }, unknown>(
  ['id', 'agent_id', 'parent_session_id', 'status', 'last_seen_at', 'calls', 'state', 'prev_calls', 'prev_status', 'prev_last_seen_at', 'prev_state'],
  (db, p) =>
    db
      .updateTable('sessions')
      .set({ agent_id: p.agent_id, parent_session_id: p.parent_session_id, status: p.status, last_seen_at: p.last_seen_at, calls: p.calls, state: p.state })
      .where('id', '=', p.id)
      .where('calls', '=', p.prev_calls)
      .where('status', '=', p.prev_status)
      .where('last_seen_at', '=', p.prev_last_seen_at)
      .where('state', '=', p.prev_state),
);

function updateParams(row: SessionRow, previous: SessionRow) {
  return {
    id: row.id,
    agent_id: row.agent_id,
    parent_session_id: row.parent_session_id,
    status: row.status,
    last_seen_at: row.last_seen_at,
    calls: row.calls,
    state: row.state,
    prev_calls: previous.calls,
    prev_status: previous.status,
    prev_last_seen_at: previous.last_seen_at,
    prev_state: previous.state,
  };
}

/**
 * Writes the session's new state only if the row is still the one the decision was based
 * on (optimistic concurrency: several gateway instances may decide for one session at the
 * same time). `previous` is the row as read before deciding, undefined for a new session.
 * Returns false when someone else changed the row first: the caller decides again.
 */
export async function saveSessionIfUnchanged(
  trx: Transaction<Database>,
  dialect: DialectName,
  row: SessionRow,
  previous: SessionRow | undefined,
): Promise<boolean> {
  if (!previous) {
    const inserted = await insertNewSession.execute(trx, dialect, row);
    return Number(inserted.numAffectedRows ?? 0n) === 1;
  }
  const updated = await updateSessionIfUnchanged.execute(trx, dialect, updateParams(row, previous));
  return Number(updated.numAffectedRows ?? 0n) === 1;
}

/** Writes the session's new state (an upsert: the first call of a session creates it). */
export async function saveSession(trx: Transaction<Database>, row: SessionRow): Promise<void> {
  const { id, created_at, ...changes } = row;
  await trx
    .insertInto('sessions')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(changes))
    .execute();
}

/** Sessions still active (metrics). */
export async function countActiveSessions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

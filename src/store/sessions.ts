import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionsTable } from './schema.js';

export type SessionRow = SessionsTable;

export async function findSession(db: Kysely<Database> | Transaction<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Writes the session's new state only if the row is still the one the decision was based
 * on (optimistic concurrency: several gateway instances may decide for one session at the
 * same time). `previous` is the row as read before deciding, undefined for a new session.
 * Returns false when someone else changed the row first: the caller decides again.
 */
export async function saveSessionIfUnchanged(
  trx: Transaction<Database>,
  row: SessionRow,
  previous: SessionRow | undefined,
): Promise<boolean> {
  if (!previous) {
    const inserted = await trx
      .insertInto('sessions')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const { id, created_at, ...changes } = row;
  const updated = await trx
    .updateTable('sessions')
    .set(changes)
    .where('id', '=', id)
    .where('calls', '=', previous.calls)
    .where('status', '=', previous.status)
    .where('last_seen_at', '=', previous.last_seen_at)
    .where('state', '=', previous.state)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
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

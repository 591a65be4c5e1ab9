import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionsTable } from './schema.js';

export type SessionRow = SessionsTable;

export async function findSession(db: Kysely<Database> | Transaction<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
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

/**
 * Appending decisions to the hash-chained log. Runs inside a group-commit transaction;
 * the chain head row is locked (PostgreSQL) so that several gateway instances append to
 * one chain in a single order.
 */
import type { Transaction } from 'kysely';
import type { Database, DecisionsTable } from './schema.js';
import { chainHash } from './chain.js';

export type NewDecision = Omit<DecisionsTable, 'seq' | 'prev_hash' | 'hash'>;

/** Takes the chain head row lock for the rest of the transaction (PostgreSQL). */
export async function lockChainHead(trx: Transaction<Database>): Promise<void> {
  await trx.selectFrom('chain_head').select('seq').where('id', '=', 1).forUpdate().execute();
}

/** A write that changes nothing (readiness probe): takes the write lock like a real append. */
export async function probeChainHead(trx: Transaction<Database>): Promise<void> {
  await trx.updateTable('chain_head').set((eb) => ({ seq: eb.ref('seq') })).where('id', '=', 1).execute();
}

export async function appendDecision(
  trx: Transaction<Database>,
  dialect: 'sqlite' | 'postgres',
  decision: NewDecision,
  key?: string,
): Promise<DecisionsTable> {
  let headQuery = trx.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', 1);
  if (dialect === 'postgres') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();
  const seq = Number(head.seq) + 1;
  const row = { ...decision, seq };
  const hash = chainHash(head.hash, row, key);
  const stored: DecisionsTable = { ...row, prev_hash: head.hash, hash };
  await trx.insertInto('decisions').values(stored).execute();
  await trx.updateTable('chain_head').set({ seq, hash }).where('id', '=', 1).execute();
  return stored;
}

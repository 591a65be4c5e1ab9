/**
 * Appending decisions to the hash-chained log. Runs inside a group-commit transaction;
 * the chain head row is locked (PostgreSQL) so that several gateway instances append to
 * one chain in a single order. A batch's decisions are appended together: the chain head
 * is read once and written once per batch, not per decision.
 */
import type { Transaction } from 'kysely';
import type { Database, DecisionsTable } from '../schema.js';
import type { DialectName } from '../database.js';
import { CHAINED_FIELDS, chainHash } from './chain.js';
import { everyColumn, prepared } from '../prepared.js';

export type { NewDecision };

import type { NewDecision } from './record.js';

/** Every column of the decisions table (the compiled insert names each one): the chained ones and the links. */
const DECISION_COLUMNS = everyColumn<DecisionsTable>()([...CHAINED_FIELDS, 'prev_hash', 'hash']);

const insertDecision = prepared<DecisionsTable, unknown>(DECISION_COLUMNS, (db, row) => db.insertInto('decisions').values(row));
const readHead = prepared<object, { seq: number; hash: string }>([], (db) => db.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', 1));
const readHeadForUpdate = prepared<object, { seq: number; hash: string }>([], (db) =>
  db.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate(),
);
const writeHead = prepared<{ seq: number; hash: string }, unknown>(['seq', 'hash'], (db, head) =>
  db.updateTable('chain_head').set({ seq: head.seq, hash: head.hash }).where('id', '=', 1),
);

/** Takes the chain head row lock for the rest of the transaction (PostgreSQL). */
export async function lockChainHead(trx: Transaction<Database>): Promise<void> {
  await readHeadForUpdate.execute(trx, 'postgres', {});
}

/** A write that changes nothing (readiness probe): takes the write lock like a real append. */
export async function probeChainHead(trx: Transaction<Database>): Promise<void> {
  await trx.updateTable('chain_head').set((eb) => ({ seq: eb.ref('seq') })).where('id', '=', 1).execute();
}

/** Appends `decisions` to the chain in order; returns them as stored (seq, prev_hash, hash). */
export async function appendDecisions(trx: Transaction<Database>, dialect: DialectName, decisions: NewDecision[], key?: string): Promise<DecisionsTable[]> {
  if (decisions.length === 0) return [];
  const head = (await (dialect === 'postgres' ? readHeadForUpdate : readHead).execute(trx, dialect, {})).rows[0];
  if (!head) throw new Error('the decision chain head row is missing');
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const stored: DecisionsTable[] = [];
  for (const decision of decisions) {
    seq += 1;
    const row = { ...decision, seq };
    const hash = chainHash(prevHash, row, key);
    const full: DecisionsTable = { ...row, prev_hash: prevHash, hash };
    await insertDecision.execute(trx, dialect, full);
    stored.push(full);
    prevHash = hash;
  }
  await writeHead.execute(trx, dialect, { seq, hash: prevHash });
  return stored;
}

export async function appendDecision(trx: Transaction<Database>, dialect: DialectName, decision: NewDecision, key?: string): Promise<DecisionsTable> {
  return (await appendDecisions(trx, dialect, [decision], key))[0]!;
}

/**
 * What the reliability tests assert about a database after the fact: the chain verifies,
 * and every session's counter equals the number of decisions logged for it.
 */
import { AuditQueries } from '../../src/store/index.js';
import { openDatabase } from '../../src/store/database.js';
import { verifyChain } from '../../src/audit/verify.js';

export interface DatabaseFacts {
  decisions: number;
  chainOk: boolean;
  chainChecked: number;
  chainProblem?: unknown;
  /** session id → [sessions.calls, decisions logged] */
  sessions: Map<string, [number, number]>;
  /** Of these ids, the ones not in the log. */
  missing: string[];
}

export async function inspectDatabase(url: string, answered: string[] = []): Promise<DatabaseFacts> {
  // Without migrating: the gateway processes (dist/) made the schema; read what they wrote.
  const opened = await openDatabase(url, { migrate: false });
  const store = { db: opened.db, close: () => opened.close() };
  try {
    const report = await verifyChain(new AuditQueries(opened.db, opened.dialect), { key: process.env.TOOLGATE_CHAIN_KEY });
    const counts = await store.db
      .selectFrom('decisions')
      .select(['session_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('session_id')
      .execute();
    const rows = await store.db.selectFrom('sessions').select(['id', 'calls']).execute();
    const sessions = new Map<string, [number, number]>();
    for (const row of rows) sessions.set(row.id, [Number(row.calls), 0]);
    let decisions = 0;
    for (const { session_id, n } of counts) {
      decisions += Number(n);
      const entry = sessions.get(session_id) ?? [0, 0];
      entry[1] = Number(n);
      sessions.set(session_id, entry);
    }
    const missing: string[] = [];
    for (let i = 0; i < answered.length; i += 500) {
      const slice = answered.slice(i, i + 500);
      const found = await store.db.selectFrom('decisions').select('id').where('id', 'in', slice).execute();
      const have = new Set(found.map((r) => r.id));
      for (const id of slice) if (!have.has(id)) missing.push(id);
    }
    return { decisions, chainOk: report.ok, chainChecked: report.checked, chainProblem: report.broken, sessions, missing };
  } finally {
    await store.close();
  }
}

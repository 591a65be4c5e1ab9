/**
 * Operator stops of whole agents (table agent_stops). The pipeline reads one per call, by
 * primary key; the operator's routes write them.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { AgentStopsTable } from './schema-approvals.js';

export interface AgentStop {
  agent_id: string;
  reason: string;
  stopped_at: number;
  stopped_by: string;
}

function present(row: AgentStopsTable): AgentStop {
  return { ...row, stopped_at: Number(row.stopped_at) };
}

export async function findAgentStop(db: Kysely<Database>, agentId: string): Promise<AgentStop | null> {
  const row = await db.selectFrom('agent_stops').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
  return row ? present(row) : null;
}

/** Stops an agent (a second stop replaces the reason and who stopped it). */
export async function stopAgent(db: Kysely<Database>, stop: AgentStop): Promise<AgentStop> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('agent_stops').where('agent_id', '=', stop.agent_id).execute();
    await trx.insertInto('agent_stops').values(stop).execute();
  });
  return stop;
}

/** Lifts an agent's stop; false when it was not stopped. */
export async function liftAgentStop(db: Kysely<Database>, agentId: string): Promise<boolean> {
  const result = await db.deleteFrom('agent_stops').where('agent_id', '=', agentId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

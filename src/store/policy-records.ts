/**
 * SQL for policy rollout: shadow differences (shadow_diffs) and the decision scan that
 * replay re-evaluates. Used through Store.db by src/policy/shadow.ts and replay.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, DecisionsTable, ShadowDiffsTable } from './schema.js';

export type { ShadowDiffsTable };

export async function insertShadowDiff(db: Kysely<Database>, diff: ShadowDiffsTable): Promise<void> {
  await db
    .insertInto('shadow_diffs')
    .values(diff)
    .onConflict((oc) => oc.column('decision_id').doNothing())
    .execute();
}

export async function listShadowDiffs(
  db: Kysely<Database>,
  options: { shadowRevision?: string; since?: number; limit?: number } = {},
): Promise<ShadowDiffsTable[]> {
  let query = db.selectFrom('shadow_diffs').selectAll();
  if (options.shadowRevision) query = query.where('shadow_revision', '=', options.shadowRevision);
  if (options.since !== undefined) query = query.where('created_at', '>=', options.since);
  return query.orderBy('created_at').limit(options.limit ?? 1000).execute();
}

/** The columns replay needs: the complete policy input and what was answered. */
export type LoggedDecision = Pick<
  DecisionsTable,
  'id' | 'seq' | 'created_at' | 'session_id' | 'agent_id' | 'tool' | 'kind' | 'input' | 'context' | 'facts' | 'session' | 'decision' | 'result' | 'policy_revision'
>;

/** Logged decisions in chain order, a page at a time (keyset on seq, so memory stays flat). */
export async function* scanDecisions(
  db: Kysely<Database>,
  options: { since?: number; until?: number; pageSize?: number; limit?: number } = {},
): AsyncGenerator<LoggedDecision> {
  const pageSize = options.pageSize ?? 500;
  let afterSeq = 0;
  let seen = 0;
  for (;;) {
    let query = db
      .selectFrom('decisions')
      .select(['id', 'seq', 'created_at', 'session_id', 'agent_id', 'tool', 'kind', 'input', 'context', 'facts', 'session', 'decision', 'result', 'policy_revision'])
      .where('seq', '>', afterSeq);
    if (options.since !== undefined) query = query.where('created_at', '>=', options.since);
    if (options.until !== undefined) query = query.where('created_at', '<', options.until);
    const rows = await query.orderBy('seq').limit(pageSize).execute();
    for (const row of rows) {
      if (options.limit !== undefined && seen >= options.limit) return;
      seen += 1;
      yield row;
    }
    if (rows.length < pageSize) return;
    afterSeq = Number(rows[rows.length - 1].seq);
  }
}

/** The latest logged decisions (newest first): the sample a new policy is tried on before it goes live. */
export async function recentDecisions(db: Kysely<Database>, limit: number): Promise<LoggedDecision[]> {
  return db
    .selectFrom('decisions')
    .select(['id', 'seq', 'created_at', 'session_id', 'agent_id', 'tool', 'kind', 'input', 'context', 'facts', 'session', 'decision', 'result', 'policy_revision'])
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

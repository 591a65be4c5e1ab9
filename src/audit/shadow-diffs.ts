/** The shadow policy's recorded differences (table shadow_diffs), as the API shows them. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { listShadowDiffs } from '../store/policy-records.js';

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export async function shadowDiffs(db: Kysely<Database>, options: { shadowRevision?: string; limit: number }) {
  const rows = await listShadowDiffs(db, options);
  return rows.map((row) => ({
    ...row,
    created_at: Number(row.created_at),
    active_rules: parseJson(row.active_rules, []),
    shadow_rules: parseJson(row.shadow_rules, []),
    shadow_result: parseJson(row.shadow_result, null),
  }));
}

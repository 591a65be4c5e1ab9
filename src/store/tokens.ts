/**
 * API tokens: agent tokens (bound to one agent_id) and admin tokens. A token is
 * `tg_<kind>_<id>_<secret>`; only its sha256 is stored, so a copy of the database does
 * not hand out working tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiTokensTable, Database } from './schema.js';

export type TokenKind = 'agent' | 'admin';
export type TokenRow = ApiTokensTable;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreatedToken {
  row: TokenRow;
  /** The token itself: shown once, never stored. */
  token: string;
}

export async function createToken(
  db: Kysely<Database>,
  spec: { kind: TokenKind; agentId?: string | null; name?: string | null },
): Promise<CreatedToken> {
  if (spec.kind === 'agent' && !spec.agentId) throw new Error('an agent token needs an agent id');
  const id = randomBytes(6).toString('hex');
  const token = `tg_${spec.kind}_${id}_${randomBytes(32).toString('base64url')}`;
  const row: TokenRow = {
    id,
    kind: spec.kind,
    agent_id: spec.kind === 'agent' ? spec.agentId! : null,
    name: spec.name ?? null,
    hash: hashToken(token),
    created_at: Date.now(),
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { row, token };
}

export async function listTokens(db: Kysely<Database>, options: { includeRevoked?: boolean } = {}): Promise<TokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id');
  if (!options.includeRevoked) query = query.where('revoked_at', 'is', null);
  return query.execute();
}

/** Revokes by token id, or every token of an agent; returns how many were revoked. */
export async function revokeTokens(db: Kysely<Database>, target: { id?: string; agentId?: string }): Promise<number> {
  if (!target.id && !target.agentId) throw new Error('say which token to revoke: an id or --agent');
  let query = db.updateTable('api_tokens').set({ revoked_at: Date.now() }).where('revoked_at', 'is', null);
  if (target.id) query = query.where('id', '=', target.id);
  if (target.agentId) query = query.where('agent_id', '=', target.agentId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Active tokens only: what the gateway authenticates against. */
export function activeTokens(db: Kysely<Database>): Promise<TokenRow[]> {
  return listTokens(db);
}

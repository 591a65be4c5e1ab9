/**
 * Persistent memory: PUT/GET/DELETE /v1/memory/:scope/:key. Scopes: session (owner:
 * ?session_id=), agent (?agent_id=), project (?project=, default "default"). Values are
 * JSON; every write is a new version with who wrote it and when; a delete is a tombstone
 * version, so history stays readable (?version=N).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { Identifier } from '../../api/check.js';
import { mechanicsFrom } from '../../session/routes-api.js';
import { appendMemory, latestMemory, memoryOf, memoryVersion, type MemoryKey } from '../../store/governance.js';
import type { MemoryTable } from '../../store/schema-governance.js';
import { principalOf } from '../middleware/authorize.js';
import { describePrincipal } from '../middleware/principal.js';
import { ApiProblem } from '../errors.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../env.js';

const SCOPES = ['session', 'agent', 'project'] as const;
const OWNER_PARAM: Record<(typeof SCOPES)[number], string> = { session: 'session_id', agent: 'agent_id', project: 'project' };

const PutRequest = z
  .object({ value: z.unknown(), written_by: Identifier.optional(), if_version: z.number().int().nonnegative().optional() })
  .strict();

function owner(c: Context, scope: (typeof SCOPES)[number]): string {
  const param = OWNER_PARAM[scope];
  const value = c.req.query(param) ?? (scope === 'project' ? 'default' : undefined);
  if (value === undefined) throw new ApiProblem(400, 'missing_owner', `memory in scope ${scope} needs ?${param}=…`);
  const parsed = Identifier.safeParse(value);
  if (!parsed.success) throw new ApiProblem(400, 'invalid_owner', `${param}: ${parsed.error.issues[0]?.message}`);
  return value;
}

function target(c: Context): MemoryKey {
  const scope = c.req.param('scope') as (typeof SCOPES)[number];
  if (!SCOPES.includes(scope)) throw new ApiProblem(400, 'invalid_scope', `scope must be one of ${SCOPES.join(', ')}; got ${JSON.stringify(scope)}`);
  const key = c.req.param('key') ?? '';
  const parsed = Identifier.safeParse(key);
  if (!parsed.success) throw new ApiProblem(400, 'invalid_key', `key: ${parsed.error.issues[0]?.message}`);
  return { scope, owner: owner(c, scope), key };
}

function present(row: MemoryTable) {
  return {
    scope: row.scope,
    owner: row.owner,
    key: row.key,
    version: Number(row.version),
    value: row.value === null ? null : JSON.parse(row.value),
    deleted: !!Number(row.deleted),
    written_by: row.written_by,
    written_at: Number(row.written_at),
  };
}

function writer(c: Context, claimed: string | undefined): string {
  const who = describePrincipal(principalOf(c));
  return claimed ? `${claimed} via ${who}`.slice(0, 200) : who.slice(0, 200);
}

export function memoryRoutes(app: Hono<AppEnv>): void {
  app.put('/v1/memory/:scope/:key', async (c) => {
    const k = target(c);
    const body = await readJson(c, PutRequest);
    if (body.value === undefined) throw new ApiProblem(400, 'invalid_request', 'value: required (any JSON value)');
    const text = JSON.stringify(body.value);
    const limit = mechanicsFrom(c.var.gateway.engine.current.policy.data).memory.max_value_bytes;
    if (Buffer.byteLength(text) > limit) throw new ApiProblem(413, 'value_too_large', `value: ${Buffer.byteLength(text)} bytes is over the limit of ${limit}`);
    const stored = await appendMemory(
      c.var.gateway.store.db,
      { ...k, value: text, deleted: 0, written_by: writer(c, body.written_by), written_at: Date.now() },
      body.if_version,
    );
    if ('conflict' in stored) {
      throw new ApiProblem(409, 'version_conflict', `if_version ${body.if_version} does not match the current version ${stored.conflict}; read it again`);
    }
    return c.json(present(stored));
  });

  app.get('/v1/memory/:scope', async (c) => {
    const scope = c.req.param('scope') as (typeof SCOPES)[number];
    if (!SCOPES.includes(scope)) throw new ApiProblem(400, 'invalid_scope', `scope must be one of ${SCOPES.join(', ')}`);
    const rows = await memoryOf(c.var.gateway.store.db, scope, owner(c, scope));
    return c.json({ items: rows.map(present) });
  });

  app.get('/v1/memory/:scope/:key', async (c) => {
    const k = target(c);
    const versionText = c.req.query('version');
    let row: MemoryTable | undefined;
    if (versionText !== undefined) {
      const version = Number(versionText);
      if (!Number.isInteger(version) || version < 1) throw new ApiProblem(400, 'invalid_version', 'version must be a positive whole number');
      row = await memoryVersion(c.var.gateway.store.db, k, version);
    } else {
      row = await latestMemory(c.var.gateway.store.db, k);
    }
    if (!row || (versionText === undefined && Number(row.deleted))) {
      throw new ApiProblem(404, 'unknown_key', `no memory ${k.scope}/${k.key} for ${k.owner}${row ? ' (deleted)' : ''}`);
    }
    return c.json(present(row));
  });

  app.delete('/v1/memory/:scope/:key', async (c) => {
    const k = target(c);
    const latest = await latestMemory(c.var.gateway.store.db, k);
    if (!latest || Number(latest.deleted)) throw new ApiProblem(404, 'unknown_key', `no memory ${k.scope}/${k.key} for ${k.owner}`);
    const stored = await appendMemory(c.var.gateway.store.db, { ...k, value: null, deleted: 1, written_by: writer(c, undefined), written_at: Date.now() });
    if ('conflict' in stored) throw new ApiProblem(409, 'version_conflict', 'changed concurrently; retry');
    return c.json(present(stored));
  });
}

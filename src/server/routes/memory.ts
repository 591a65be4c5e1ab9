/**
 * Persistent memory: PUT/GET/DELETE /v1/memory/:scope/:key. Scopes: session (owner:
 * ?session_id=), agent (?agent_id=), project (?project=, default "default"). Values are
 * JSON; every write is a new version with who wrote it and when; a delete is a tombstone
 * version, so history stays readable (?version=N).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { Identifier } from '../../api/check.js';
import { listMemory, MEMORY_SCOPES, readMemory, type MemoryKey, type MemoryScope } from '../../session/memory.js';
import { principalOf } from '../middleware/authorize.js';
import { describePrincipal } from '../middleware/principal.js';
import { ToolgateError } from '../errors.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../env.js';

const OWNER_PARAM: Record<MemoryScope, string> = { session: 'session_id', agent: 'agent_id', project: 'project' };

export const MemoryPutRequest = z
  .object({ value: z.unknown(), written_by: Identifier.optional(), if_version: z.number().int().nonnegative().optional() })
  .strict();

function owner(c: Context, scope: MemoryScope): string {
  const param = OWNER_PARAM[scope];
  const value = c.req.query(param) ?? (scope === 'project' ? 'default' : undefined);
  if (value === undefined) throw new ToolgateError('missing_owner', `memory in scope ${scope} needs ?${param}=…`);
  const parsed = Identifier.safeParse(value);
  if (!parsed.success) throw new ToolgateError('invalid_owner', `${param}: ${parsed.error.issues[0]?.message}`);
  return value;
}

function target(c: Context): MemoryKey {
  const scope = c.req.param('scope') as MemoryScope;
  if (!MEMORY_SCOPES.includes(scope)) throw new ToolgateError('invalid_scope', `scope must be one of ${MEMORY_SCOPES.join(', ')}; got ${JSON.stringify(scope)}`);
  const key = c.req.param('key') ?? '';
  const parsed = Identifier.safeParse(key);
  if (!parsed.success) throw new ToolgateError('invalid_key', `key: ${parsed.error.issues[0]?.message}`);
  return { scope, owner: owner(c, scope), key };
}

function writer(c: Context, claimed: string | undefined): string {
  const who = describePrincipal(principalOf(c));
  return claimed ? `${claimed} via ${who}`.slice(0, 200) : who.slice(0, 200);
}

export function memoryRoutes(app: Hono<AppEnv>): void {
  app.put('/v1/memory/:scope/:key', async (c) => {
    const key = target(c);
    const body = await readJson(c, MemoryPutRequest);
    return c.json(await c.var.gateway.pipeline.events.writeMemory(key, body.value, writer(c, body.written_by), body.if_version));
  });

  app.get('/v1/memory/:scope', async (c) => {
    const scope = c.req.param('scope') as MemoryScope;
    if (!MEMORY_SCOPES.includes(scope)) throw new ToolgateError('invalid_scope', `scope must be one of ${MEMORY_SCOPES.join(', ')}`);
    return c.json({ items: await listMemory(c.var.gateway.store, scope, owner(c, scope)) });
  });

  app.get('/v1/memory/:scope/:key', async (c) => {
    const key = target(c);
    const versionText = c.req.query('version');
    const version = versionText === undefined ? undefined : Number(versionText);
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new ToolgateError('invalid_version', 'version must be a positive whole number');
    return c.json(await readMemory(c.var.gateway.store, key, version));
  });

  app.delete('/v1/memory/:scope/:key', async (c) => {
    return c.json(await c.var.gateway.pipeline.events.deleteMemory(target(c), writer(c, undefined)));
  });
}

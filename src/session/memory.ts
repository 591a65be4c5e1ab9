/**
 * Persistent memory per session, agent or project: versioned writes (who and when), deletes
 * as tombstone versions, optimistic concurrency with if_version. The routes validate and
 * answer; this is where a value is written, read and presented.
 */
import { ToolgateError } from '../api/errors.js';
import { appendMemory, findMemory, memoryOf, type MemoryKey } from '../store/governance.js';
import type { MemoryTable } from '../store/schema-governance.js';
import type { Store } from '../store/index.js';

export type { MemoryKey } from '../store/governance.js';
export const MEMORY_SCOPES = ['session', 'agent', 'project'] as const;
export type MemoryScope = (typeof MEMORY_SCOPES)[number];

/** A memory row as the API shows it. */
export function presentMemory(row: MemoryTable) {
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

export async function writeMemory(store: Store, key: MemoryKey, value: unknown, writtenBy: string, limitBytes: number, ifVersion?: number) {
  if (value === undefined) throw new ToolgateError('invalid_request', 'value: required (any JSON value)');
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text);
  if (bytes > limitBytes) throw new ToolgateError('value_too_large', `value: ${bytes} bytes is over the limit of ${limitBytes}`);
  const stored = await appendMemory(store.db, { ...key, value: text, deleted: 0, written_by: writtenBy, written_at: Date.now() }, ifVersion);
  if ('conflict' in stored) {
    throw new ToolgateError('version_conflict', `if_version ${ifVersion} does not match the current version ${stored.conflict}; read it again`);
  }
  return presentMemory(stored);
}

export async function listMemory(store: Store, scope: MemoryScope, owner: string) {
  return (await memoryOf(store.db, scope, owner)).map(presentMemory);
}

/** The latest version (a deleted key is unknown), or the given one (tombstones included). */
export async function readMemory(store: Store, key: MemoryKey, version?: number) {
  const row = await findMemory(store.db, key, version);
  if (!row || (version === undefined && Number(row.deleted))) {
    throw new ToolgateError('unknown_memory_key', `no memory ${key.scope}/${key.key} for ${key.owner}${row ? ' (deleted)' : ''}`);
  }
  return presentMemory(row);
}

export async function deleteMemory(store: Store, key: MemoryKey, writtenBy: string) {
  const latest = await findMemory(store.db, key);
  if (!latest || Number(latest.deleted)) throw new ToolgateError('unknown_memory_key', `no memory ${key.scope}/${key.key} for ${key.owner}`);
  const stored = await appendMemory(store.db, { ...key, value: null, deleted: 1, written_by: writtenBy, written_at: Date.now() });
  if ('conflict' in stored) throw new ToolgateError('version_conflict', 'changed concurrently; retry');
  return presentMemory(stored);
}

/** Every live key of a scope as {key: {value, version, written_by, written_at}} (what resume shows). */
export async function memoryMap(store: Store, scope: MemoryScope, owner: string) {
  const rows = await memoryOf(store.db, scope, owner);
  return Object.fromEntries(
    rows.map((m) => [m.key, { value: m.value === null ? null : JSON.parse(m.value), version: Number(m.version), written_by: m.written_by, written_at: Number(m.written_at) }]),
  );
}

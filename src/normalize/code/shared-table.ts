/**
 * What the language tables share: the specs many calls have in every language (a call that
 * deletes its first argument, one that runs its first argument as a shell line, …), a
 * builder for several names with one spec, and the calls every language shares: methods of
 * the environment object (os.environ, process.env, ENV, $_ENV).
 */
import type { Arg, CallSpec, CallTable } from './engine.js';

/** One spec for several names: `...same(DELETE, 'os.remove', 'os.unlink')`. */
export function same(spec: CallSpec, ...names: string[]): CallTable {
  return Object.fromEntries(names.map((name) => [name, spec]));
}

/** A decoder call: its arguments decoded by `decoder` (decoders.ts). */
export function decoder(name: string): CallSpec {
  return { do: 'decode', decoder: name };
}

/** A call that does nothing worth stating but gives back an object of class `cls`. */
export function returns(cls: string): CallSpec {
  return { do: 'none', returns: cls };
}

export const SHELL: CallSpec = { do: 'shell', cmd: 0 };
/** One string is a shell line, several are an argv. */
export const ARGV_REST: CallSpec = { do: 'argv_rest', from: 0 };
export const CODE: CallSpec = { do: 'code', code: 0 };
export const IMPORT: CallSpec = { do: 'import', module: 0 };
export const DELETE: CallSpec = { do: 'delete', path: 0 };
export const DELETE_TREE: CallSpec = { do: 'delete', path: 0, recursive: true };
export const READ: CallSpec = { do: 'read', path: 0 };
export const WRITE: CallSpec = { do: 'write', path: 0, content: 1 };
export const OPEN: CallSpec = { do: 'open', path: 0, mode: 1 };
export const MOVE: CallSpec = { do: 'move', from: 0, to: 1 };
export const COPY: CallSpec = { do: 'copy', from: 0, to: 1 };
export const SYMLINK: CallSpec = { do: 'link', target: 0, name: 1, symbolic: true };
export const HARDLINK: CallSpec = { do: 'link', target: 0, name: 1, symbolic: false };
export const SEND: CallSpec = { do: 'send', data: 0 };
export const CONNECT: CallSpec = { do: 'connect', host: 0, port: 1 };
export const GET: CallSpec = { do: 'http', url: 0 };
/** An HTTP request that may carry a body. */
export const POST: CallSpec = { do: 'http', url: 0, body: true };
/** An HTTP request with a fixed method other than GET/POST (`requests.delete(u)`, `axios.put(u, body)`). */
export function verb(method: 'DELETE' | 'PUT' | 'PATCH', url: Arg = 0): CallSpec {
  return { do: 'http', url, body: method !== 'DELETE', verb: method };
}
export const KILL: CallSpec = { do: 'kill', target: 0, signal: 1 };
export const SPAWN: CallSpec = { do: 'spawn' };
export const NONE: CallSpec = { do: 'none' };
export const ENV_VAR: CallSpec = { do: 'env', name: 0 };
export const ENV_ALL: CallSpec = { do: 'env' };

export const SHARED_CALLS: CallTable = {
  'env#get': ENV_VAR,
  'env#fetch': ENV_VAR,
  'env#getenv': ENV_VAR,
  'env#GetEnvironmentVariable': ENV_VAR,
  'env#copy': ENV_ALL,
  'env#items': ENV_ALL,
  'env#keys': ENV_ALL,
  'env#values': ENV_ALL,
  'env#to_h': ENV_ALL,
  'env#toObject': ENV_ALL,
  'env#GetEnvironmentVariables': ENV_ALL,
};

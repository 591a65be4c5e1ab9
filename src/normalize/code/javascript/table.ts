/**
 * JavaScript/TypeScript (Node, Deno, Bun) library calls and what they do. Keys are
 * canonical names: the module as required or imported ("child_process.execSync",
 * "fs/promises.rm"), "Class#method" for objects a call returned. `*` matches within one
 * name segment ("@aws-sdk/*.Delete*Command").
 */
import type { CallSpec, CallTable } from '../engine.js';
import { CODE, COPY, DELETE, DELETE_TREE, ENV_ALL, ENV_VAR, GET, HARDLINK, IMPORT, KILL, MOVE, NONE, POST, READ, SEND, SHELL, SPAWN, SYMLINK, WRITE, decoder, returns, same, verb } from '../shared-table.js';

/** fs functions, each also reachable as fs.promises.X, fs/promises.X and X + "Sync". */
const FS: Record<string, CallSpec> = {
  ...same({ do: 'delete', path: 0, options: 1 }, 'rm', 'rmdir'),
  unlink: DELETE,
  writeFile: WRITE,
  appendFile: { do: 'write', path: 0, content: 1, mode: 'append' },
  readFile: READ,
  ...same({ do: 'chmod', path: 0, mode: 1 }, 'chmod', 'lchmod'),
  chown: { do: 'chmod', path: 0, mode: 1, owner: true },
  symlink: SYMLINK,
  link: HARDLINK,
  rename: MOVE,
  ...same(COPY, 'copyFile', 'cp'),
  truncate: { do: 'write', path: 0, mode: 'truncate' },
  open: { do: 'open', path: 0, mode: 1, flags: 'posix' },
};

function fsTable(): CallTable {
  const out: CallTable = {};
  for (const [name, spec] of Object.entries(FS)) {
    for (const prefix of ['fs', 'fs.promises', 'fs/promises', 'fs-extra', 'Deno']) out[`${prefix}.${name}`] = spec;
    out[`fs.${name}Sync`] = spec;
    out[`fs-extra.${name}Sync`] = spec;
    out[`Deno.${name}Sync`] = spec;
  }
  return out;
}

export const JAVASCRIPT_CALLS: CallTable = {
  ...same(IMPORT, 'require', 'import'),
  // Processes.
  ...same(SHELL, 'child_process.exec', 'child_process.execSync', 'execa.execaCommand', 'shelljs.exec'),
  ...same({ do: 'argv', argv: 1, file: 0, prepend: true }, 'child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync', 'execa.execa'),
  'child_process.fork': SPAWN,
  'shelljs.rm': { do: 'delete', path: 1, recursive: true },
  ...same({ do: 'argv', argv: 0 }, 'Bun.spawn', 'Bun.spawnSync'),
  'Deno.Command': { do: 'argv', argv: 'args', file: 0, prepend: true },
  'Deno.run': { do: 'argv', argv: 'cmd' },
  // Code.
  ...same(CODE, 'eval', 'Function', 'vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.Script', 'vm.compileFunction'),
  setTimeout: NONE,
  // Files.
  ...fsTable(),
  'fs.createWriteStream': { do: 'write', path: 0 },
  // Env-file loaders read `.env` unless told another file (`config({ path })`).
  ...same({ do: 'read', path: [0, 'path'], default: '.env' }, 'dotenv.config', 'dotenv.parse', 'dotenv/config', 'process.loadEnvFile'),
  ...same(READ, 'fs.createReadStream', 'Bun.file'),
  'fs.openSync': { do: 'open', path: 0, mode: 1, flags: 'posix' },
  ...same(DELETE_TREE, 'fs-extra.remove', 'fs-extra.removeSync', 'fs-extra.emptyDir', 'fs-extra.emptyDirSync', 'rimraf.rimraf', 'rimraf.sync', 'rimraf'),
  'Bun.write': WRITE,
  // Deno's own file and environment API (its fs-like names are in fsTable).
  ...same({ do: 'delete', path: 0, options: 1 }, 'Deno.remove', 'Deno.removeSync'),
  ...same(WRITE, 'Deno.writeTextFile', 'Deno.writeTextFileSync', 'Deno.writeFile', 'Deno.writeFileSync'),
  ...same(READ, 'Deno.readTextFile', 'Deno.readTextFileSync', 'Deno.readFile', 'Deno.readFileSync'),
  'Deno.env.get': ENV_VAR,
  'Deno.env.toObject': ENV_ALL,
  'Bun.env': ENV_ALL,
  'os.homedir': { do: 'value', value: '~' },
  ...same(decoder('path_join'), 'path.join', 'path.resolve', 'path.posix.join', 'path.posix.resolve', 'path.normalize'),
  // Network.
  ...same({ do: 'connect', address: 0, port: 0, host: 1 }, 'net.connect', 'net.createConnection', 'tls.connect'),
  'net.Socket': returns('net.Socket'),
  'net.Socket#connect': { do: 'connect', address: 0, port: 0, host: 1, receiver: true },
  'net.Socket#write': SEND,
  ...same(returns('net.Server'), 'net.createServer', 'http.createServer'),
  'net.Server#listen': { do: 'connect', port: 0, host: 1, listen: true },
  'dgram.createSocket': returns('dgram.Socket'),
  'dgram.Socket#send': { do: 'connect', port: 1, host: 2 },
  ...same(POST, 'http.request', 'https.request', 'fetch', 'axios.post', 'axios.request', 'axios', 'node-fetch', 'got.post', 'got', 'ky', 'ky.post', 'superagent.post', 'undici.request', 'undici.fetch'),
  ...same(GET, 'http.get', 'https.get', 'WebSocket', 'axios.get', 'axios.head', 'got.get', 'ky.get', 'superagent.get'),
  ...same(verb('DELETE'), 'axios.delete', 'got.delete', 'ky.delete', 'superagent.delete', 'superagent.del'),
  ...same(verb('PUT'), 'axios.put', 'got.put', 'ky.put', 'superagent.put'),
  ...same(verb('PATCH'), 'axios.patch', 'got.patch', 'ky.patch', 'superagent.patch'),
  ...same({ do: 'connect', host: 0 }, 'dns.lookup', 'dns.resolve'),
  URL: { do: 'url', url: 0 },
  // Processes and signals.
  'process.kill': KILL,
  // Node's internal bindings and native addons reach spawn, fs and sockets past every API above
  // (`process.binding('spawn_sync').spawn(…)`); the node oracle's hook cannot see them either.
  ...same({ do: 'opaque', reason: 'native_binding:javascript' }, 'process.binding', 'process._linkedBinding', 'process.dlopen'),
  ...same(SPAWN, 'cluster.fork', 'Worker', 'worker_threads.Worker'),
  ...same({ do: 'allocate', size: 0 }, 'Buffer.alloc', 'Buffer.allocUnsafe', 'ArrayBuffer'),
  // Decoders.
  atob: decoder('base64'),
  'Buffer.from': decoder('codec'),
  ...same(decoder('chr'), 'String.fromCharCode', 'String.fromCodePoint'),
  ...same(decoder('url'), 'decodeURIComponent', 'decodeURI', 'unescape'),
  String: decoder('identity'),
  // Databases: connections; every query/exec/run of SQL text is SQL (engine fallback).
  ...same(returns('sqlite.Database'), 'better-sqlite3', 'sqlite3.Database'),
  ...same(returns('pg.Client'), 'pg.Client', 'pg.Pool'),
  ...same(returns('mysql.Connection'), 'mysql.createConnection', 'mysql2.createConnection', 'mysql2/promise.createConnection'),
  // Cloud SDKs.
  '@aws-sdk/*.Delete*Command': { do: 'cloud_delete', service: 'aws', name: 0 },
  '@aws-sdk/*.TerminateInstancesCommand': { do: 'cloud_delete', service: 'ec2', name: 0 },
  'aws-sdk.S3': returns('aws.S3'),
  'aws.S3#delete*': { do: 'cloud_delete', service: 's3', name: 0 },
};

/**
 * JavaScript/TypeScript (Node, Deno, Bun) library calls and what they do. Keys are
 * canonical names: the module as required or imported ("child_process.execSync",
 * "fs/promises.rm"), "Class#method" for objects a call returned. `*` matches within one
 * name segment ("@aws-sdk/*.Delete*Command").
 */
import type { CallSpec, CallTable } from '../engine.js';

/** fs functions, each also reachable as fs.promises.X, fs/promises.X and X + "Sync". */
const FS: Record<string, CallSpec> = {
  rm: { do: 'delete', path: 0, options: 1 },
  rmdir: { do: 'delete', path: 0, options: 1 },
  unlink: { do: 'delete', path: 0 },
  writeFile: { do: 'write', path: 0, content: 1 },
  appendFile: { do: 'write', path: 0, content: 1, mode: 'append' },
  readFile: { do: 'read', path: 0 },
  chmod: { do: 'chmod', path: 0, mode: 1 },
  lchmod: { do: 'chmod', path: 0, mode: 1 },
  chown: { do: 'chmod', path: 0, mode: 1, owner: true },
  symlink: { do: 'link', target: 0, name: 1, symbolic: true },
  link: { do: 'link', target: 0, name: 1, symbolic: false },
  rename: { do: 'move', from: 0, to: 1 },
  copyFile: { do: 'copy', from: 0, to: 1 },
  cp: { do: 'copy', from: 0, to: 1 },
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
  require: { do: 'import', module: 0 },
  import: { do: 'import', module: 0 },
  // Processes.
  'child_process.exec': { do: 'shell', cmd: 0 },
  'child_process.execSync': { do: 'shell', cmd: 0 },
  'child_process.spawn': { do: 'argv', argv: 1, file: 0, prepend: true },
  'child_process.spawnSync': { do: 'argv', argv: 1, file: 0, prepend: true },
  'child_process.execFile': { do: 'argv', argv: 1, file: 0, prepend: true },
  'child_process.execFileSync': { do: 'argv', argv: 1, file: 0, prepend: true },
  'child_process.fork': { do: 'spawn' },
  'execa.execa': { do: 'argv', argv: 1, file: 0, prepend: true },
  'execa.execaCommand': { do: 'shell', cmd: 0 },
  'shelljs.exec': { do: 'shell', cmd: 0 },
  'shelljs.rm': { do: 'delete', path: 1, recursive: true },
  'Bun.spawn': { do: 'argv', argv: 0 },
  'Bun.spawnSync': { do: 'argv', argv: 0 },
  'Deno.Command': { do: 'argv', argv: 'args', file: 0, prepend: true },
  'Deno.run': { do: 'argv', argv: 'cmd' },
  // Code.
  eval: { do: 'code', code: 0 },
  Function: { do: 'code', code: 0 },
  'vm.runInNewContext': { do: 'code', code: 0 },
  'vm.runInThisContext': { do: 'code', code: 0 },
  'vm.runInContext': { do: 'code', code: 0 },
  'vm.Script': { do: 'code', code: 0 },
  'vm.compileFunction': { do: 'code', code: 0 },
  setTimeout: { do: 'none' },
  // Files.
  ...fsTable(),
  'fs.createWriteStream': { do: 'write', path: 0 },
  'fs.createReadStream': { do: 'read', path: 0 },
  'fs.openSync': { do: 'open', path: 0, mode: 1, flags: 'posix' },
  'fs-extra.remove': { do: 'delete', path: 0, recursive: true },
  'fs-extra.removeSync': { do: 'delete', path: 0, recursive: true },
  'fs-extra.emptyDir': { do: 'delete', path: 0, recursive: true },
  'fs-extra.emptyDirSync': { do: 'delete', path: 0, recursive: true },
  'rimraf.rimraf': { do: 'delete', path: 0, recursive: true },
  'rimraf.sync': { do: 'delete', path: 0, recursive: true },
  rimraf: { do: 'delete', path: 0, recursive: true },
  'Bun.write': { do: 'write', path: 0, content: 1 },
  'Bun.file': { do: 'read', path: 0 },
  'os.homedir': { do: 'value', value: '~' },
  'path.join': { do: 'decode', decoder: 'identity' },
  // Network.
  'net.connect': { do: 'connect', address: 0, port: 0, host: 1 },
  'net.createConnection': { do: 'connect', address: 0, port: 0, host: 1 },
  'tls.connect': { do: 'connect', address: 0, port: 0, host: 1 },
  'net.Socket': { do: 'none', returns: 'net.Socket' },
  'net.Socket#connect': { do: 'connect', address: 0, port: 0, host: 1, receiver: true },
  'net.Socket#write': { do: 'send', data: 0 },
  'net.createServer': { do: 'none', returns: 'net.Server' },
  'net.Server#listen': { do: 'connect', port: 0, host: 1, listen: true },
  'http.createServer': { do: 'none', returns: 'net.Server' },
  'dgram.createSocket': { do: 'none', returns: 'dgram.Socket' },
  'dgram.Socket#send': { do: 'connect', port: 1, host: 2 },
  'http.request': { do: 'http', url: 0, body: true },
  'https.request': { do: 'http', url: 0, body: true },
  'http.get': { do: 'http', url: 0 },
  'https.get': { do: 'http', url: 0 },
  fetch: { do: 'http', url: 0, body: true },
  WebSocket: { do: 'http', url: 0 },
  'axios.get': { do: 'http', url: 0 },
  'axios.delete': { do: 'http', url: 0 },
  'axios.head': { do: 'http', url: 0 },
  'axios.post': { do: 'http', url: 0, body: true },
  'axios.put': { do: 'http', url: 0, body: true },
  'axios.patch': { do: 'http', url: 0, body: true },
  'axios.request': { do: 'http', url: 0, body: true },
  axios: { do: 'http', url: 0, body: true },
  'node-fetch': { do: 'http', url: 0, body: true },
  'got.get': { do: 'http', url: 0 },
  'got.post': { do: 'http', url: 0, body: true },
  got: { do: 'http', url: 0, body: true },
  'dns.lookup': { do: 'connect', host: 0 },
  'dns.resolve': { do: 'connect', host: 0 },
  // Processes and signals.
  'process.kill': { do: 'kill', target: 0, signal: 1 },
  'cluster.fork': { do: 'spawn' },
  Worker: { do: 'spawn' },
  'worker_threads.Worker': { do: 'spawn' },
  'Buffer.alloc': { do: 'allocate', size: 0 },
  'Buffer.allocUnsafe': { do: 'allocate', size: 0 },
  ArrayBuffer: { do: 'allocate', size: 0 },
  // Decoders.
  atob: { do: 'decode', decoder: 'base64' },
  'Buffer.from': { do: 'decode', decoder: 'codec' },
  'String.fromCharCode': { do: 'decode', decoder: 'chr' },
  'String.fromCodePoint': { do: 'decode', decoder: 'chr' },
  decodeURIComponent: { do: 'decode', decoder: 'url' },
  decodeURI: { do: 'decode', decoder: 'url' },
  unescape: { do: 'decode', decoder: 'url' },
  String: { do: 'decode', decoder: 'identity' },
  // Databases: connections; every query/exec/run of SQL text is SQL (engine fallback).
  'better-sqlite3': { do: 'none', returns: 'sqlite.Database' },
  'sqlite3.Database': { do: 'none', returns: 'sqlite.Database' },
  'pg.Client': { do: 'none', returns: 'pg.Client' },
  'pg.Pool': { do: 'none', returns: 'pg.Client' },
  'mysql.createConnection': { do: 'none', returns: 'mysql.Connection' },
  'mysql2.createConnection': { do: 'none', returns: 'mysql.Connection' },
  'mysql2/promise.createConnection': { do: 'none', returns: 'mysql.Connection' },
  // Cloud SDKs.
  '@aws-sdk/*.Delete*Command': { do: 'cloud_delete', service: 'aws', name: 0 },
  '@aws-sdk/*.TerminateInstancesCommand': { do: 'cloud_delete', service: 'ec2', name: 0 },
  'aws-sdk.S3': { do: 'none', returns: 'aws.S3' },
  'aws.S3#delete*': { do: 'cloud_delete', service: 's3', name: 0 },
};

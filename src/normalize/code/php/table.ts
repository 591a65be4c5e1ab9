/** PHP functions and what they do (names lower-cased: PHP function names are case-insensitive). */
import type { CallTable } from '../engine.js';
import { CODE, CONNECT, COPY, DELETE, ENV_VAR, GET, HARDLINK, KILL, MOVE, NONE, OPEN, READ, SHELL, SPAWN, SYMLINK, WRITE, decoder, returns, same } from '../shared-table.js';

export const PHP_CALLS: CallTable = {
  ...same(SHELL, 'system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', '`'),
  pcntl_exec: { do: 'argv', argv: 1, file: 0, prepend: true },
  ...same(CODE, 'eval', 'assert'),
  create_function: { do: 'code', code: 1 },
  call_user_func: { do: 'getattr' },
  // Files.
  ...same(DELETE, 'unlink', 'rmdir'),
  file_put_contents: WRITE,
  fopen: OPEN,
  ...same(READ, 'file_get_contents', 'file', 'readfile'),
  chmod: { do: 'chmod', path: 0, mode: 1 },
  chown: { do: 'chmod', path: 0, mode: 1, owner: true },
  symlink: SYMLINK,
  link: HARDLINK,
  rename: MOVE,
  copy: COPY,
  ...same({ do: 'send', data: 1 }, 'fwrite', 'fputs'),
  // Network.
  ...same(CONNECT, 'fsockopen', 'pfsockopen'),
  stream_socket_client: { do: 'connect', address: 0 },
  stream_socket_server: { do: 'connect', address: 0, listen: true },
  socket_create: returns('socket'),
  socket_connect: { do: 'connect', host: 1, port: 2 },
  socket_write: { do: 'send', data: 1 },
  curl_init: GET,
  ...same(NONE, 'curl_setopt', 'curl_exec'),
  getenv: ENV_VAR,
  // Processes and signals.
  posix_kill: KILL,
  pcntl_fork: SPAWN,
  str_repeat: { do: 'allocate', size: 1 },
  // Decoders.
  base64_decode: decoder('base64'),
  // What a glob matches is named by its pattern (`array_map('unlink', glob('/var/log/*'))`).
  glob: decoder('identity'),
  hex2bin: decoder('hex'),
  str_rot13: decoder('rot13'),
  strrev: decoder('reverse'),
  ...same(decoder('url'), 'urldecode', 'rawurldecode'),
  chr: decoder('chr'),
  pack: { do: 'decode', decoder: 'hex', args: [1] },
  gzinflate: NONE,
  // Databases.
  pdo: returns('pdo'),
  mysqli: returns('mysql'),
  mysqli_query: { do: 'sql', sql: 1, dialect: 'mysql' },
  pg_query: { do: 'sql', sql: 1, dialect: 'postgresql' },
};

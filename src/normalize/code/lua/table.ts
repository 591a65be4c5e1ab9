/** Lua library calls and what they do ("os.execute", "socket#connect" for LuaSocket objects). */
import type { CallTable } from '../engine.js';
import { CODE, CONNECT, DELETE, ENV_VAR, IMPORT, KILL, MOVE, NONE, OPEN, POST, READ, SEND, SHELL, SPAWN, decoder, returns, same } from '../shared-table.js';

export const LUA_CALLS: CallTable = {
  ...same(SHELL, 'os.execute', 'io.popen'),
  'os.remove': DELETE,
  'os.rename': MOVE,
  'io.open': OPEN,
  ...same(READ, 'io.lines', 'dofile', 'loadfile'),
  ...same(SEND, 'file#write', 'socket#send'),
  ...same(CODE, 'load', 'loadstring'),
  require: IMPORT,
  'os.getenv': ENV_VAR,
  'string.char': decoder('chr'),
  'string.reverse': decoder('reverse'),
  'string.rep': { do: 'allocate', size: 1 },
  'socket.tcp': returns('socket'),
  'socket.connect': CONNECT,
  'socket.bind': { do: 'connect', host: 0, port: 1, listen: true },
  'socket#connect': { do: 'connect', host: 0, port: 1, receiver: true },
  ...same(POST, 'socket.http.request', 'ssl.https.request'),
  'posix.fork': SPAWN,
  'posix.kill': KILL,
  'posix.dup2': { do: 'wire' },
  'coroutine.create': NONE,
};

/**
 * Tcl commands and what they do. The reader (index.ts) turns each command's words into
 * arguments first: `exec`'s words and `open "|…"` become one shell line, `file delete -force`
 * is its own name, `http::geturl`'s `-method` is a keyword.
 */
import type { CallTable } from '../engine.js';
import { CONNECT, COPY, DELETE, DELETE_TREE, MOVE, OPEN, SHELL, SYMLINK } from '../shared-table.js';

export const TCL_CALLS: CallTable = {
  exec: SHELL,
  'file.delete': DELETE,
  'file.delete.force': DELETE_TREE,
  'file.rename': MOVE,
  'file.copy': COPY,
  'file.link': SYMLINK,
  'file.attributes': { do: 'chmod', path: 0, mode: 2 },
  open: OPEN,
  socket: CONNECT,
  'socket.server': { do: 'connect', port: 0, listen: true },
  'http::geturl': { do: 'http', url: 0 },
  eval: { do: 'code', code: 0, language: 'tcl' },
};

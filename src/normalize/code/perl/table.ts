/** Perl builtins and module calls, and what they do ("IO::Socket::INET.new" for `IO::Socket::INET->new`). */
import type { CallTable } from '../engine.js';
import { ARGV_REST, CODE, DELETE, DELETE_TREE, ENV_VAR, GET, HARDLINK, MOVE, NONE, POST, SEND, SHELL, SPAWN, SYMLINK, decoder, returns, same } from '../shared-table.js';

export const PERL_CALLS: CallTable = {
  ...same(ARGV_REST, 'system', 'exec'),
  '`': SHELL,
  eval: CODE,
  ...same(DELETE, 'unlink', 'rmdir'),
  truncate: { do: 'write', path: 0, mode: 'truncate' },
  ...same(DELETE_TREE, 'File::Path::rmtree', 'File::Path::remove_tree', 'rmtree', 'remove_tree'),
  chmod: { do: 'chmod', path: 1, mode: 0 },
  chown: { do: 'chmod', path: 2, mode: 0, owner: true },
  symlink: SYMLINK,
  link: HARDLINK,
  rename: MOVE,
  kill: { do: 'kill', target: 1, signal: 0 },
  ...same(SPAWN, 'fork', 'threads.create'),
  ...same(decoder('base64'), 'decode_base64', 'MIME::Base64::decode_base64'),
  pack: { do: 'decode', decoder: 'hex', args: [1] },
  chr: decoder('chr'),
  // What a glob matches is named by its pattern (`unlink glob('/var/log/*.log')` deletes that glob).
  glob: decoder('identity'),
  reverse: decoder('reverse'),
  uri_unescape: decoder('url'),
  getenv: ENV_VAR,
  // Network.
  'IO::Socket::INET.new': { do: 'connect', address: [0, 'PeerAddr'], host: 'PeerHost', port: 'PeerPort' },
  'IO::Socket::IP.new': { do: 'connect', address: 'PeerAddr', host: 'PeerHost', port: 'PeerPort' },
  socket: NONE,
  connect: { do: 'connect', address: 1 },
  ...same({ do: 'pair', items: [1, 0] }, 'sockaddr_in', 'pack_sockaddr_in'),
  inet_aton: decoder('identity'),
  ...same(GET, 'LWP::Simple::get', 'get', 'getstore', 'LWP::UserAgent#get', 'HTTP::Tiny#get'),
  'LWP::UserAgent.new': returns('LWP::UserAgent'),
  ...same(POST, 'LWP::UserAgent#post', 'HTTP::Tiny#post'),
  'HTTP::Tiny.new': returns('HTTP::Tiny'),
  'DBI.connect': returns('dbi'),
  'dbi#do': { do: 'sql', sql: 0 },
  ...same(SEND, 'socket#send', 'socket#print'),
};

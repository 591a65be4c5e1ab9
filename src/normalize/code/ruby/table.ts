/** Ruby library calls and what they do ("File.delete", "TCPSocket.new", "Class#method" for returned objects). */
import type { CallTable } from '../engine.js';
import { ARGV_REST, CODE, CONNECT, COPY, DELETE, DELETE_TREE, GET, IMPORT, MOVE, NONE, OPEN, POST, READ, SEND, SHELL, SPAWN, SYMLINK, WRITE, decoder, returns, same, verb } from '../shared-table.js';

export const RUBY_CALLS: CallTable = {
  // Processes: one string is a shell line, several are an argv.
  ...same(ARGV_REST, 'system', 'exec', 'spawn', 'Kernel.system', 'Kernel.exec', 'Kernel.spawn', 'Process.spawn', 'Open3.popen3', 'Open3.capture2', 'Open3.capture2e', 'Open3.capture3', 'PTY.spawn'),
  ...same(SHELL, '`', 'Kernel.`', 'IO.popen'),
  open: OPEN,
  ...same(CODE, 'eval', 'instance_eval', 'class_eval', 'Kernel.eval'),
  'Object.const_get': IMPORT,
  send: { do: 'getattr' },
  require: NONE,
  // Files.
  ...same(DELETE, 'File.delete', 'File.unlink', 'FileUtils.rm', 'FileUtils.rm_f', 'Dir.delete', 'Dir.rmdir'),
  ...same(DELETE_TREE, 'FileUtils.rm_r', 'FileUtils.rm_rf', 'FileUtils.rmtree', 'FileUtils.remove_dir', 'FileUtils.remove_entry'),
  ...same(WRITE, 'File.write', 'IO.write'),
  ...same({ do: 'read', path: 0, default: '.env' }, 'Dotenv.load', 'Dotenv.parse', 'Dotenv.overload'),
  ...same({ do: 'write', path: 0, mode: 'truncate' }, 'File.truncate', 'FileUtils.truncate'),
  ...same(OPEN, 'File.open', 'File.new'),
  ...same(READ, 'File.read', 'IO.read', 'File.readlines'),
  ...same({ do: 'chmod', path: 1, mode: 0 }, 'File.chmod', 'FileUtils.chmod', 'FileUtils.chmod_R'),
  ...same({ do: 'chmod', path: 2, mode: 0, owner: true }, 'File.chown', 'FileUtils.chown'),
  ...same(SYMLINK, 'File.symlink', 'FileUtils.ln_s'),
  ...same(MOVE, 'File.rename', 'FileUtils.mv'),
  'FileUtils.cp': COPY,
  'File.expand_path': decoder('identity'),
  'File.join': decoder('path_join'),
  // What a glob matches is named by its pattern (`FileUtils.rm_rf(Dir.glob('/var/log/*'))`).
  ...same(decoder('identity'), 'Dir.glob', 'Dir.[]'),
  'Dir.home': { do: 'value', value: '~' },
  ...same(SEND, 'file#write', 'file#puts'),
  // Network.
  ...same(CONNECT, 'TCPSocket.new', 'TCPSocket.open', 'Socket.tcp', 'Net::HTTP.start', 'Net::HTTP.new'),
  'TCPServer.new': { do: 'connect', host: 0, port: 1, listen: true },
  ...same(SEND, 'socket#write', 'socket#puts', 'socket#print'),
  ...same(GET, 'Net::HTTP.get', 'Net::HTTP.get_response', 'URI.open', 'HTTParty.get', 'RestClient.get', 'Faraday.get'),
  ...same(POST, 'Net::HTTP.post', 'Net::HTTP.post_form', 'HTTParty.post', 'RestClient.post', 'Faraday.post'),
  // A request object of a method's class is that request (`Net::HTTP::Delete.new(uri)`), as are the clients' method calls.
  ...same(verb('DELETE'), 'Net::HTTP::Delete.new', 'HTTParty.delete', 'RestClient.delete', 'Faraday.delete'),
  ...same(verb('PUT'), 'Net::HTTP::Put.new', 'HTTParty.put', 'RestClient.put', 'Faraday.put'),
  ...same(verb('PATCH'), 'Net::HTTP::Patch.new', 'HTTParty.patch', 'RestClient.patch', 'Faraday.patch'),
  ...same({ do: 'url', url: 0 }, 'URI', 'URI.parse'),
  // Processes and signals.
  'Process.kill': { do: 'kill', target: 1, signal: 0 },
  ...same(SPAWN, 'fork', 'Process.fork', 'Thread.new'),
  // Decoders.
  ...same(decoder('base64'), 'Base64.decode64', 'Base64.strict_decode64', 'Base64.urlsafe_decode64'),
  ...same(decoder('url'), 'CGI.unescape', 'URI.decode_www_form_component'),
  // Databases.
  'SQLite3::Database.new': returns('sqlite3.Database'),
  'PG.connect': returns('pg.Connection'),
  'Mysql2::Client.new': returns('mysql.Client'),
};

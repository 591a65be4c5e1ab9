/**
 * PowerShell cmdlets, their aliases and .NET methods, and what they do. Cmdlet keys are
 * lower-cased; .NET keys are "Type::Method" with the leading "System." dropped
 * ("IO.File::Delete"), instance methods "Type#Method".
 *
 * Cmdlets take named parameters: a spec's argument names are parameter names ("path"),
 * its positions count the positional arguments.
 */
import type { CallSpec, CallTable } from '../engine.js';

const REMOVE: CallSpec = { do: 'delete', path: [0, 'path'], options: 'recurse' };
const WEB: CallSpec = { do: 'http', url: [0, 'uri'], body: true };
const IEX: CallSpec = { do: 'code', code: [0, 'command'] };

export const POWERSHELL_CALLS: CallTable = {
  'remove-item': REMOVE,
  rm: REMOVE,
  del: REMOVE,
  erase: REMOVE,
  rd: REMOVE,
  ri: REMOVE,
  rmdir: REMOVE,
  'set-content': { do: 'write', path: [0, 'path'], content: 'value' },
  sc: { do: 'write', path: [0, 'path'], content: 'value' },
  'add-content': { do: 'write', path: [0, 'path'], content: 'value', mode: 'append' },
  'out-file': { do: 'write', path: [0, 'filepath'] },
  'new-item': { do: 'write', path: [0, 'path'], content: 'value' },
  'get-content': { do: 'read', path: [0, 'path'] },
  gc: { do: 'read', path: [0, 'path'] },
  cat: { do: 'read', path: [0, 'path'] },
  type: { do: 'read', path: [0, 'path'] },
  'copy-item': { do: 'copy', from: [0, 'path'], to: [1, 'destination'] },
  'move-item': { do: 'move', from: [0, 'path'], to: [1, 'destination'] },
  'invoke-webrequest': WEB,
  iwr: WEB,
  wget: WEB,
  curl: WEB,
  'invoke-restmethod': WEB,
  irm: WEB,
  'invoke-expression': IEX,
  iex: IEX,
  'invoke-command': { do: 'code', code: [0, 'scriptblock'] },
  'start-process': { do: 'argv', argv: [1, 'argumentlist'], file: [0, 'filepath'], prepend: true },
  saps: { do: 'argv', argv: [1, 'argumentlist'], file: [0, 'filepath'], prepend: true },
  start: { do: 'argv', argv: [1, 'argumentlist'], file: [0, 'filepath'], prepend: true },
  'stop-process': { do: 'kill', target: [0, 'id'], byName: false },
  kill: { do: 'kill', target: [0, 'id'] },
  spps: { do: 'kill', target: [0, 'id'] },
  'start-job': { do: 'spawn' },
  'new-object': { do: 'none' },
  'set-itemproperty': { do: 'write', path: [0, 'path'], mode: 'edit' },
  'set-executionpolicy': { do: 'none' },
  'clear-eventlog': { do: 'delete', path: [0, 'logname'] },
  // .NET
  'IO.File::Delete': { do: 'delete', path: 0 },
  'IO.Directory::Delete': { do: 'delete', path: 0, recursive: true },
  'IO.File::WriteAllText': { do: 'write', path: 0, content: 1 },
  'IO.File::WriteAllBytes': { do: 'write', path: 0 },
  'IO.File::AppendAllText': { do: 'write', path: 0, content: 1, mode: 'append' },
  'IO.File::ReadAllText': { do: 'read', path: 0 },
  'IO.File::ReadAllBytes': { do: 'read', path: 0 },
  'Convert::FromBase64String': { do: 'decode', decoder: 'base64' },
  'Text.Encoding::UTF8.GetString': { do: 'decode', decoder: 'identity' },
  'Text.Encoding::ASCII.GetString': { do: 'decode', decoder: 'identity' },
  'Text.Encoding::Unicode.GetString': { do: 'decode', decoder: 'identity' },
  'Diagnostics.Process::Start': { do: 'argv_rest', from: 0 },
  'Environment::GetEnvironmentVariable': { do: 'env', name: 0 },
  'Net.Sockets.TCPClient': { do: 'connect', host: 0, port: 1 },
  'Net.Sockets.TcpClient': { do: 'connect', host: 0, port: 1 },
  'Net.Sockets.TcpListener': { do: 'connect', port: 1, listen: true },
  'Net.WebClient': { do: 'none', returns: 'Net.WebClient' },
  'Net.WebClient#DownloadString': { do: 'http', url: 0 },
  'Net.WebClient#DownloadFile': { do: 'http', url: 0 },
  'Net.WebClient#DownloadData': { do: 'http', url: 0 },
  'Net.WebClient#UploadString': { do: 'http', url: 0, body: true },
  'Net.WebClient#UploadFile': { do: 'http', url: 0, body: true },
  'Net.WebClient#UploadData': { do: 'http', url: 0, body: true },
  'socket#GetStream': { do: 'none', returns: 'socket' },
  'socket#Write': { do: 'send', data: 0 },
};

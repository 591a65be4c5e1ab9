/**
 * PowerShell cmdlets, their aliases and .NET methods, and what they do. Cmdlet keys are
 * lower-cased; .NET keys are "Type::Method" with the leading "System." dropped
 * ("IO.File::Delete"), instance methods "Type#Method".
 *
 * Cmdlets take named parameters: a spec's argument names are parameter names ("path"),
 * its positions count the positional arguments.
 */
import type { CallSpec, CallTable } from '../engine.js';
import { ARGV_REST, CONNECT, DELETE, DELETE_TREE, ENV_VAR, GET, NONE, POST, READ, SEND, SPAWN, WRITE, decoder, returns, same } from '../shared-table.js';

const REMOVE: CallSpec = { do: 'delete', path: [0, 'path'], options: 'recurse' };
const WEB: CallSpec = { do: 'http', url: [0, 'uri'], body: true };
const IEX: CallSpec = { do: 'code', code: [0, 'command'] };

export const POWERSHELL_CALLS: CallTable = {
  ...same(REMOVE, 'remove-item', 'rm', 'del', 'erase', 'rd', 'ri', 'rmdir'),
  ...same({ do: 'write', path: [0, 'path'], content: 'value' }, 'set-content', 'sc', 'new-item'),
  'add-content': { do: 'write', path: [0, 'path'], content: 'value', mode: 'append' },
  'out-file': { do: 'write', path: [0, 'filepath'] },
  ...same({ do: 'read', path: [0, 'path'] }, 'get-content', 'gc', 'cat', 'type'),
  ...same({ do: 'decode', decoder: 'path_join', args: [[0, 'path'], [1, 'childpath']] }, 'join-path'),
  'IO.Path::Combine': decoder('path_join'),
  'copy-item': { do: 'copy', from: [0, 'path'], to: [1, 'destination'] },
  'move-item': { do: 'move', from: [0, 'path'], to: [1, 'destination'] },
  ...same(WEB, 'invoke-webrequest', 'iwr', 'wget', 'curl', 'invoke-restmethod', 'irm'),
  ...same(IEX, 'invoke-expression', 'iex'),
  'invoke-command': { do: 'code', code: [0, 'scriptblock'] },
  ...same({ do: 'argv', argv: [1, 'argumentlist'], file: [0, 'filepath'], prepend: true }, 'start-process', 'saps', 'start'),
  'stop-process': { do: 'kill', target: [0, 'id'], byName: false },
  ...same({ do: 'kill', target: [0, 'id'] }, 'kill', 'spps'),
  'start-job': SPAWN,
  ...same(NONE, 'new-object', 'set-executionpolicy'),
  'set-itemproperty': { do: 'write', path: [0, 'path'], mode: 'edit' },
  'clear-eventlog': { do: 'delete', path: [0, 'logname'] },
  // .NET
  'IO.File::Delete': DELETE,
  'IO.Directory::Delete': DELETE_TREE,
  'IO.File::WriteAllText': WRITE,
  'IO.File::WriteAllBytes': { do: 'write', path: 0 },
  'IO.File::AppendAllText': { do: 'write', path: 0, content: 1, mode: 'append' },
  ...same(READ, 'IO.File::ReadAllText', 'IO.File::ReadAllBytes'),
  'Convert::FromBase64String': decoder('base64'),
  ...same(decoder('identity'), 'Text.Encoding::UTF8.GetString', 'Text.Encoding::ASCII.GetString', 'Text.Encoding::Unicode.GetString'),
  'Diagnostics.Process::Start': ARGV_REST,
  'Environment::GetEnvironmentVariable': ENV_VAR,
  ...same(CONNECT, 'Net.Sockets.TCPClient', 'Net.Sockets.TcpClient'),
  'Net.Sockets.TcpListener': { do: 'connect', port: 1, listen: true },
  'Net.WebClient': returns('Net.WebClient'),
  ...same(GET, 'Net.WebClient#DownloadString', 'Net.WebClient#DownloadFile', 'Net.WebClient#DownloadData'),
  ...same(POST, 'Net.WebClient#UploadString', 'Net.WebClient#UploadFile', 'Net.WebClient#UploadData'),
  'socket#GetStream': returns('socket'),
  'socket#Write': SEND,
};

/**
 * PowerShell cmdlets, their aliases and .NET methods, and what they do. Cmdlet keys are
 * lower-cased; .NET keys are "Type::Method" with the leading "System." dropped
 * ("IO.File::Delete"), instance methods "Type#Method".
 *
 * Cmdlets take named parameters: a spec's argument names are parameter names ("path"),
 * its positions count the positional arguments.
 */
import type { CallSpec, CallTable } from '../engine.js';
import { ARGV_REST, CONNECT, DELETE, DELETE_TREE, ENV_ALL, ENV_VAR, GET, NONE, POST, READ, SEND, SPAWN, WRITE, decoder, returns, same } from '../shared-table.js';

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
  ...same(NONE, 'new-object'),
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
  'Environment::GetEnvironmentVariables': ENV_ALL,
  'Environment::ExpandEnvironmentVariables': { do: 'env' },
  ...same(CONNECT, 'Net.Sockets.TCPClient', 'Net.Sockets.TcpClient'),
  'Net.Sockets.TcpListener': { do: 'connect', port: 1, listen: true },
  'Net.WebClient': returns('Net.WebClient'),
  ...same(GET, 'Net.WebClient#DownloadString', 'Net.WebClient#DownloadFile', 'Net.WebClient#DownloadData'),
  ...same(POST, 'Net.WebClient#UploadString', 'Net.WebClient#UploadFile', 'Net.WebClient#UploadData'),
  'socket#GetStream': returns('socket'),
  'socket#Write': SEND,
};

/**
 * PowerShell providers: drives whose items are not files. `Get-ChildItem env:` lists the whole
 * environment, `Get-Content env:TOKEN` reads one variable (cmdlets that read or list items).
 */
export const ITEM_READERS: ReadonlySet<string> = new Set([
  'get-childitem', 'gci', 'dir', 'ls', 'get-item', 'gi', 'get-itemproperty', 'gp', 'get-content', 'gc', 'cat', 'type', 'get-itempropertyvalue', 'gpv',
]);

/**
 * Objects whose properties name files (`(Get-PSReadLineOption).HistorySavePath` is the
 * PSReadLine history file, on Linux and macOS under ~/.local/share; Windows' spelling is in
 * data.json's history files too).
 */
export const PROPERTY_FILES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'get-psreadlineoption': { HistorySavePath: '~/.local/share/powershell/PSReadLine/ConsoleHost_history.txt' },
};

/**
 * Cmdlets that change the system outside files (Defender, event logs, history, firewall,
 * services, scheduled tasks): stated as the command they are, by their canonical name and
 * lower-cased parameters, so the command rules of data.json judge them as they judge
 * `wevtutil cl` or `schtasks /create` (a table: adding one is adding a line).
 */
export const COMMAND_CMDLETS: Readonly<Record<string, string>> = {
  'set-mppreference': 'Set-MpPreference',
  'add-mppreference': 'Add-MpPreference',
  'remove-mppreference': 'Remove-MpPreference',
  'clear-eventlog': 'Clear-EventLog',
  'remove-eventlog': 'Remove-EventLog',
  'limit-eventlog': 'Limit-EventLog',
  'clear-history': 'Clear-History',
  'clhy': 'Clear-History',
  'set-psreadlineoption': 'Set-PSReadLineOption',
  'set-netfirewallprofile': 'Set-NetFirewallProfile',
  'disable-netfirewallrule': 'Disable-NetFirewallRule',
  'new-netfirewallrule': 'New-NetFirewallRule',
  'stop-service': 'Stop-Service',
  'spsv': 'Stop-Service',
  'set-service': 'Set-Service',
  'new-service': 'New-Service',
  'register-scheduledtask': 'Register-ScheduledTask',
  'new-scheduledtaskaction': 'New-ScheduledTaskAction',
  'set-executionpolicy': 'Set-ExecutionPolicy',
};

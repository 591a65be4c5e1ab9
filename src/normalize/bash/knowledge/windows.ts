/**
 * Windows controls changed by a command (the PowerShell producer states its system cmdlets as
 * these commands, by their canonical names: code/powershell/table.ts COMMAND_CMDLETS).
 * Defender's and the firewall's parameters are settings (`config` effects, judged by
 * data.json's defense_evasion.control_settings); clearing the event logs or the shell's
 * history deletes them, as `wevtutil cl` does (logs.ts).
 */
import type { Family } from './types.js';

/** Where PSReadLine keeps the history PowerShell's Clear-History and history wipes aim at. */
const PS_HISTORY = '~/.local/share/powershell/PSReadLine/ConsoleHost_history.txt';

export const WINDOWS: Family = {
  // cmd's `/c` or `/k` line is rewritten to bash and walked by the analyzer (cmd-shell.ts); its
  // commands state their own effects, an unreadable line is indeterminate.
  cmd: { rules: [] },
  'Set-MpPreference': { rules: [{ effect: 'config', tool: 'defender', option_pairs: true }] },
  'Add-MpPreference': { rules: [{ effect: 'config', tool: 'defender', option_pairs: true }] },
  'Set-NetFirewallProfile': { rules: [{ effect: 'config', tool: 'firewall', option_pairs: true }] },
  'Disable-NetFirewallRule': { rules: [{ effect: 'config', tool: 'firewall', key: 'rule', value_at: 0 }] },
  'Clear-EventLog': { rules: [{ effect: 'delete', fixed: ['C:/Windows/System32/winevt/Logs'], recursive: true }] },
  'Remove-EventLog': { rules: [{ effect: 'delete', fixed: ['C:/Windows/System32/winevt/Logs'], recursive: true }] },
  'Clear-History': { rules: [{ effect: 'delete', fixed: [PS_HISTORY] }] },
  'Set-PSReadLineOption': { rules: [{ effect: 'config', tool: 'shell', option_pairs: true }] },
};

/**
 * Why any `<name>.exe` is read as `<name>` (analyzer.ts commandName): Git for Windows, MSYS2
 * and Cygwin ship the GNU tools as `rm.exe`, `find.exe`, `timeout.exe`… with the same meaning
 * (and first on their PATH), and a Windows program reached from WSL (`netsh.exe`, `REG.EXE`)
 * is known to the tables by its plain name. Reading the plain name can only add what a known
 * program's rules state; left unknown, the call would get only the unknown-program fallback.
 * The one harm is a false ask: a Windows program whose plain name is a bash builtin that the
 * rules read as turning data into code. `fc.exe` compares two files; bash's `fc` re-runs
 * history (data_to_code:history). Such names keep their `.exe` and are programs of their own.
 */
export const WINDOWS_NAME_COLLISIONS: ReadonlySet<string> = new Set(['fc']);

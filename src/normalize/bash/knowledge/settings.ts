/**
 * Settings whose value is a command line that the tool runs later: git aliases starting with
 * `!`, `core.sshCommand`, `core.fsmonitor`, pagers and editors, filter and merge drivers,
 * credential helpers written as a command; shell aliases and the variables a shell runs
 * (`PROMPT_COMMAND`). The value is read by the bash producer, so what the stored line would
 * do (fetch and run code, delete the home folder) is judged by the same effect rules as if
 * it ran now. Data: a new setting is a new line.
 */
export interface CommandSetting {
  tool: string;
  key: RegExp;
  /** The value is a command line only when it starts with `!` (git aliases, credential helpers). */
  bang?: boolean;
}

export const COMMAND_SETTINGS: readonly CommandSetting[] = [
  { tool: 'git', key: /^alias\./i, bang: true },
  { tool: 'git', key: /^credential(?:\..+)?\.helper$/i, bang: true },
  { tool: 'git', key: /^core\.(?:sshcommand|fsmonitor|pager|editor|askpass|gitproxy)$/i },
  { tool: 'git', key: /^(?:diff\.external|sequence\.editor|uploadpack\.packobjectshook|gpg\.program|pager\..+|diff\..+\.(?:command|textconv)|filter\..+\.(?:clean|smudge|process)|merge\..+\.driver)$/i },
  { tool: 'git', key: /^GIT_(?:SSH_COMMAND|PAGER|EDITOR|EXTERNAL_DIFF|ASKPASS|SEQUENCE_EDITOR)$/ },
  // package.json scripts set from the command line (npm pkg set scripts.postinstall=…): run by npm later.
  { tool: 'npm', key: /^scripts\./ },
  { tool: 'shell', key: /^(?:alias:.+|PROMPT_COMMAND|PS0|BASH_ENV|ENV|PAGER|EDITOR|VISUAL|MANPAGER|SSH_ASKPASS|SUDO_ASKPASS)$/ },
];

/** The command line a setting stores, or null when the setting stores no command line. */
export function settingCommandLine(tool: string, key: string, value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  const setting = COMMAND_SETTINGS.find((s) => s.tool === tool && s.key.test(key));
  if (setting === undefined) return null;
  if (setting.bang === true) return value.startsWith('!') ? value.slice(1) : null;
  // A boolean or a number is a switch, not a command (core.fsmonitor=true, core.pager=0 never run one).
  if (/^(?:true|false|yes|no|on|off|\d+)$/i.test(value.trim())) return null;
  return value;
}

/**
 * Tool names as clients send them, mapped to the kinds toolgate has a normalizer for.
 * Matching is exact first, then case-insensitive: `Bash`, `bash` and `BASH` are one tool,
 * but `mcp__srv__bash` is an MCP tool and stays "other".
 */
export type ToolKind = 'bash' | 'read' | 'write' | 'edit' | 'web_fetch' | 'message' | 'other';

const ALIASES: Record<Exclude<ToolKind, 'other'>, string[]> = {
  bash: ['bash', 'exec', 'shell', 'run_shell_command', 'run_command', 'terminal', 'execute_command'],
  read: ['read', 'read_file', 'view', 'cat_file'],
  write: ['write', 'write_file', 'create_file'],
  edit: ['edit', 'multiedit', 'multi_edit', 'apply_patch', 'str_replace', 'edit_file', 'str_replace_based_edit_tool'],
  web_fetch: ['web_fetch', 'webfetch', 'fetch', 'browser', 'http_request', 'fetch_url'],
  message: ['message', 'send_message', 'sessions_send'],
};

const BY_NAME = new Map<string, ToolKind>();
for (const [kind, names] of Object.entries(ALIASES) as [ToolKind, string[]][]) {
  for (const name of names) BY_NAME.set(name, kind);
}

export function toolKind(name: string): ToolKind {
  return BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase()) ?? 'other';
}

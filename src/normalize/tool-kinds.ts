/**
 * Tool names as clients send them, mapped to the kinds toolgate has a normalizer for.
 * Matching is exact first, then case-insensitive: `Bash`, `bash` and `BASH` are one tool,
 * but `mcp__srv__bash` is an MCP tool and stays "other".
 *
 * An MCP tool whose own name is a file or fetch tool's (`mcp__filesystem__write_file`,
 * `mcp__filesystem__read_file`, `mcp__fs__edit_file`, `mcp__fetch__fetch`) takes the same
 * input and does the same thing as that tool: it gets that tool's normalizer and rules (a
 * workspace edit is everyday, a git hook or a CI workflow is judged as the Write tool's). A
 * shell or a messenger served over MCP stays "other": it still needs vouching.
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

/** Kinds an MCP tool takes on when its own name is one of theirs. */
const MCP_SERVED: ReadonlySet<ToolKind> = new Set(['read', 'write', 'edit', 'web_fetch']);
const MCP_NAME = /^mcp__.+?__(.+)$/;

export function toolKind(name: string): ToolKind {
  const direct = BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase());
  if (direct !== undefined) return direct;
  const mcp = MCP_NAME.exec(name);
  if (mcp !== null) {
    const served = BY_NAME.get(mcp[1]) ?? BY_NAME.get(mcp[1].toLowerCase());
    if (served !== undefined && MCP_SERVED.has(served)) return served;
  }
  return 'other';
}

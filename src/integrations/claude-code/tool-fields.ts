/**
 * One input, one meaning: the fields of each Claude Code tool that Claude Code itself acts on
 * (sdk-tools.d.ts of claude-code 2.1.332; see /work/shared/INTEGRATIONS.md §1.4). Only these go
 * to the gateway, so a field the model adds and Claude Code ignores (`cwd` on Bash, `path`
 * beside `file_path`, `cmd` beside `command`) can never steer the analysis. Tools not listed
 * (Grep, Agent, MCP tools) pass as they are.
 */
export const CLAUDE_CODE_TOOL_FIELDS: Record<string, readonly string[]> = {
  Bash: ['command', 'timeout', 'description', 'run_in_background', 'dangerouslyDisableSandbox'],
  Write: ['file_path', 'content'],
  Edit: ['file_path', 'old_string', 'new_string', 'replace_all'],
  MultiEdit: ['file_path', 'edits'],
  Read: ['file_path', 'offset', 'limit', 'pages', 'allow_large'],
  NotebookEdit: ['notebook_path', 'cell_id', 'new_source', 'cell_type', 'edit_mode'],
  WebFetch: ['url', 'prompt', 'offset'],
  Glob: ['pattern', 'path'],
};

/** The tool input restricted to the fields Claude Code acts on (unlisted tools: unchanged). */
export function executedFields(tool: string, input: Record<string, unknown>): Record<string, unknown> {
  const fields = CLAUDE_CODE_TOOL_FIELDS[tool];
  if (!fields) return input;
  const out: Record<string, unknown> = {};
  for (const name of fields) if (Object.hasOwn(input, name)) out[name] = input[name];
  return out;
}

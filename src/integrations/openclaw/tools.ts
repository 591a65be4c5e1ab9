/**
 * OpenClaw tool calls → gateway check requests. Names and params pass as OpenClaw sent them
 * (the gateway knows `exec`, `read`, `write`, `edit`, `apply_patch`, `web_fetch`, `message`
 * and their field names), with two corrections the gateway cannot make itself:
 * - `exec` in Code Mode runs JavaScript, not a shell command; it goes as `code_mode_exec` so
 *   the bash analysis never reads JavaScript as shell (the policy treats it as an unknown tool).
 * - `exec`'s `workdir` is where the command runs: it becomes the call's context cwd (the
 *   workspace stays the agent's), never an input field the analysis might read differently.
 * Inputs carry exactly the fields OpenClaw acts on (OPENCLAW_TOOL_FIELDS, from the TypeBox
 * schemas of openclaw 2026.9.6): `exec` runs `command` (string or argv array) with `env`, so
 * a `cmd` beside it is dropped rather than judged in its place.
 */
import path from 'node:path';

export const OPENCLAW_TOOL_FIELDS: Record<string, readonly string[]> = {
  exec: ['command', 'env', 'yieldMs', 'background', 'timeoutSeconds', 'pty', 'host', 'ask', 'node'],
  read: ['path', 'offset', 'limit', 'cursor', 'optional'],
  write: ['path', 'content'],
  edit: ['path', 'edits', 'oldText', 'newText'],
  apply_patch: ['input'],
  web_fetch: ['url', 'extractMode', 'maxChars'],
};

function executedFields(tool: string, params: Record<string, unknown>): Record<string, unknown> {
  const fields = OPENCLAW_TOOL_FIELDS[tool];
  if (!fields) return params;
  const out: Record<string, unknown> = {};
  for (const name of fields) if (Object.hasOwn(params, name)) out[name] = params[name];
  return out;
}
export interface ToolCallEvent {
  toolName: string;
  params: Record<string, unknown>;
  toolKind?: string;
  toolInputKind?: string;
  derivedPaths?: readonly string[];
}

/**
 * The check request's tool, input and, for `exec` with a `workdir`, the cwd it runs in
 * (resolved against the agent's cwd; absent: the agent's cwd).
 */
export function mapOpenClawTool(event: ToolCallEvent, agentCwd?: string): { tool: string; input: Record<string, unknown>; cwd?: string } {
  const params = event.params && typeof event.params === 'object' ? event.params : {};
  if (event.toolKind === 'code_mode_exec' || event.toolInputKind === 'javascript') {
    return { tool: 'code_mode_exec', input: params };
  }
  const input = executedFields(event.toolName, params);
  if (event.toolName === 'exec' && params.workdir !== undefined) {
    // A workdir the gateway cannot place stays in the input, where it makes the call indeterminate.
    if (typeof params.workdir !== 'string' || (!path.isAbsolute(params.workdir) && !agentCwd)) return { tool: 'exec', input: { ...input, workdir: params.workdir } };
    return { tool: 'exec', input, cwd: path.resolve(agentCwd ?? '/', params.workdir) };
  }
  if (event.toolName === 'apply_patch' && event.derivedPaths?.length && params.paths === undefined) {
    // The host's hints are lenient; the gateway parses the patch itself and sees both.
    return { tool: 'apply_patch', input: { ...input, paths: [...event.derivedPaths] } };
  }
  return { tool: event.toolName, input };
}

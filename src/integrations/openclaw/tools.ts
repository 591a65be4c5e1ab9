/**
 * OpenClaw tool calls → gateway check requests. Names and params pass as OpenClaw sent them
 * (the gateway knows `exec`, `read`, `write`, `edit`, `apply_patch`, `web_fetch`, `message`
 * and their field names), with two corrections the gateway cannot make itself:
 * - `exec` in Code Mode runs JavaScript, not a shell command; it goes as `code_mode_exec` so
 *   the bash analysis never reads JavaScript as shell (the policy treats it as an unknown tool).
 * - `exec`'s `workdir` is where the command runs: the bash normalizer reads it as `cwd`.
 */
export interface ToolCallEvent {
  toolName: string;
  params: Record<string, unknown>;
  toolKind?: string;
  toolInputKind?: string;
  derivedPaths?: readonly string[];
}

export function mapOpenClawTool(event: ToolCallEvent): { tool: string; input: Record<string, unknown> } {
  const params = event.params && typeof event.params === 'object' ? event.params : {};
  if (event.toolKind === 'code_mode_exec' || event.toolInputKind === 'javascript') {
    return { tool: 'code_mode_exec', input: params };
  }
  if (event.toolName === 'exec' && typeof params.workdir === 'string' && params.cwd === undefined) {
    return { tool: 'exec', input: { ...params, cwd: params.workdir } };
  }
  if (event.toolName === 'apply_patch' && event.derivedPaths?.length && params.paths === undefined) {
    // The host's hints are lenient; the gateway parses the patch itself and sees both.
    return { tool: 'apply_patch', input: { ...params, paths: [...event.derivedPaths] } };
  }
  return { tool: event.toolName, input: params };
}

/**
 * Which session the MCP proxy's decisions belong to. Under an agent that exposes its own
 * session id to the servers it starts, the proxy joins that session, so the loop and budget
 * counts of one agent session are not split in two (its hook calls and its MCP calls).
 * Claude Code sets CLAUDE_CODE_SESSION_ID in the environment of the processes it starts (seen in
 * 2.1.332); TOOLGATE_SESSION_ID is the explicit choice for any client; without either, a fresh id.
 */
import { randomUUID } from 'node:crypto';

/** Environment variables that carry the launching agent's session id, in order of precedence. */
export const SESSION_ENV_VARS = ['TOOLGATE_SESSION_ID', 'CLAUDE_CODE_SESSION_ID'] as const;

export function proxySessionId(explicit: string | undefined, env: NodeJS.ProcessEnv, serverName: string): { id: string; from: string } {
  if (explicit) return { id: explicit, from: '--session' };
  for (const name of SESSION_ENV_VARS) {
    const value = env[name]?.trim();
    if (value) return { id: value, from: name };
  }
  return { id: `mcp-${serverName}-${randomUUID()}`, from: 'new' };
}

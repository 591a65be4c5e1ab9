/**
 * Where an OpenClaw agent's commands really run: its workspace. OpenClaw's default config sets
 * no `agents.defaults.workspace`, and then commands run in `~/.openclaw/workspace` (or under
 * `$OPENCLAW_STATE_DIR`), not in the folder OpenClaw was started from: every inside-or-outside
 * the-workspace rule must be judged against that folder, per agent.
 *
 * The plugin runtime exposes OpenClaw's own resolver (`api.runtime.agent.resolveAgentWorkspaceDir`,
 * 2026.9.6); it is used whenever present. The fallback mirrors its documented order for hosts
 * that lack it: the agent's own `workspace`, `agents.defaults.workspace`, `OPENCLAW_WORKSPACE_DIR`,
 * `$OPENCLAW_STATE_DIR/workspace`, `~/.openclaw/workspace`.
 */
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_AGENT_ID = 'main';

export interface OpenClawConfigLike {
  agents?: { defaults?: { workspace?: unknown }; list?: unknown };
}

export type WorkspaceResolverFn = (cfg: any, agentId: string, env?: NodeJS.ProcessEnv) => string;

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || os.homedir();
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return path.resolve(p);
}

function agentEntryWorkspace(cfg: OpenClawConfigLike | undefined, agentId: string): string | undefined {
  const list = cfg?.agents?.list;
  if (!Array.isArray(list)) return undefined;
  const entry = list.find((a) => a && typeof a === 'object' && (a as { id?: unknown }).id === agentId) as { workspace?: unknown } | undefined;
  return typeof entry?.workspace === 'string' && entry.workspace.trim() ? entry.workspace : undefined;
}

/** OpenClaw's resolution order, for hosts whose runtime does not expose the resolver. */
export function fallbackWorkspace(cfg: OpenClawConfigLike | undefined, agentId: string, env: NodeJS.ProcessEnv = process.env): string {
  const own = agentEntryWorkspace(cfg, agentId);
  if (own) return expandHome(own, env);
  const defaults = cfg?.agents?.defaults?.workspace;
  if (typeof defaults === 'string' && defaults.trim()) return expandHome(defaults, env);
  if (env.OPENCLAW_WORKSPACE_DIR?.trim()) return expandHome(env.OPENCLAW_WORKSPACE_DIR.trim(), env);
  if (env.OPENCLAW_STATE_DIR?.trim()) return path.join(expandHome(env.OPENCLAW_STATE_DIR.trim(), env), 'workspace');
  return path.join(env.HOME || os.homedir(), '.openclaw', 'workspace');
}

/**
 * A function from agent id to workspace. An explicit `cwd` in the plugin config wins (the
 * operator said so); then OpenClaw's own resolver; then the fallback. A resolver that throws
 * falls back rather than guessing the process's cwd.
 */
export function workspaceResolver(options: {
  configuredCwd?: string;
  cfg?: OpenClawConfigLike;
  resolve?: WorkspaceResolverFn;
  env?: NodeJS.ProcessEnv;
}): (agentId?: string) => string {
  const env = options.env ?? process.env;
  if (options.configuredCwd) return () => options.configuredCwd!;
  return (agentId) => {
    const id = agentId || DEFAULT_AGENT_ID;
    if (options.resolve && options.cfg) {
      try {
        const dir = options.resolve(options.cfg, id, env);
        if (typeof dir === 'string' && dir) return dir;
      } catch {
        // fall through to the documented order
      }
    }
    return fallbackWorkspace(options.cfg, id, env);
  };
}

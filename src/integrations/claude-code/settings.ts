/**
 * Adds toolgate's hooks to a Claude Code settings.json and removes them again, leaving every
 * other setting and every other hook as it was. Our handlers are recognised by what they call
 * (the hook URL path or the `hook claude-code` command), so no private marker is needed in a
 * file whose schema Claude Code validates.
 */
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, readJsonObject, writeJsonObject, type JsonObject } from '../shared/json-file.js';

export const HOOK_PATH = '/v1/hooks/claude-code';

/** Events we install, and whether a failure of the hook blocks (only before the call can it). */
const EVENTS: Array<{ event: string; block: boolean }> = [
  { event: 'PreToolUse', block: true },
  { event: 'PostToolUse', block: false },
  { event: 'PostToolUseFailure', block: false },
  { event: 'PostCompact', block: false },
  { event: 'SessionEnd', block: false },
  { event: 'SessionStart', block: false },
  { event: 'Stop', block: false },
];

export type HookTransport =
  /**
   * withToken: send `Authorization: Bearer $TOOLGATE_TOKEN` (from the agent's environment). Only
   * when the gateway has tokens: with the variable unset Claude Code would send an empty bearer,
   * which a gateway refuses (401) and the hook then blocks every call.
   */
  | { kind: 'http'; gatewayUrl: string; withToken?: boolean }
  | { kind: 'command'; command: string };

export type Scope = 'user' | 'project' | 'local';

export function settingsPathFor(scope: Scope, projectDir: string, home = homedir()): string {
  if (scope === 'user') return join(home, '.claude', 'settings.json');
  return join(projectDir, '.claude', scope === 'local' ? 'settings.local.json' : 'settings.json');
}

/** Seconds Claude Code waits for one hook; the gateway's own timeouts are far shorter. */
const HOOK_TIMEOUT_S = 30;

export function toolgateHandler(transport: HookTransport, block: boolean): Record<string, unknown> {
  const onFailure = block ? 'block' : 'continue';
  if (transport.kind === 'command') {
    return { type: 'command', command: transport.command, timeout: HOOK_TIMEOUT_S, onFailure };
  }
  return {
    type: 'http',
    url: `${transport.gatewayUrl.replace(/\/+$/, '')}${HOOK_PATH}`,
    timeout: HOOK_TIMEOUT_S,
    onFailure,
    // The agent token comes from the agent's environment, and HOME tells the gateway what `~` is.
    headers: { ...(transport.withToken ? { Authorization: 'Bearer $TOOLGATE_TOKEN' } : {}), 'X-Toolgate-Home': '$HOME' },
    allowedEnvVars: [...(transport.withToken ? ['TOOLGATE_TOKEN'] : []), 'HOME'],
  };
}

export function isToolgateHandler(handler: unknown): boolean {
  if (!handler || typeof handler !== 'object') return false;
  const h = handler as { type?: unknown; url?: unknown; command?: unknown; args?: unknown };
  if (h.type === 'http' && typeof h.url === 'string') {
    try {
      return new URL(h.url).pathname.replace(/\/+$/, '') === HOOK_PATH;
    } catch {
      return false;
    }
  }
  if (h.type === 'command' && typeof h.command === 'string') {
    return /toolgate(?:\.js)?['"]?\s+hook\s+claude-code\b/.test(h.command);
  }
  return false;
}

type Settings = Record<string, unknown> & { hooks?: Record<string, unknown> };

const isObject = isJsonObject;

/** Returns the settings without any toolgate handler; groups and events left empty are dropped. */
export function withoutToolgateHooks(settings: Settings): Settings {
  if (!isObject(settings.hooks)) return settings;
  const hooks: Record<string, unknown> = {};
  for (const [event, groups] of Object.entries(settings.hooks)) {
    if (!Array.isArray(groups)) {
      hooks[event] = groups;
      continue;
    }
    const kept = groups
      .map((group) => {
        if (!isObject(group) || !Array.isArray(group.hooks)) return group;
        const handlers = group.hooks.filter((h) => !isToolgateHandler(h));
        return handlers.length === group.hooks.length ? group : handlers.length ? { ...group, hooks: handlers } : null;
      })
      .filter((g) => g !== null);
    if (kept.length) hooks[event] = kept;
  }
  const { hooks: _dropped, ...rest } = settings;
  return Object.keys(hooks).length ? { ...rest, hooks } : rest;
}

export function withToolgateHooks(settings: Settings, transport: HookTransport): Settings {
  const clean = withoutToolgateHooks(settings);
  const hooks: Record<string, unknown> = { ...(isObject(clean.hooks) ? clean.hooks : {}) };
  for (const { event, block } of EVENTS) {
    const existing = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    const group = event.endsWith('ToolUse') || event === 'PostToolUseFailure'
      ? { matcher: '*', hooks: [toolgateHandler(transport, block)] }
      : { hooks: [toolgateHandler(transport, block)] };
    // First in the list: Claude Code runs matching hooks in parallel and any deny wins, so
    // order does not change the outcome, but a reader sees the firewall first.
    hooks[event] = [group, ...existing];
  }
  return { ...clean, hooks };
}

export function readSettings(path: string): Settings {
  const parsed = readJsonObject(path, (message) => `${path} is not valid JSON (${message}); fix or move it, then run the command again (nothing was changed)`);
  if (parsed.hooks !== undefined && !isObject(parsed.hooks)) throw new Error(`${path}: "hooks" is not an object; nothing was changed`);
  return parsed as Settings;
}

export function writeSettings(path: string, settings: Settings): void {
  writeJsonObject(path, settings as JsonObject);
}

export function installClaudeCode(path: string, transport: HookTransport): Settings {
  const next = withToolgateHooks(readSettings(path), transport);
  writeSettings(path, next);
  return next;
}

/** Returns how many toolgate handlers were removed (0 leaves the file untouched). */
export function uninstallClaudeCode(path: string): number {
  if (!existsSync(path)) return 0;
  const before = readSettings(path);
  const count = (s: Settings) =>
    Object.values(isObject(s.hooks) ? s.hooks : {})
      .flatMap((g) => (Array.isArray(g) ? g : []))
      .flatMap((g) => (isObject(g) && Array.isArray(g.hooks) ? g.hooks : []))
      .filter(isToolgateHandler).length;
  const removed = count(before);
  if (removed > 0) writeSettings(path, withoutToolgateHooks(before));
  return removed;
}

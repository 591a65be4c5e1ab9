/**
 * Enables toolgate's plugin in an OpenClaw config file (`plugins.load.paths` + `plugins.entries.toolgate`)
 * and removes it again, keeping everything else. OpenClaw reads JSON5; this writes plain JSON and
 * refuses (changing nothing) when the file uses JSON5-only syntax, printing what to add by hand.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_ID } from './plugin.js';
import { isJsonObject, readJsonObject, writeJsonObject, type JsonObject } from '../shared/json-file.js';

/** integrations/openclaw in the toolgate package (from dist/integrations/openclaw or src/integrations/openclaw). */
export const PLUGIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../integrations/openclaw');

export function openClawConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPENCLAW_CONFIG_PATH ?? join(env.OPENCLAW_STATE_DIR ?? join(homedir(), '.openclaw'), 'openclaw.json');
}

type Json = JsonObject;
const isObject = isJsonObject;

function snippet(pluginDir: string, gatewayUrl: string): string {
  return JSON.stringify({ plugins: { load: { paths: [pluginDir] }, entries: { [PLUGIN_ID]: { enabled: true, config: { gatewayUrl } } } } }, null, 2);
}

function read(path: string, help: string): Json {
  return readJsonObject(path, () => `${path} is not plain JSON (comments or other JSON5 syntax?); nothing was changed. Add this by hand:\n${help}`);
}

const write = writeJsonObject;

export function withToolgatePlugin(config: Json, options: { gatewayUrl: string; pluginDir?: string; pluginConfig?: Json }): Json {
  const pluginDir = options.pluginDir ?? PLUGIN_DIR;
  const plugins = isObject(config.plugins) ? { ...config.plugins } : {};
  const load = isObject(plugins.load) ? { ...plugins.load } : {};
  const paths = Array.isArray(load.paths) ? load.paths.filter((p) => p !== pluginDir) : [];
  load.paths = [...paths, pluginDir];
  plugins.load = load;
  const entries = isObject(plugins.entries) ? { ...plugins.entries } : {};
  const previous = isObject(entries[PLUGIN_ID]) ? (entries[PLUGIN_ID] as Json) : {};
  entries[PLUGIN_ID] = {
    ...previous,
    enabled: true,
    config: { ...(isObject(previous.config) ? previous.config : {}), gatewayUrl: options.gatewayUrl, ...options.pluginConfig },
  };
  plugins.entries = entries;
  // An allowlist that does not name the plugin would keep it from loading.
  if (Array.isArray(plugins.allow) && !plugins.allow.includes(PLUGIN_ID)) plugins.allow = [...plugins.allow, PLUGIN_ID];
  if (Array.isArray(plugins.deny)) plugins.deny = plugins.deny.filter((id) => id !== PLUGIN_ID);
  return { ...config, plugins };
}

export function withoutToolgatePlugin(config: Json, pluginDir = PLUGIN_DIR): Json {
  if (!isObject(config.plugins)) return config;
  const plugins = { ...config.plugins };
  if (isObject(plugins.load) && Array.isArray(plugins.load.paths)) {
    const paths = plugins.load.paths.filter((p) => p !== pluginDir);
    const load: Json = { ...plugins.load, paths };
    if (paths.length === 0) delete load.paths;
    if (Object.keys(load).length) plugins.load = load;
    else delete plugins.load;
  }
  if (isObject(plugins.entries)) {
    const { [PLUGIN_ID]: _removed, ...entries } = plugins.entries;
    if (Object.keys(entries).length) plugins.entries = entries;
    else delete plugins.entries;
  }
  if (Array.isArray(plugins.allow)) plugins.allow = plugins.allow.filter((id) => id !== PLUGIN_ID);
  const { plugins: _old, ...rest } = config;
  return Object.keys(plugins).length ? { ...rest, plugins } : rest;
}

export function installOpenClaw(path: string, options: { gatewayUrl: string; pluginDir?: string }): void {
  const config = read(path, snippet(options.pluginDir ?? PLUGIN_DIR, options.gatewayUrl));
  write(path, withToolgatePlugin(config, options));
}

/** Returns whether anything was removed. */
export function uninstallOpenClaw(path: string, pluginDir = PLUGIN_DIR): boolean {
  if (!existsSync(path)) return false;
  const config = read(path, '(remove plugins.entries.toolgate and the toolgate path in plugins.load.paths)');
  const next = withoutToolgatePlugin(config, pluginDir);
  if (JSON.stringify(next) === JSON.stringify(config)) return false;
  write(path, next);
  return true;
}

/**
 * A tool that sets a program's configuration key from fields (`mcp__git__git_config {key:
 * "core.hooksPath", value: "/tmp/h"}`, `npm_config_set {key: registry, value}`) does what the
 * program's own `config` command does with them: the fields are written back as that command
 * line, so the bash producer's settings knowledge (hooks, pagers, aliases, fsmonitor, registries)
 * judges either spelling alike. The table says how each program sets a key; a new program is a
 * new line.
 */
import { shellQuote } from './shell-input.js';
import { nameWords } from './verbs.js';

/** Program named in the tool's or server's name → the words that set a key (`--global` added when the input asks for it). */
const CONFIG_SETTERS: Readonly<Record<string, readonly string[]>> = {
  git: ['git', 'config'],
  npm: ['npm', 'config', 'set'],
  pnpm: ['pnpm', 'config', 'set'],
  yarn: ['yarn', 'config', 'set'],
  pip: ['pip', 'config', 'set'],
  gh: ['gh', 'config', 'set'],
  cargo: ['cargo', 'config', 'set'],
};

const CONFIG_WORDS: ReadonlySet<string> = new Set(['config', 'configure', 'configuration', 'setting', 'settings']);
const KEY_FIELDS = ['key', 'name', 'setting', 'option', 'config_key', 'configKey', 'property'];
const VALUE_FIELDS = ['value', 'config_value', 'configValue', 'val'];

/** The `<program> config … key value` line the input stands for, or null. */
export function configCommandLine(name: string, input: Record<string, unknown>): string | null {
  const words = nameWords(name);
  if (!words.some((w) => CONFIG_WORDS.has(w))) return null;
  const program = words.find((w) => CONFIG_SETTERS[w] !== undefined);
  if (program === undefined) return null;
  const key = KEY_FIELDS.map((f) => input[f]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const value = VALUE_FIELDS.map((f) => input[f]).find((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  if (key === undefined || value === undefined) return null;
  const scope = input.global === true || input.scope === 'global' ? ['--global'] : [];
  return [...CONFIG_SETTERS[program], ...scope, key, String(value)].map(shellQuote).join(' ');
}

/**
 * One input, one meaning, for shell tools: the script the analysis reads is exactly what the
 * client would run, or the call is indeterminate. Clients name the command `command` (Claude
 * Code Bash, OpenClaw exec, MCP shells) or `cmd`, as a string or an argv array; OpenClaw's
 * exec also takes `env` (set for the command). What the analysis must never do is read one
 * field while the client runs another, so:
 * - `command` and `cmd` that disagree: both are analysed, and the call is indeterminate;
 * - an argv array becomes the shell words it stands for (each quoted);
 * - `env` becomes `export` lines before the script (LD_PRELOAD, PATH, GIT_CONFIG_* are seen);
 * - a `cwd`/`workdir` in the input never moves the cwd the client reported (context.cwd):
 *   one that differs makes the call indeterminate (adapters whose client runs there put it
 *   in the context instead).
 */
import path from 'node:path';
import type { NormalizeContext } from '../facts.js';

const COMMAND_FIELDS = ['command', 'cmd'] as const;
const CWD_FIELDS = ['cwd', 'workdir'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** More variables than a real call sets; past this the call is indeterminate. */
const MAX_ENV = 256;

export interface ShellInput {
  /** The script to analyse; null when the input names no command at all. */
  script: string | null;
  /** Why the analysis may not match what runs ("conflicting_fields", "input_cwd", …). */
  indeterminate: string[];
}

/** 'it'\''s' — a word the shell reads back as exactly `value`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command field as shell text: a string as it is, an argv array quoted word by word. */
function commandText(value: unknown): { text: string | null; bad: boolean } {
  if (value === undefined || value === null) return { text: null, bad: false };
  if (typeof value === 'string') return { text: value, bad: false };
  if (Array.isArray(value) && value.length > 0 && value.every((word) => typeof word === 'string')) {
    return { text: (value as string[]).map(shellQuote).join(' '), bad: false };
  }
  return { text: null, bad: true };
}

export function readShellInput(input: Record<string, unknown>, ctx: NormalizeContext): ShellInput {
  const indeterminate: string[] = [];
  const texts: string[] = [];
  for (const field of COMMAND_FIELDS) {
    const { text, bad } = commandText(input[field]);
    if (bad) indeterminate.push('unreadable_command');
    if (text !== null && !texts.includes(text)) texts.push(text);
  }
  if (texts.length > 1) indeterminate.push('conflicting_fields');

  const exports: string[] = [];
  const env = input.env;
  if (env !== undefined && env !== null) {
    if (typeof env !== 'object' || Array.isArray(env)) indeterminate.push('unreadable_env');
    else {
      const entries = Object.entries(env as Record<string, unknown>);
      if (entries.length > MAX_ENV) indeterminate.push('unreadable_env');
      for (const [name, value] of entries.slice(0, MAX_ENV)) {
        if (!ENV_NAME.test(name) || (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) {
          indeterminate.push('unreadable_env');
          continue;
        }
        exports.push(`export ${name}=${shellQuote(String(value))}`);
      }
    }
  }

  for (const field of CWD_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || path.resolve(ctx.cwd, value) !== ctx.cwd) {
      indeterminate.push('input_cwd');
      break;
    }
  }

  if (texts.length === 0) return { script: null, indeterminate: [...new Set(indeterminate)] };
  return { script: [...exports, ...texts].join('\n'), indeterminate: [...new Set(indeterminate)] };
}

/**
 * The lean entry point of Claude Code's command hook. Claude Code starts one process per
 * hook event, so every millisecond of start-up is paid on every tool call: this module
 * loads only the adapter (no CLI framework, no policy engine, no database driver), and
 * bin/toolgate.js jumps here for `toolgate hook …` before loading anything else.
 *
 *   toolgate hook claude-code [--gateway URL] [--timeout MS] [--fail-open]
 */
import { parseArgs } from 'node:util';
import { readStdin, runCommandHook } from './command-hook.js';
import { resolveAdapterConfig } from '../shared/config.js';

export const HOOK_USAGE = 'usage: toolgate hook claude-code [--gateway URL] [--timeout MS] [--fail-open]';

export interface HookProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs one hook event: argv after `hook`, the event on stdin. Never throws. */
export async function runHookProcess(argv: string[], stdin: () => Promise<string> = readStdin): Promise<HookProcessResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { gateway: { type: 'string' }, timeout: { type: 'string' }, 'fail-open': { type: 'boolean' } },
    });
  } catch (err) {
    return { exitCode: 2, stdout: '', stderr: `toolgate hook: ${(err as Error).message}; blocked\n${HOOK_USAGE}\n` };
  }
  const [client] = parsed.positionals;
  if (client !== 'claude-code') {
    return { exitCode: 2, stdout: '', stderr: `toolgate hook: unknown client "${client ?? ''}" (known: claude-code); blocked\n${HOOK_USAGE}\n` };
  }
  let config;
  try {
    const timeout = parsed.values.timeout;
    if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new Error(`--timeout must be a whole number of milliseconds, got "${timeout}"`);
    config = resolveAdapterConfig({
      ...(parsed.values.gateway ? { gatewayUrl: parsed.values.gateway } : {}),
      ...(timeout !== undefined ? { timeoutMs: Number(timeout) } : {}),
      ...(parsed.values['fail-open'] ? { failMode: 'open' as const } : {}),
    });
  } catch (err) {
    return { exitCode: 2, stdout: '', stderr: `toolgate hook: ${(err as Error).message}; blocked\n` };
  }
  return runCommandHook(await stdin(), config);
}

/**
 * Used by bin/toolgate.js: run, write, exit. The exit is explicit once both streams are
 * flushed, so that no open handle (the HTTP client's keep-alive socket, a file watcher of a
 * dependency) keeps the process alive after the answer: Claude Code waits for the exit.
 */
export async function main(argv: string[]): Promise<void> {
  const result = await runHookProcess(argv);
  await new Promise<void>((resolve) => process.stdout.write(result.stdout, () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write(result.stderr, () => resolve()));
  process.exit(result.exitCode);
}

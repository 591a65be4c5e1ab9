import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';

/** Prints a message for the user and exits non-zero. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`toolgate: ${message}\n`);
  process.exit(code);
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * A command over policy files (fmt, lint): `[paths…]` and a repeatable `--policy-dir`;
 * policyTargets turns what was given into the paths to work on.
 */
export function policyPathsCommand(program: Command, name: string, text: { description: string; paths: [string, string]; policyDir: string }): Command {
  return program
    .command(name)
    .description(text.description)
    .argument(...text.paths)
    .option('--policy-dir <dir>', text.policyDir, collect, []);
}

/** The paths given and the --policy-dir dirs, else ./policies when it exists; none at all fails with `nothing`. */
export function policyTargets(given: string[], policyDirs: string[], nothing: string): string[] {
  const targets = [...given, ...policyDirs];
  if (targets.length === 0 && existsSync('policies')) targets.push('policies');
  if (targets.length === 0) fail(nothing);
  return targets;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number 0-65535');
  return port;
}

export function parseJsonOption(value: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError(`${what} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

export const DEFAULT_DB = 'data/toolgate.db';

/** The database every command uses unless told otherwise: $TOOLGATE_DB when set and not empty. */
export function defaultDb(): string {
  return process.env.TOOLGATE_DB || DEFAULT_DB;
}

/** The adapter settings the client commands (hook, mcp-proxy) take from their options. */
export function adapterOverrides(opts: { gateway?: string; timeout?: number; failOpen?: boolean }) {
  return {
    ...(opts.gateway ? { gatewayUrl: opts.gateway } : {}),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
    ...(opts.failOpen ? { failMode: 'open' as const } : {}),
  };
}

/** The options that name one tool call (check, explain): --tool, --input JSON, --cwd, --home. */
export function callOptions(cmd: Command, example: string): Command {
  return cmd
    .requiredOption('--tool <name>', 'tool name: bash, read, write, edit, web_fetch, message, or any client name')
    .requiredOption('--input <json>', `the tool input as JSON, e.g. '${example}'`, (v) => parseJsonOption(v, '--input'))
    .option('--cwd <dir>', 'working directory of the call', process.cwd())
    .option('--home <dir>', 'home directory of the agent', process.env.HOME)
    .option('--agent <id>', 'the calling agent (agent_id): input.call.agent_id and input.session.agent_id');
}

/** `toolgate install <client>` and `toolgate uninstall <client>`: wire toolgate into an agent's own config. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import {
  installClaudeCode,
  settingsPathFor,
  uninstallClaudeCode,
  type HookTransport,
  type Scope,
} from '../integrations/claude-code/settings.js';
import { DEFAULT_GATEWAY_URL } from '../integrations/shared/config.js';
import { installOpenClaw, openClawConfigPath, uninstallOpenClaw } from '../integrations/openclaw/config.js';
import { fail } from './util.js';

const BIN = fileURLToPath(new URL('../../bin/toolgate.js', import.meta.url));

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command a command hook runs: this Node and this toolgate, by absolute path, so PATH does not matter. */
export function hookCommand(gatewayUrl: string): string {
  return [process.execPath, BIN, 'hook', 'claude-code', '--gateway', gatewayUrl].map(shellQuote).join(' ');
}

interface ClaudeOptions {
  user?: boolean;
  project?: boolean;
  local?: boolean;
  settingsFile?: string;
  http?: boolean;
  command?: boolean;
  url?: string;
  openclawConfig?: string;
  token?: boolean;
}

function scopeOf(opts: ClaudeOptions): Scope {
  const chosen = [opts.user && 'user', opts.project && 'project', opts.local && 'local'].filter(Boolean) as Scope[];
  if (chosen.length > 1) fail('choose one of --user, --project, --local');
  return chosen[0] ?? 'user';
}

function claudeSettingsPath(opts: ClaudeOptions): string {
  return opts.settingsFile ? path.resolve(opts.settingsFile) : settingsPathFor(scopeOf(opts), process.cwd());
}

function gatewayUrl(opts: ClaudeOptions): string {
  const url = (opts.url ?? process.env.TOOLGATE_URL ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '');
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    fail(`--url must be an http(s) URL of the gateway, got "${url}"`);
  }
  return url;
}

const KNOWN = 'claude-code, openclaw';

export function registerInstallCommands(program: Command): void {
  program
    .command('install')
    .description('add toolgate to an agent\'s configuration, keeping everything else there')
    .argument('<client>', `the agent: ${KNOWN}`)
    .option('--user', 'Claude Code: ~/.claude/settings.json (default)')
    .option('--project', 'Claude Code: ./.claude/settings.json (shared with the repository)')
    .option('--local', 'Claude Code: ./.claude/settings.local.json (this checkout only)')
    .option('--settings-file <path>', 'Claude Code: this settings file instead')
    .option('--http', 'Claude Code: http hooks answered by the gateway itself (default)')
    .option('--command', 'Claude Code: command hooks running `toolgate hook claude-code`')
    .option('--url <url>', `gateway URL (default $TOOLGATE_URL or ${DEFAULT_GATEWAY_URL})`)
    .option('--token', 'Claude Code http hooks: send $TOOLGATE_TOKEN from the agent\'s environment (default: when TOOLGATE_TOKEN is set now)')
    .option('--openclaw-config <path>', 'OpenClaw: this config file (default $OPENCLAW_CONFIG_PATH or ~/.openclaw/openclaw.json)')
    .action((client: string, opts: ClaudeOptions) => {
      if (client === 'claude-code') {
        if (opts.http && opts.command) fail('choose one of --http, --command');
        const url = gatewayUrl(opts);
        const withToken = opts.token ?? !!process.env.TOOLGATE_TOKEN;
        const transport: HookTransport = opts.command ? { kind: 'command', command: hookCommand(url) } : { kind: 'http', gatewayUrl: url, withToken };
        const file = claudeSettingsPath(opts);
        try {
          installClaudeCode(file, transport);
        } catch (error) {
          fail((error as Error).message);
        }
        process.stdout.write(
          `toolgate: Claude Code ${transport.kind} hooks → ${url} written to ${file}\n` +
            '  PreToolUse blocks when the gateway cannot answer (onFailure "block").\n' +
            (transport.kind === 'http' && !withToken
              ? '  No token is sent: if the gateway has tokens, run this again with --token and set TOOLGATE_TOKEN for the agent.\n'
              : transport.kind === 'http'
                ? '  The agent needs TOOLGATE_TOKEN in its environment.\n'
                : '  The hook sends TOOLGATE_TOKEN from the agent\'s environment when it is set.\n'),
        );
        return;
      }
      if (client === 'openclaw') {
        const file = opts.openclawConfig ? path.resolve(opts.openclawConfig) : openClawConfigPath();
        try {
          installOpenClaw(file, { gatewayUrl: gatewayUrl(opts) });
        } catch (error) {
          fail((error as Error).message);
        }
        process.stdout.write(`toolgate: OpenClaw plugin "toolgate" enabled in ${file} (gateway ${gatewayUrl(opts)})\n`);
        return;
      }
      fail(`unknown client "${client}" (known: ${KNOWN})`);
    });

  program
    .command('uninstall')
    .description('remove toolgate from an agent\'s configuration, and only toolgate')
    .argument('<client>', `the agent: ${KNOWN}`)
    .option('--user', 'Claude Code: ~/.claude/settings.json (default)')
    .option('--project', 'Claude Code: ./.claude/settings.json')
    .option('--local', 'Claude Code: ./.claude/settings.local.json')
    .option('--settings-file <path>', 'Claude Code: this settings file instead')
    .option('--openclaw-config <path>', 'OpenClaw: this config file')
    .action((client: string, opts: ClaudeOptions) => {
      try {
        if (client === 'claude-code') {
          const file = claudeSettingsPath(opts);
          const removed = uninstallClaudeCode(file);
          process.stdout.write(removed ? `toolgate: removed ${removed} hook(s) from ${file}\n` : `toolgate: no toolgate hooks in ${file}; nothing changed\n`);
          return;
        }
        if (client === 'openclaw') {
          const file = opts.openclawConfig ? path.resolve(opts.openclawConfig) : openClawConfigPath();
          const removed = uninstallOpenClaw(file);
          process.stdout.write(removed ? `toolgate: OpenClaw plugin removed from ${file}\n` : `toolgate: toolgate is not in ${file}; nothing changed\n`);
          return;
        }
      } catch (error) {
        fail((error as Error).message);
      }
      fail(`unknown client "${client}" (known: ${KNOWN})`);
    });
}

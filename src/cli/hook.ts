/** `toolgate hook claude-code`: Claude Code's command hook (stdin → stdout). */
import { type Command } from 'commander';
import { readStdin, runCommandHook } from '../integrations/claude-code/command-hook.js';
import { resolveAdapterConfig } from '../integrations/shared/config.js';
import { adapterOverrides } from './util.js';

export function registerHookCommand(program: Command): void {
  program
    .command('hook')
    .description('run as a client hook: reads the hook event on stdin, prints the decision on stdout')
    .argument('<client>', 'the client whose hook protocol to speak: claude-code')
    .option('--gateway <url>', 'gateway URL (default $TOOLGATE_URL or http://127.0.0.1:8787)')
    .option('--timeout <ms>', 'how long to wait for the gateway', (v) => Number(v))
    .option('--fail-open', 'allow calls when the gateway gives no decision (default: deny)')
    .action(async (clientName: string, opts: { gateway?: string; timeout?: number; failOpen?: boolean }) => {
      if (clientName !== 'claude-code') {
        process.stderr.write(`toolgate hook: unknown client "${clientName}" (known: claude-code); blocked\n`);
        process.exitCode = 2;
        return;
      }
      let config;
      try {
        config = resolveAdapterConfig(adapterOverrides(opts));
      } catch (err) {
        process.stderr.write(`toolgate hook: ${(err as Error).message}; blocked\n`);
        process.exitCode = 2;
        return;
      }
      const result = await runCommandHook(await readStdin(), config);
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    });
}

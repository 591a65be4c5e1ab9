/**
 * `toolgate hook claude-code`: Claude Code's command hook (stdin → stdout). Registered here
 * for `--help`; bin/toolgate.js runs the same code through the lean entry point
 * (integrations/claude-code/hook-main.ts) without loading the CLI.
 */
import { type Command } from 'commander';
import { main } from '../integrations/claude-code/hook-main.js';

export function registerHookCommand(program: Command): void {
  program
    .command('hook')
    .description('run as a client hook: reads the hook event on stdin, prints the decision on stdout')
    .argument('<client>', 'the client whose hook protocol to speak: claude-code')
    .option('--gateway <url>', 'gateway URL (default $TOOLGATE_URL or http://127.0.0.1:8787)')
    .option('--timeout <ms>', 'how long to wait for the gateway')
    .option('--fail-open', 'allow calls when the gateway gives no decision (default: deny)')
    .allowUnknownOption(false)
    .action(async () => {
      // Same parsing as the lean path, so both spell errors the same way.
      const at = process.argv.indexOf('hook');
      await main(process.argv.slice(at + 1));
    });
}

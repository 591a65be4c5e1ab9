import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { createGateway, createLogger } from '../gateway.js';
import { redactUrl } from '../store/index.js';
import { collect, fail, parsePort } from './util.js';

export const DEFAULT_DB = 'data/toolgate.db';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the gateway (HTTP API on 127.0.0.1:8787 by default)')
    .option('--host <host>', 'address to listen on', process.env.TOOLGATE_HOST ?? '127.0.0.1')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, Number(process.env.TOOLGATE_PORT ?? 8787))
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL', process.env.TOOLGATE_DB ?? DEFAULT_DB)
    .option('--policy-dir <dir>', 'your policy directory, merged over the defaults (repeatable; needs opa)', collect, [])
    .option('--max-body <bytes>', 'largest request body accepted', (v) => Number(v), 1024 * 1024)
    .action(async (opts) => {
      const logger = createLogger();
      let gateway;
      try {
        gateway = await createGateway({
          db: opts.db,
          policyDirs: opts.policyDir,
          maxBodyBytes: opts.maxBody,
          chainKey: process.env.TOOLGATE_CHAIN_KEY,
          logger,
        });
      } catch (error) {
        fail(`cannot start: ${(error as Error).message}`);
      }
      const server = serve({ fetch: gateway.app.fetch, hostname: opts.host, port: opts.port }, (info) => {
        logger.info(
          { url: `http://${opts.host}:${info.port}`, db: redactUrl(opts.db), policy_revision: gateway.engine.current.revision },
          'toolgate listening',
        );
        // A machine-readable line for scripts and tests that start the gateway on port 0.
        if (process.env.TOOLGATE_PRINT_PORT) process.stdout.write(`listening ${info.port}\n`);
      });
      server.on('error', (error: NodeJS.ErrnoException) => {
        fail(error.code === 'EADDRINUSE' ? `port ${opts.port} on ${opts.host} is already in use` : error.message);
      });
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down: finishing in-flight decisions');
        server.close(async () => {
          await gateway.close();
          process.exit(0);
        });
        setTimeout(() => process.exit(1), 10_000).unref();
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}

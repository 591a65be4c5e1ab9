import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { createGateway, createLogger } from '../gateway.js';
import { caseTrial } from '../testing/case-trial.js';
import { redactUrl } from '../store/index.js';
import { DEFAULT_ANALYSIS_TIMEOUT_MS, DEFAULT_ANALYSIS_WORKERS } from '../pipeline/check.js';
import { collect, defaultDb, fail, parsePort } from './util.js';

/** A whole number within bounds, or a clear error naming the option. */
function parseCount(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) fail(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}

/** Addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the gateway (HTTP API on 127.0.0.1:8787 by default)')
    .option('--host <host>', 'address to listen on', process.env.TOOLGATE_HOST ?? '127.0.0.1')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, Number(process.env.TOOLGATE_PORT ?? 8787))
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL', defaultDb())
    .option('--policy-dir <dir>', 'your policy directory, merged over the defaults (repeatable; needs opa)', collect, [])
    .option('--no-watch', 'do not rebuild the policy when files in --policy-dir change (reload with POST /v1/policy/reload or SIGHUP)')
    .option('--shadow-policy-dir <dir>', 'a candidate policy evaluated beside the active one; differences are recorded, answers unchanged (repeatable)', collect, [])
    .option('--read-transcripts', "Claude Code's http hook: read each event's transcript for token usage and context (only when gateway and Claude Code share a host and user; $TOOLGATE_READ_TRANSCRIPTS=1)")
    .option('--admin-secret-file <file>', 'the local admin secret, created at first start (default $TOOLGATE_ADMIN_SECRET_FILE, or admin.secret beside the SQLite file)')
    .option(
      '--allowed-hosts <names>',
      'host names the API answers for besides loopback, comma-separated (Host and Origin checks; "*" turns them off; the --host address is added)',
      (v) => v.split(',').map((name) => name.trim()).filter(Boolean),
      (process.env.TOOLGATE_ALLOWED_HOSTS ?? '').split(',').map((name) => name.trim()).filter(Boolean),
    )
    .option('--max-body <bytes>', 'largest request body accepted', (v) => Number(v), 1024 * 1024)
    .option(
      '--analysis-workers <n>',
      `worker threads that parse and decide large calls under a time limit, so that none delays the others; 0 decides every call on the main thread (default ${DEFAULT_ANALYSIS_WORKERS}, or TOOLGATE_ANALYSIS_WORKERS; see docs/operations.md)`,
      (v) => parseCount(v, '--analysis-workers', 0, 64),
    )
    .option(
      '--analysis-timeout <ms>',
      `time limit for analysing one call in a worker; past it the call is indeterminate: the policy asks, or denies when a part already denied (default ${DEFAULT_ANALYSIS_TIMEOUT_MS}, or TOOLGATE_ANALYSIS_TIMEOUT_MS)`,
      (v) => parseCount(v, '--analysis-timeout', 10, 600_000),
    )
    .action(async (opts) => {
      const logger = createLogger();
      let gateway;
      try {
        gateway = await createGateway({
          db: opts.db,
          policyDirs: opts.policyDir,
          watchPolicy: opts.watch,
          shadowPolicyDirs: opts.shadowPolicyDir,
          maxBodyBytes: opts.maxBody,
          readTranscripts: opts.readTranscripts === true || process.env.TOOLGATE_READ_TRANSCRIPTS === '1',
          adminSecretFile: opts.adminSecretFile ?? (process.env.TOOLGATE_ADMIN_SECRET_FILE || undefined),
          chainKey: process.env.TOOLGATE_CHAIN_KEY,
          logger,
          // No token means no authentication: acceptable only where nobody else can connect.
          allowOpenWithoutTokens: isLoopback(opts.host),
          processMetrics: true,
          listen: { host: opts.host, port: opts.port },
          allowedHosts: [...opts.allowedHosts, ...(isLoopback(opts.host) || ['0.0.0.0', '::'].includes(opts.host) ? [] : [opts.host])],
          // A reloaded policy that fails a case file of the policy dirs (one the active policy passes) never goes live.
          reloadTrials: opts.policyDir.length ? [caseTrial(opts.policyDir)] : [],
          analysis: {
            workers: opts.analysisWorkers ?? parseCount(process.env.TOOLGATE_ANALYSIS_WORKERS ?? String(DEFAULT_ANALYSIS_WORKERS), 'TOOLGATE_ANALYSIS_WORKERS', 0, 64),
            timeoutMs:
              opts.analysisTimeout ??
              parseCount(process.env.TOOLGATE_ANALYSIS_TIMEOUT_MS ?? String(DEFAULT_ANALYSIS_TIMEOUT_MS), 'TOOLGATE_ANALYSIS_TIMEOUT_MS', 10, 600_000),
          },
        });
      } catch (error) {
        fail(`cannot start: ${(error as Error).message}`);
      }
      let tokenCount = 0;
      try {
        tokenCount = (await gateway.auth!.authenticator.active()).length;
      } catch (error) {
        await gateway.close().catch(() => {});
        fail(`cannot start: cannot read the API tokens: ${(error as Error).message}`);
      }
      if (tokenCount === 0 && !isLoopback(opts.host)) {
        await gateway.close().catch(() => {});
        fail(
          `no API token is configured, so the gateway would answer anyone who can reach ${opts.host}. ` +
            `Create tokens first (toolgate tokens create --admin, toolgate tokens create --agent <id>, with the same --db), ` +
            `or listen on 127.0.0.1.`,
        );
      }
      if (tokenCount === 0) {
        logger.warn(
          { host: opts.host },
          'no API tokens configured: listening on loopback only; any local caller may check and report calls, ' +
            'operator routes need the local admin secret (data/admin.secret). ' +
            'Create tokens with `toolgate tokens create` to name agents and callers.',
        );
      }
      const server = serve({ fetch: gateway.app.fetch, hostname: opts.host, port: opts.port }, (info) => {
        // On port 0 the port is known only now: the self-defence rules protect it.
        if (opts.port === 0) gateway.listening({ host: opts.host, port: info.port });
        logger.info(
          { url: `http://${opts.host}:${info.port}`, db: redactUrl(opts.db), policy_revision: gateway.engine.current.revision },
          'toolgate listening',
        );
        // A machine-readable line for scripts and tests that start the gateway on port 0.
        if (process.env.TOOLGATE_PRINT_PORT) process.stdout.write(`listening ${info.port}\n`);
      });
      // SIGHUP: rebuild the policy (as POST /v1/policy/reload does); a failed build keeps the last good one.
      process.on('SIGHUP', () => void gateway.policy?.reloader.reload('signal'));
      server.on('error', (error: NodeJS.ErrnoException) => {
        fail(error.code === 'EADDRINUSE' ? `port ${opts.port} on ${opts.host} is already in use` : error.message);
      });
      // Graceful stop: refuse new connections, let in-flight decisions finish and answer,
      // flush the group committer (every answered decision is on disk), then exit 0.
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        const timeoutMs = Number(process.env.TOOLGATE_SHUTDOWN_TIMEOUT_MS ?? 10_000);
        logger.info({ signal, timeout_ms: timeoutMs }, 'shutting down: finishing in-flight decisions');
        setTimeout(() => {
          logger.error({ timeout_ms: timeoutMs }, 'shutdown timed out; exiting with work in flight');
          logger.flush?.();
          process.exit(1);
        }, timeoutMs).unref();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections would hold close() open: drop each one as soon as it is idle.
          const http = server as unknown as { closeIdleConnections?: () => void };
          http.closeIdleConnections?.();
          setInterval(() => http.closeIdleConnections?.(), 50).unref();
        });
        try {
          await gateway.close();
        } catch (error) {
          logger.error({ err: (error as Error).message }, 'closing the store failed');
          logger.flush?.();
          process.exit(1);
        }
        logger.info('stopped: every answered decision is committed');
        logger.flush?.();
        process.exit(0);
      };
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('SIGINT', () => void shutdown('SIGINT'));
    });
}

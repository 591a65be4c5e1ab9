import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckRequest } from '../../src/api/check.js';
import { createGateway, createLogger, type Gateway, type GatewayOptions } from '../../src/gateway.js';

/**
 * Gateways on throwaway SQLite files, with the performance caches on or off (they are chosen
 * from TOOLGATE_PERF_CACHES when a gateway is built), closed and removed by closeAll().
 */
export function gatewayFactory() {
  const opened: { gateway: Gateway; dir: string }[] = [];
  return {
    async open(options: Partial<GatewayOptions> = {}, cachesOn = true): Promise<Gateway> {
      const previous = process.env.TOOLGATE_PERF_CACHES;
      if (cachesOn) delete process.env.TOOLGATE_PERF_CACHES;
      else process.env.TOOLGATE_PERF_CACHES = '0';
      try {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-pipeline-'));
        const gateway = await createGateway({ db: path.join(dir, 'g.db'), logger: createLogger('silent'), defaults: { cwd: '/', home: '/root' }, ...options });
        opened.push({ gateway, dir });
        return gateway;
      } finally {
        if (previous === undefined) delete process.env.TOOLGATE_PERF_CACHES;
        else process.env.TOOLGATE_PERF_CACHES = previous;
      }
    },
    async closeAll(): Promise<void> {
      for (const { gateway, dir } of opened.splice(0)) {
        await gateway.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A call of a session, without the session: its context defaults to the session's. */
export type SessionCall = Omit<CheckRequest, 'session_id' | 'context'> & { context?: CheckRequest['context'] };

/**
 * Each call checked in order in one session, and what the client sees of each decision:
 * for comparing two gateways (caches on and off, workers and the main thread) call by call.
 */
export async function decideAll(gateway: Gateway, session: string, context: CheckRequest['context'], calls: readonly SessionCall[]) {
  const out = [];
  for (const call of calls) {
    const { response } = await gateway.pipeline.check({ session_id: session, context, ...call });
    out.push({ decision: response.decision, categories: response.categories, risk: response.risk, reasons: response.reasons, obligations: response.obligations });
  }
  return out;
}

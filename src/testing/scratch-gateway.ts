/**
 * A throwaway gateway: a real SQLite file in a temp dir (or the given database), real HTTP on
 * an ephemeral loopback port, the shipped policy. Used where a whole gateway must be driven
 * over HTTP outside a server: the session-trace scorer (trace-score.ts) and the tests
 * (test/support/gateway.ts builds on it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createGateway, createLogger, type Gateway, type GatewayOptions } from '../gateway.js';

export interface ScratchGateway {
  url: string;
  gateway: Gateway;
  dir: string;
  db: string;
  /** Headers that make a request the operator's (the local admin secret as a bearer token). */
  admin: Record<string, string>;
  /** Stops the server and closes the store (the files stay until close()). */
  stop(): Promise<void>;
  /** stop() and remove the temp dir when this gateway made it. */
  close(): Promise<void>;
}

export function tempDir(prefix = 'toolgate-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startScratchGateway(options: Partial<GatewayOptions> & { dir?: string } = {}): Promise<ScratchGateway> {
  const dir = options.dir ?? tempDir('toolgate-scratch-');
  const db = options.db ?? path.join(dir, 'toolgate.db');
  const gateway = await createGateway({
    logger: createLogger(process.env.TOOLGATE_TEST_LOG ?? 'silent'),
    defaults: { cwd: '/home/dev/project', home: '/home/dev' },
    adminSecretFile: path.join(dir, 'admin.secret'),
    ...options,
    db,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: gateway.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  gateway.listening({ host: '127.0.0.1', port });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gateway.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    gateway,
    dir,
    db,
    admin: { authorization: `Bearer ${gateway.auth?.adminSecret ?? ''}` },
    stop,
    close: async () => {
      await stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POST JSON and return status and parsed body (the text when it is not JSON). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text itself
  }
  return { status: response.status, body: parsed };
}

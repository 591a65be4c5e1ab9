/**
 * Starts a real gateway for tests: real SQLite file in a temp dir (or the database in
 * TOOLGATE_TEST_DB, e.g. a PostgreSQL URL, where each test gateway gets a fresh database of
 * its own), real HTTP on an ephemeral loopback port. Built on src/testing/scratch-gateway.ts.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { GatewayOptions } from '../../src/gateway.js';
import { startScratchGateway, tempDir, postJson, type ScratchGateway } from '../../src/testing/scratch-gateway.js';
import { createTestDatabase, isPostgresTestUrl } from './postgres.js';

export { tempDir, postJson };
export type TestGateway = ScratchGateway;

export async function startTestGateway(options: Partial<GatewayOptions> & { dir?: string } = {}): Promise<TestGateway> {
  const dir = options.dir ?? tempDir();
  const fresh = !options.db && isPostgresTestUrl(process.env.TOOLGATE_TEST_DB) ? await createTestDatabase(process.env.TOOLGATE_TEST_DB) : null;
  const gw = await startScratchGateway({ ...options, dir, ...(fresh ? { db: fresh.url } : {}) });
  return {
    ...gw,
    close: async () => {
      await gw.close();
      await fresh?.drop();
      if (!options.dir) (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A test gateway for the tests of the enclosing describe (or file): started before them,
 * handed to `set`, and closed after them.
 */
export function withTestGateway(set: (gw: TestGateway) => void, options: Partial<GatewayOptions> & { dir?: string } = {}): void {
  let started: TestGateway | undefined;
  beforeAll(async () => {
    started = await startTestGateway(options);
    set(started);
  });
  afterAll(async () => {
    await started?.close();
  });
}

/** One call checked over HTTP: its decision and the rules that gave it (the request must be answered 200). */
export async function checkCall(
  gw: TestGateway,
  call: { session: string; tool: string; input: Record<string, unknown>; context: Record<string, unknown> },
): Promise<{ decision: string; rules: string[] }> {
  const { status, body } = await postJson(`${gw.url}/v1/check`, { session_id: call.session, tool: call.tool, input: call.input, context: call.context });
  expect(status, JSON.stringify(body)).toBe(200);
  return { decision: body.decision, rules: body.reasons.map((r: { rule: string }) => r.rule) };
}

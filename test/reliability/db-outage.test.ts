/**
 * The database goes away: a locked SQLite file, a PostgreSQL that stops answering. The
 * gateway answers 503 with a clear error (never a decision, never allow), /readyz turns
 * false, and both come back by themselves when the database does — the group committer
 * and the connection pool are not left broken by the failures.
 */
import net from 'node:net';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, tempDir, type TestGateway } from '../support/gateway.js';
import { createTestDatabase, isPostgresTestUrl, type TestDatabase } from '../support/postgres.js';

const PG = process.env.TOOLGATE_TEST_DB;

const call = (gw: TestGateway, command = 'ls') =>
  postJson(`${gw.url}/v1/check`, { session_id: 'outage', tool: 'bash', input: { command } });

async function readyz(gw: TestGateway): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gw.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

function expectUnavailable(result: { status: number; body: any }): void {
  expect(result.status).toBe(503);
  expect(result.body.error.code).toBe('store_unavailable');
  expect(result.body.error.message).toMatch(/could not be recorded|database is unavailable/);
  expect(result.body.decision).toBeUndefined();
}

describe('a locked SQLite database', () => {
  let gw: TestGateway;
  let dir: string;
  beforeAll(async () => {
    process.env.TOOLGATE_SQLITE_BUSY_TIMEOUT_MS = '200';
    dir = tempDir();
    gw = await startTestGateway({ db: path.join(dir, 'locked.db') });
  });
  afterAll(async () => {
    delete process.env.TOOLGATE_SQLITE_BUSY_TIMEOUT_MS;
    await gw.close();
  });

  it('answers 503 while another process holds the write lock, and recovers when it lets go', async () => {
    expect((await call(gw)).status).toBe(200);
    const other = new SQLite(path.join(dir, 'locked.db'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      // Several at once: one failing batch must not take the others' answers with it as an allow.
      const during = await Promise.all([call(gw), call(gw, 'rm -rf /'), call(gw, 'cat README.md')]);
      for (const result of during) expectUnavailable(result);
      const ready = await readyz(gw);
      expect(ready.status).toBe(503);
      expect(ready.body.ready).toBe(false);
      expect(ready.body.database).toMatch(/not writable|locked|busy/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await call(gw)).status).toBe(200);
    expect((await readyz(gw)).status).toBe(200);
    const metrics = await gw.gateway.metrics!.render();
    expect(metrics).toMatch(/^toolgate_store_unavailable_total 3$/m);
    expect(metrics).toMatch(/^toolgate_commit_batch_seconds_count\{outcome="error"\} [1-9]/m);
    // Only the answered calls were counted.
    const session = await gw.gateway.store.getSession('outage');
    expect(Number(session?.calls)).toBe(2);
  });
});

/** A TCP hop between the gateway and PostgreSQL that the test can cut and restore. */
class Cuttable {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** The database is gone: connections drop, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server!;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.skipIf(!isPostgresTestUrl(PG))('PostgreSQL going away', () => {
  let db: TestDatabase;
  let hop: Cuttable;
  let gw: TestGateway;

  beforeAll(async () => {
    db = await createTestDatabase(PG!);
    const target = new URL(db.url);
    hop = new Cuttable({ host: target.hostname, port: Number(target.port || 5432) });
    await hop.open();
    const via = new URL(db.url);
    via.port = String(hop.port);
    gw = await startTestGateway({ db: via.toString() });
  });
  afterAll(async () => {
    await gw?.close();
    await hop?.cut().catch(() => {});
    await db?.drop();
  });

  it('answers 503 and not ready while it is down, and recovers by itself when it is back', async () => {
    expect((await call(gw)).status).toBe(200);
    await hop.cut();

    const during = await Promise.all([call(gw), call(gw, 'rm -rf /'), call(gw, 'echo hi')]);
    for (const result of during) expectUnavailable(result);
    const ready = await readyz(gw);
    expect(ready.status).toBe(503);
    expect(ready.body.database).toMatch(/unreachable/);

    await hop.open(); // same port: the pool's next connection reaches the database again
    const back = await eventually(() => call(gw), (r) => r.status === 200);
    expect(back.status).toBe(200);
    expect(back.body.decision).toBe('allow');
    expect((await readyz(gw)).status).toBe(200);
    // And the committer keeps committing batches after the failed ones.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => call(gw, `cat f${i}`)));
    expect(burst.every((r) => r.status === 200)).toBe(true);
  }, 60_000);
});

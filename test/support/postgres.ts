/**
 * Test isolation on one PostgreSQL server: every test gateway gets a database of its own,
 * created from the server in TOOLGATE_TEST_DB and dropped when the test is done, so that
 * the whole suite can run against PostgreSQL exactly as it does against SQLite files.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function isPostgresTestUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(baseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the server of `baseUrl`. */
export async function createTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `toolgate_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  // CREATE DATABASE copies template1; concurrent copies of one template can collide, so retry.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(baseUrl, (client) => client.query(`create database "${name}"`));
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
  return {
    url: withDatabase(baseUrl, name),
    name,
    drop: () =>
      admin(baseUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(
        () => undefined,
        () => undefined,
      ),
  };
}

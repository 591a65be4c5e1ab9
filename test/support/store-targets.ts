/**
 * The databases a store test runs on: SQLite always, PostgreSQL when TOOLGATE_TEST_DB
 * points at one (scripts/with-postgres.sh) — each in a database of its own, so that
 * counts are exact.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { tempDir } from './gateway.js';
import { isPostgresUrl } from '../../src/store/database.js';

export type Target = { name: string; url: () => Promise<string>; drop: () => Promise<void> };

function sqliteTarget(prefix: string): Target {
  const dir = tempDir(`toolgate-${prefix}-`);
  return { name: 'sqlite', url: async () => path.join(dir, `${prefix}.db`), drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

function postgresTarget(adminUrl: string, prefix: string): Target {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = () => new pg.Client({ connectionString: adminUrl });
  return {
    name: 'postgres',
    url: async () => {
      const client = admin();
      await client.connect();
      await client.query(`create database ${name}`);
      await client.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    drop: async () => {
      const client = admin();
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** `prefix`: letters and underscores (names the temp dir and the PostgreSQL database). */
export function storeTargets(prefix: string): Target[] {
  const targets = [sqliteTarget(prefix)];
  const testDb = process.env.TOOLGATE_TEST_DB;
  if (testDb && isPostgresUrl(testDb)) targets.push(postgresTarget(testDb, prefix));
  return targets;
}

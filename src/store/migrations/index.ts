/**
 * Every migration, in order. Add a file NNN_name.ts and one line here; never edit a
 * migration that has shipped. The same list runs on SQLite and PostgreSQL.
 */
import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';

export const migrations: Record<string, Migration> = {
  '001_initial': m001,
};

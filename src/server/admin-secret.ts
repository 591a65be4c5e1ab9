/**
 * The local admin secret: what makes a caller the operator when the gateway runs without
 * tokens (the README's `npm start`), and a second way in for the operator when it has them.
 *
 * Created at the gateway's first start, random, in the data folder beside the SQLite file
 * (`data/admin.secret`), mode 0600. The toolgate CLI (approvals, agents stop) reads it and
 * sends it as `Authorization: Bearer <secret>`. Anyone may read `/v1/check`'s answers;
 * only whoever can read this file may answer approvals, reset or stop sessions and agents,
 * reload the policy or read the audit routes. Reading it from the agent is a protected read:
 * its path reaches the policy as input.context.gateway.admin_secret (see gateway.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ADMIN_SECRET_FILE_NAME = 'admin.secret';

/** Where the secret lives: beside the SQLite file, or in ./data for PostgreSQL and in-memory databases. */
export function defaultAdminSecretPath(db: string): string {
  const file = !/^postgres(ql)?:\/\//i.test(db) && db !== ':memory:' && db !== '';
  return path.resolve(file ? path.dirname(db) : 'data', ADMIN_SECRET_FILE_NAME);
}

/** The secret in `file`; created (0600, 32 random bytes) when absent. A readable-by-others file is narrowed to 0600. */
export function ensureAdminSecret(file: string): { secret: string; created: boolean } {
  const existing = readAdminSecret(file);
  if (existing) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { secret: existing, created: false };
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = `tg_local_${randomBytes(32).toString('base64url')}`;
  try {
    // 'wx': never overwrite a secret another process created in the meantime.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const raced = readAdminSecret(file);
    if (raced) return { secret: raced, created: false };
    throw new Error(`cannot create the admin secret ${file}: ${(error as Error).message}`);
  }
  return { secret, created: true };
}

/** The secret in `file`, or null when there is none (absent, unreadable or empty). */
export function readAdminSecret(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const secret = text.trim();
  return secret === '' ? null : secret;
}

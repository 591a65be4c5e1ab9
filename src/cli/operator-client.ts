/**
 * The operator's HTTP client for the CLI commands that act on a running gateway
 * (approvals, agents). It authenticates as the operator: $TOOLGATE_ADMIN_TOKEN (an admin
 * token) when set, otherwise the local admin secret the gateway created in its data folder
 * (--admin-secret, $TOOLGATE_ADMIN_SECRET_FILE, or admin.secret beside the default database).
 */
import type { Command } from 'commander';
import { DEFAULT_GATEWAY_URL } from '../integrations/shared/config.js';
import { defaultAdminSecretPath, readAdminSecret } from '../server/admin-secret.js';
import { defaultDb, fail } from './util.js';

export interface OperatorOptions {
  gateway?: string;
  adminSecret?: string;
}

export function operatorOptions(cmd: Command): Command {
  return cmd
    .option('--gateway <url>', `gateway URL (default $TOOLGATE_URL or ${DEFAULT_GATEWAY_URL})`)
    .option('--admin-secret <file>', 'the gateway\'s admin secret file (default $TOOLGATE_ADMIN_SECRET_FILE, or admin.secret beside $TOOLGATE_DB / data/toolgate.db)');
}

function gatewayOf(opts: OperatorOptions): string {
  return (opts.gateway ?? process.env.TOOLGATE_URL ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '');
}

function operatorCredential(opts: OperatorOptions): string {
  if (process.env.TOOLGATE_ADMIN_TOKEN) return process.env.TOOLGATE_ADMIN_TOKEN;
  const file = opts.adminSecret ?? (process.env.TOOLGATE_ADMIN_SECRET_FILE || defaultAdminSecretPath(defaultDb()));
  const secret = readAdminSecret(file);
  if (!secret) {
    fail(`cannot read the admin secret ${file}: run this as the operator, next to the gateway's data folder (--admin-secret FILE), or set TOOLGATE_ADMIN_TOKEN to an admin token`);
  }
  return secret;
}

export async function operatorCall(opts: OperatorOptions, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const url = `${gatewayOf(opts)}${path}`;
  const credential = operatorCredential(opts);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        authorization: `Bearer ${credential}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    fail(`cannot reach the gateway at ${gatewayOf(opts)} (${(error as Error).message}); is it running? (--gateway or TOOLGATE_URL)`);
  }
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    fail(`the gateway at ${gatewayOf(opts)} answered HTTP ${response.status} with something that is not JSON`);
  }
  if (!response.ok) fail(parsed?.error?.message ? `${parsed.error.message} (HTTP ${response.status})` : `HTTP ${response.status}`);
  return parsed;
}

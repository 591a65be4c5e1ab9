/**
 * Authentication and route-level authorization, in one place.
 *
 * - Agent tokens are bound to one agent_id: the caller *is* that agent, whatever a body says.
 * - Admin tokens, and the local admin secret (data/admin.secret, see ../admin-secret.ts),
 *   may use every route (policy, audit, approvals, stops and resets, UI, metrics).
 * - With no token configured, and only when the gateway listens on loopback, a caller
 *   without credentials is the local caller: it may use the agent routes, not the admin
 *   ones (the agent is a local process too). Once a token exists, every non-public route
 *   needs a token or the admin secret.
 *
 * Which routes an agent may use is the ROUTES table below; anything not listed there is
 * admin-only, so a new route is closed until someone opens it on purpose.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Store } from '../../store/index.js';
import { activeTokens, type TokenRow } from '../../store/tokens.js';
import { ToolgateError, problemResponse } from '../errors.js';
import { isAdmin, type Principal } from './principal.js';

export type Access = 'public' | 'agent' | 'admin';

/** First match wins; the default is admin. Methods '*' match any. */
const ROUTES: Array<{ method: string; path: RegExp; access: Access }> = [
  { method: 'GET', path: /^\/(healthz|readyz|openapi\.json)$/, access: 'public' },
  { method: 'POST', path: /^\/v1\/check$/, access: 'agent' },
  { method: 'POST', path: /^\/v1\/report$/, access: 'agent' },
  { method: 'POST', path: /^\/v1\/hooks\/[^/]+$/, access: 'agent' },
  // Undoing or imposing an operator's decision on a session is the operator's.
  { method: 'POST', path: /^\/v1\/sessions\/[^/]+\/(stop|reset)$/, access: 'admin' },
  { method: '*', path: /^\/v1\/sessions\/[^/]+(\/.*)?$/, access: 'agent' },
  { method: '*', path: /^\/v1\/(memory|checkpoints)(\/.*)?$/, access: 'agent' },
  { method: 'GET', path: /^\/v1\/decisions(\/[^/]+)?$/, access: 'agent' },
  // Agents ask for an approval and wait for it; resolving one is an admin's job.
  { method: 'POST', path: /^\/v1\/approvals$/, access: 'agent' },
  { method: 'GET', path: /^\/v1\/approvals(\/[^/]+)?$/, access: 'agent' },
];

export function routeAccess(method: string, path: string): Access {
  for (const route of ROUTES) {
    if ((route.method === '*' || route.method === method) && route.path.test(path)) return route.access;
  }
  return 'admin';
}

interface TokenEntry {
  row: TokenRow;
  digest: Buffer;
}

/**
 * Active tokens, cached for a second so that a token created or revoked with
 * `toolgate tokens` (another process, maybe another machine) takes effect quickly without
 * a query per request. If the database is unreachable the last list is kept.
 */
export class TokenAuthenticator {
  private entries: TokenEntry[] | null = null;
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 1000,
  ) {}

  private async refresh(): Promise<void> {
    const rows = await activeTokens(this.store.db);
    this.entries = rows.map((row) => ({ row, digest: Buffer.from(row.hash, 'hex') }));
    this.loadedAt = Date.now();
  }

  async active(): Promise<TokenEntry[]> {
    if (this.entries && Date.now() - this.loadedAt < this.ttlMs) return this.entries;
    this.loading ??= this.refresh().finally(() => {
      this.loading = null;
    });
    try {
      await this.loading;
    } catch (error) {
      if (!this.entries) throw error;
    }
    return this.entries!;
  }

  /** The token's row, or null. Compares against every active token in constant time. */
  async authenticate(token: string): Promise<TokenRow | null> {
    const entries = await this.active();
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: TokenRow | null = null;
    for (const entry of entries) {
      if (entry.digest.length === digest.length && timingSafeEqual(entry.digest, digest) && !found) found = entry.row;
    }
    return found;
  }

  /** Forget the cache (tests, and after `tokens create` in the same process). */
  invalidate(): void {
    this.loadedAt = 0;
  }
}

export interface AuthOptions {
  authenticator: TokenAuthenticator;
  /** True only when the gateway listens on loopback: then no tokens means the agent routes are open to local callers. */
  allowOpenWithoutTokens: boolean;
  /** The local admin secret (data/admin.secret): presented as a bearer token, the caller is the operator. */
  adminSecret?: string;
}

function sameSecret(presented: string, secret: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The token from `Authorization: Bearer <token>`, or from Basic auth with the token as the
 * password (what a browser sends for the /ui viewer after its login prompt). null when
 * there is no Authorization header, '' when there is one that carries no token.
 */
function presentedToken(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : '';
  }
  return '';
}

/** Browsers prompt for a login on a Basic challenge: offer it where people look (the viewer). */
function challenge(path: string, error?: string): string {
  if (path === '/ui' || path.startsWith('/ui/')) return 'Basic realm="toolgate (user: anything, password: an admin token)"';
  return `Bearer realm="toolgate"${error ? `, error="${error}"` : ''}`;
}

export function authenticate(options: AuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const access = routeAccess(c.req.method, c.req.path);
    if (access === 'public') return next();

    let entries: TokenEntry[];
    try {
      entries = await options.authenticator.active();
    } catch (error) {
      return problemResponse(
        c,
        new ToolgateError('store_unavailable', `cannot check tokens: the database is unavailable (${(error as Error).message}); retry later`),
      );
    }

    const token = presentedToken(c.req.header('authorization'));
    let principal: Principal;
    if (token === null) {
      if (entries.length > 0 || !options.allowOpenWithoutTokens) {
        c.header('WWW-Authenticate', challenge(c.req.path));
        return problemResponse(
          c,
          new ToolgateError('unauthorized', 'this gateway needs a token: send "Authorization: Bearer <token>" (an operator creates one with `toolgate tokens create`)'),
        );
      }
      principal = { kind: 'local' };
    } else if (token && options.adminSecret && sameSecret(token, options.adminSecret)) {
      principal = { kind: 'local-admin' };
    } else {
      const row = token ? await options.authenticator.authenticate(token).catch(() => null) : null;
      if (!row) {
        c.header('WWW-Authenticate', challenge(c.req.path, 'invalid_token'));
        return problemResponse(c, new ToolgateError('invalid_token', 'the token is malformed, unknown or revoked'));
      }
      principal = row.kind === 'admin' ? { kind: 'admin', tokenId: row.id, name: row.name } : { kind: 'agent', agentId: row.agent_id!, tokenId: row.id };
    }

    if (access === 'admin' && !isAdmin(principal)) {
      if (principal.kind === 'local' && (c.req.path === '/ui' || c.req.path.startsWith('/ui/'))) c.header('WWW-Authenticate', challenge(c.req.path));
      const message =
        principal.kind === 'local'
          ? `${c.req.method} ${c.req.path} is the operator's: send the local admin secret as "Authorization: Bearer <secret>" (the file admin.secret in the gateway's data folder; the toolgate CLI reads it)`
          : `${c.req.method} ${c.req.path} is the operator's: it needs an admin token or the local admin secret; this is an agent token`;
      return problemResponse(c, new ToolgateError('operator_only', message));
    }
    c.set('principal', principal);
    return next();
  };
}

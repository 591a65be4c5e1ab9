/**
 * Host and Origin checks: the gateway answers only requests addressed to a name it is known
 * by. By default that is loopback (127.0.0.1, localhost, [::1], any port), so a page that
 * rebinds its own DNS name to 127.0.0.1 (Host: evil.example) cannot read the decision log,
 * and a page on another origin cannot post to it (a browser always sends Origin on a
 * cross-site POST). An operator who serves the gateway under other names lists them
 * (`serve --allowed-hosts`); "*" turns the check off (behind a proxy that checks).
 * Requests with no Host (in-process calls) or no Origin (non-browser clients) pass.
 */
import type { MiddlewareHandler } from 'hono';
import { problemResponse, ToolgateError } from '../../errors.js';

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

export interface LocalOriginOptions {
  /** Host names besides loopback (lowercase, no port); ["*"] accepts any. */
  allowedHosts?: string[];
}

/** The host name of a Host header value or an origin's authority, without port or brackets. */
export function hostName(authority: string): string {
  const value = authority.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined);
  const colon = value.lastIndexOf(':');
  return (colon >= 0 ? value.slice(0, colon) : value).replace(/\.$/, '');
}

export function localOrigin(options: LocalOriginOptions = {}): MiddlewareHandler {
  const extra = (options.allowedHosts ?? []).map((host) => hostName(host));
  if (extra.includes('*')) return async (_c, next) => next();
  const allowed = new Set([...LOOPBACK_HOSTS, ...extra]);
  const known = (name: string) => allowed.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
  return async (c, next) => {
    const host = c.req.header('host');
    if (host !== undefined && !known(hostName(host))) {
      return problemResponse(
        c,
        new ToolgateError('unknown_host', `this gateway does not answer for host ${JSON.stringify(host)}; an operator can allow it with serve --allowed-hosts`),
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !knownOrigin(origin, known)) {
      return problemResponse(
        c,
        new ToolgateError('foreign_origin', `requests from the web origin ${JSON.stringify(origin)} are refused; only the gateway's own pages may call it`),
      );
    }
    await next();
  };
}

function knownOrigin(origin: string, known: (name: string) => boolean): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && known(hostName(url.host));
  } catch {
    // "null" (sandboxed frames, file: pages) and anything unparsable.
    return false;
  }
}

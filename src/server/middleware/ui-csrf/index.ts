/**
 * CSRF protection for the viewer's forms (/ui POSTs: answering approvals).
 *
 * The viewer is authenticated by an Authorization header the browser re-sends on its own
 * (Basic after the login prompt), so a page elsewhere could make the browser post a form to
 * the gateway with the operator's credentials. Three checks stop that, each on its own:
 *
 * 1. Origin: the post's Origin (or, without one, its Referer) must be the gateway's own
 *    host:port exactly. The global local-origin check accepts any loopback port, and
 *    another program on localhost:3000 is "same site" for cookies (ports do not count).
 * 2. Content type: only the urlencoded form our pages send. A `text/plain` or multipart
 *    post (what a cross-site form can send without a preflight) is refused.
 * 3. A token: a random nonce with an HMAC keyed by the caller's credential, sent in a
 *    SameSite=Strict, HttpOnly cookie and in the form's hidden field; both must match and
 *    the MAC must verify for the credential of this request. A page elsewhere can neither
 *    read the field nor forge the MAC; keying by the credential makes the token per session
 *    and valid on every gateway instance without shared state.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { problemResponse, ToolgateError } from '../../errors.js';

export const CSRF_COOKIE = 'toolgate_ui_csrf';
export const CSRF_FIELD = '_csrf';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The key of a credential: tokens for one credential verify only with it. */
function keyOf(c: Context): Buffer | null {
  const authorization = c.req.header('authorization');
  if (!authorization) return null;
  return createHash('sha256').update('toolgate-ui-csrf\0').update(authorization, 'utf8').digest();
}

function mac(key: Buffer, nonce: string): string {
  return createHmac('sha256', key).update(nonce).digest('base64url');
}

function valid(c: Context, token: string | undefined): boolean {
  const key = keyOf(c);
  if (!key || !token) return false;
  const [nonce, presented, extra] = token.split('.');
  if (!nonce || !presented || extra !== undefined || !/^[A-Za-z0-9_-]{22,64}$/.test(nonce)) return false;
  const expected = Buffer.from(mac(key, nonce));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The token for a page's forms: the cookie's when it still verifies for this credential,
 * else a new one (and the cookie is set). Call it on every page that renders a form.
 */
export function csrfToken(c: Context): string {
  const current = getCookie(c, CSRF_COOKIE);
  if (valid(c, current)) return current!;
  const key = keyOf(c);
  if (!key) throw new ToolgateError('unauthorized', 'the viewer needs the operator credentials');
  const nonce = randomBytes(18).toString('base64url');
  const token = `${nonce}.${mac(key, nonce)}`;
  setCookie(c, CSRF_COOKIE, token, {
    path: '/ui',
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
  });
  return token;
}

/** host[:port] of the request as the browser addressed it. */
function ownHost(c: Context): string | null {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  return host ? host.trim().toLowerCase() : null;
}

function hostOfUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : null;
  } catch {
    return null; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
}

function refuse(c: Context, code: 'csrf_origin' | 'csrf_token' | 'csrf_content_type', message: string): Response {
  return problemResponse(c, new ToolgateError(code, message));
}

/**
 * Guards unsafe methods. Runs before the route reads the form; the route reads the checked
 * form with c.req.parseBody() (Hono caches it).
 */
export function uiCsrf(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const own = ownHost(c);
    const origin = c.req.header('origin');
    const referer = c.req.header('referer');
    const from = origin !== undefined ? hostOfUrl(origin) : referer !== undefined ? hostOfUrl(referer) : undefined;
    if (from === undefined) {
      return refuse(c, 'csrf_origin', 'a form post to the viewer must say where it comes from (Origin); post from the viewer\'s own page');
    }
    if (from === null || own === null || from !== own) {
      return refuse(c, 'csrf_origin', `a form post to the viewer from ${JSON.stringify(origin ?? referer)} is refused: only the viewer's own pages may post`);
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== FORM_TYPE) {
      return refuse(c, 'csrf_content_type', `the viewer accepts only its own form posts (${FORM_TYPE}), not ${JSON.stringify(type || 'no content type')}`);
    }
    let field: unknown;
    try {
      field = (await c.req.parseBody())[CSRF_FIELD];
    } catch {
      return refuse(c, 'csrf_token', 'the form could not be read; reload the page and try again');
    }
    const cookie = getCookie(c, CSRF_COOKIE);
    if (typeof field !== 'string' || cookie === undefined || field !== cookie || !valid(c, field)) {
      return refuse(c, 'csrf_token', 'the form\'s security token is missing or stale: reload the page and try again');
    }
    return next();
  };
}

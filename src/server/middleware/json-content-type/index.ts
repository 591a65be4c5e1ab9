/**
 * Bodies are JSON, and say so: a POST, PUT or PATCH whose Content-Type is not
 * application/json is refused with 415 before anything reads it. Browsers send a
 * cross-site request without a preflight only as text/plain, a form or multipart (or with
 * no type at all), so this alone keeps a web page from approving an ask or stopping a
 * session through the user's loopback gateway. Every client of the gateway (the adapters, the
 * CLI, Claude Code's http hook) sends application/json.
 */
import type { MiddlewareHandler } from 'hono';
import { problemResponse, ToolgateError } from '../../errors.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** application/json, with parameters (charset) allowed; nothing else, not even +json types. */
export function isJsonMediaType(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(';')[0].trim().toLowerCase() === 'application/json';
}

export function requireJsonContentType(): MiddlewareHandler {
  return async (c, next) => {
    if (WITH_BODY.has(c.req.method) && !isJsonMediaType(c.req.header('content-type'))) {
      const sent = c.req.header('content-type');
      return problemResponse(
        c,
        new ToolgateError('unsupported_media_type',
          `send the body as JSON with "Content-Type: application/json" (got ${sent ? JSON.stringify(sent) : 'no Content-Type'})`,
        ),
      );
    }
    await next();
  };
}

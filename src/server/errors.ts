/**
 * Errors users of the HTTP API see: a stable code (src/api/errors.ts gives its status and
 * meaning) and a message written for them. Never a stack trace.
 */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { ToolgateError, type ErrorBody } from '../api/errors.js';

export { ToolgateError } from '../api/errors.js';

/** The one way an error is answered: {error: {code, message, details?}} with the code's status. */
export function problemResponse(c: Context, problem: ToolgateError): Response {
  const body: ErrorBody = { error: { code: problem.code, message: problem.message } };
  if (problem.details !== undefined) body.error.details = problem.details;
  return c.json(body, problem.status);
}

/** "session_id: must not be empty; input: expected object, received string" */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

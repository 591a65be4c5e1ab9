/**
 * Errors users of the HTTP API see: a status, a stable code and a message written for
 * them. Never a stack trace.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

export function problemResponse(c: Context, problem: ApiProblem): Response {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: problem.code, message: problem.message },
  };
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

import type { Context } from 'hono';
import type { z } from 'zod';
import { ToolgateError, describeZodError } from './errors.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './middleware/limits.js';
import { duplicateKey, duplicateKeyMessage } from '../api/strict-json.js';

/**
 * Reads the body as JSON and validates it. Parses the text itself (instead of trusting
 * Content-Type) so that a malformed body always gets the same clear 400.
 */
export async function readJson<S extends z.ZodTypeAny>(c: Context, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw new ToolgateError('unreadable_body', 'the request body could not be read');
  }
  if (text.trim() === '') throw new ToolgateError('empty_body', 'the request body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ToolgateError('malformed_json', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  const duplicate = duplicateKey(text);
  if (duplicate !== null) throw new ToolgateError('duplicate_key', duplicateKeyMessage(duplicate));
  if (nestedDeeperThan(value)) {
    throw new ToolgateError('too_deep', `the request body nests deeper than ${MAX_JSON_DEPTH} levels; flatten it`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ToolgateError('invalid_request', describeZodError(parsed.error));
  return parsed.data;
}

import type { NormalizeContext, ReadFacts } from '../facts.js';
import { asInput, pathsOf, primaryPath } from './fields.js';

/** `{path|file_path, offset?, limit?}`, or `{paths: [...]}` (MCP read_multiple_files). */
export function normalizeRead(input: unknown, ctx: NormalizeContext): ReadFacts {
  return { kind: 'read', path: primaryPath(pathsOf(asInput(input), ctx)) };
}

import type { NormalizeContext, ReadFacts } from '../facts.js';
import { readEffects } from './effects.js';
import { asInput, pathsOf, primaryPath } from './fields.js';

/** `{path|file_path, offset?, limit?}`, or `{paths: [...]}` (MCP read_multiple_files). */
export function normalizeRead(input: unknown, ctx: NormalizeContext): ReadFacts {
  const paths = pathsOf(asInput(input), ctx);
  const path = primaryPath(paths);
  return { kind: 'read', indeterminate: [], effects: readEffects(paths.length > 0 ? paths : [path]), path, paths: paths.length > 0 ? paths : [path] };
}

/**
 * Reading tool inputs as real clients send them: the same thing goes by several names
 * (`file_path` in Claude Code, `path` in OpenClaw and MCP filesystem servers, `absolute_path`
 * in Gemini CLI, `target_file` in Cursor), and a field may be missing or of the wrong type.
 * These helpers never throw; a missing path becomes an indeterminate PathFact (raw "").
 */
import type { NormalizeContext, PathFact } from '../facts.js';
import { indeterminatePath, resolvePath } from '../paths/index.js';

export type ToolInput = Record<string, unknown>;

/** Field names that hold the one file a tool works on, most common first. */
export const PATH_FIELDS = [
  'file_path', 'path', 'filePath', 'absolute_path', 'target_file', 'notebook_path', 'filename', 'file', 'target',
];

/** More paths than any real call names; beyond this they are not resolved one by one. */
const MAX_PATHS = 1000;

/** Treat anything that is not a plain object as an empty input. */
export function asInput(input: unknown): ToolInput {
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as ToolInput) : {};
}

/** The first of `names` that holds a string. */
export function stringField(input: ToolInput, names: readonly string[]): string | null {
  for (const name of names) {
    const value = input[name];
    if (typeof value === 'string') return value;
  }
  return null;
}

/** Content that may arrive as a string or as structured data (JSON bodies, notebook cells). */
export function textField(input: ToolInput, names: readonly string[]): string | null {
  for (const name of names) {
    const value = input[name];
    if (typeof value === 'string') return value;
    if (value !== undefined && value !== null) return safeStringify(value);
  }
  return null;
}

export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/**
 * Every path the input names: the single-path fields and `paths: [...]` (MCP
 * read_multiple_files). Empty when none is present.
 */
export function pathsOf(input: ToolInput, ctx: NormalizeContext): PathFact[] {
  const out: PathFact[] = [];
  // Every single-path field, not the first found: a client runs one of them, and which one
  // is the client's business. Two that disagree make the call indeterminate (never pick one).
  const singles = [...new Set(PATH_FIELDS.map((name) => input[name]).filter((value): value is string => typeof value === 'string'))];
  for (const single of singles) out.push(resolvePath(single, ctx));
  if (singles.length > 1 && new Set(out.map((p) => p.path)).size > 1) out.push(indeterminatePath(''));
  const many = input.paths ?? input.file_paths;
  if (Array.isArray(many)) {
    for (const item of many.slice(0, MAX_PATHS)) {
      out.push(typeof item === 'string' ? resolvePath(item, ctx) : indeterminatePath(''));
    }
    // Paths past the bound were not looked at: say so rather than drop them silently.
    if (many.length > MAX_PATHS) out.push(indeterminatePath(''));
  }
  return out;
}

/**
 * One path standing for the call when a tool takes several: the one least contained
 * (indeterminate first, then system locations, then outside the workspace), so that a
 * single-path fact never hides the most exposed file. Missing → indeterminate.
 */
export function primaryPath(paths: PathFact[]): PathFact {
  if (paths.length === 0) return indeterminatePath('');
  const exposure = (p: PathFact): number =>
    (p.dynamic ? 8 : 0) + (p.system ? 4 : 0) + (p.in_workspace ? 0 : 2) + (p.in_home && !p.in_workspace ? 1 : 0);
  return paths.reduce((best, p) => (exposure(p) > exposure(best) ? p : best), paths[0]);
}

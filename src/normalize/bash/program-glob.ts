/**
 * A program written as a glob (`/[u]sr/[b]in/r[m]`, `/???/r?`, `/usr/bin/c*l`): bash expands it
 * against the disk and runs the first match. The walk does not see the disk, only what is certain:
 * the standard program folders and the program names the command-knowledge table and the wrapper
 * table know.
 *
 * - A pattern that can match one path only (every class one character, no `*` or `?`) is that
 *   path, whatever is on the disk: `exact`.
 * - Otherwise the known programs it can match in the standard folders are `candidates`; the call
 *   is judged as each of them (the worst wins) and stays indeterminate ("glob program path"), for
 *   the disk may hold others. None known, or too many, is `unknown`.
 */
import { FAMILIES } from './knowledge/index.js';
import { WRAPPER_NAMES } from './wrappers.js';

export type ProgramGlob = { kind: 'exact'; path: string } | { kind: 'candidates'; paths: string[] } | { kind: 'unknown' };

/** Where programs live on the systems an agent runs on (merged /usr or not, local installs). */
const PROGRAM_FOLDERS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** More distinct programs than this and the guess says nothing: unknown. */
const MAX_CANDIDATES = 8;

/** Program names known to the tables (prefix families such as `docker-credential-*` left out). */
let names: readonly string[] | null = null;
function knownNames(): readonly string[] {
  names ??= [...new Set([...Object.values(FAMILIES).flatMap((family) => Object.keys(family)), ...WRAPPER_NAMES])].filter((n) => /^[\w.+-]+$/.test(n));
  return names;
}

/** One `[…]` class at `text[at]`: its JS regex form, and the one character it matches when it is a single one. */
function bracket(text: string, at: number): { regex: string; single: string | null; end: number } | null {
  let i = at + 1;
  const negated = text[i] === '!' || text[i] === '^';
  if (negated) i++;
  const body: string[] = [];
  if (text[i] === ']') body.push(text[i++]!);
  while (i < text.length && text[i] !== ']') body.push(text[i++]!);
  if (i >= text.length) return null;
  const escaped = body.map((c) => (/[\\\]^]/.test(c) ? `\\${c}` : c)).join('');
  return { regex: `[${negated ? '^/' : ''}${escaped}]`, single: !negated && body.length === 1 ? body[0]! : null, end: i };
}

/** The glob as an anchored regex over a whole path, and the single path it names when it can name one only. */
function compile(pattern: string): { regex: RegExp; exact: string | null } | null {
  let regex = '';
  let exact: string | null = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      regex += '[^/]*';
      exact = null;
    } else if (c === '?') {
      regex += '[^/]';
      exact = null;
    } else if (c === '[') {
      const b = bracket(pattern, i);
      if (b === null) {
        regex += '\\[';
        if (exact !== null) exact += '[';
        continue;
      }
      regex += b.regex;
      exact = exact !== null && b.single !== null ? exact + b.single : null;
      i = b.end;
    } else {
      regex += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      if (exact !== null) exact += c;
    }
  }
  try {
    return { regex: new RegExp(`^${regex}$`), exact };
  } catch {
    return null;
  }
}

/** What a glob written where the program goes can run. */
export function programGlob(written: string): ProgramGlob {
  const pattern = written.replace(/\/{2,}/g, '/');
  const compiled = compile(pattern);
  if (compiled === null) return { kind: 'unknown' };
  if (compiled.exact !== null) return { kind: 'exact', path: compiled.exact };
  // A relative pattern matches in the working folder, whose content the walk does not know.
  if (!pattern.startsWith('/') || /\/\.\.?(?:\/|$)/.test(pattern)) return { kind: 'unknown' };
  const byName = new Map<string, string>();
  for (const folder of PROGRAM_FOLDERS) {
    for (const name of knownNames()) {
      const path = `${folder}/${name}`;
      if (!byName.has(name) && compiled.regex.test(path)) byName.set(name, path);
    }
  }
  if (byName.size === 0 || byName.size > MAX_CANDIDATES) return { kind: 'unknown' };
  return { kind: 'candidates', paths: [...byName.values()] };
}

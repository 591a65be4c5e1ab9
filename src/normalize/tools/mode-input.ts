/**
 * A tool that sets a file's mode or owner from fields (`mcp__filesystem__chmod {path, mode:
 * "4755"}`, `set_permissions {path, permissions: "777", recursive: true}`, `chown {path, owner}`)
 * does what `chmod`/`chown` does with them: the fields are written back as that command line, so
 * the bash producer's knowledge (setuid bits, world-writable trees, system paths) judges either
 * spelling alike. A new spelling of a field is a new entry.
 */
import { shellQuote } from './shell-input.js';
import { nameWords } from './verbs.js';

/** Name words of a mode or owner change, and the program that makes it. */
const MODE_WORDS: Readonly<Record<string, 'chmod' | 'chown'>> = {
  chmod: 'chmod', permission: 'chmod', permissions: 'chmod', perms: 'chmod', mode: 'chmod', chown: 'chown', owner: 'chown', ownership: 'chown',
};
const MODE_FIELDS: Readonly<Record<'chmod' | 'chown', readonly string[]>> = {
  chmod: ['mode', 'permissions', 'perms', 'chmod', 'file_mode', 'fileMode'],
  chown: ['owner', 'user', 'uid', 'chown'],
};
const PATH_FIELDS = ['path', 'paths', 'file', 'files', 'file_path', 'filePath', 'target', 'directory', 'dir'];

/** The `chmod [-R] MODE PATH…` (or `chown`) line the input stands for, or null. */
export function modeCommandLine(name: string, input: Record<string, unknown>): string | null {
  const program = nameWords(name).map((w) => MODE_WORDS[w]).find((p) => p !== undefined);
  if (program === undefined) return null;
  const raw = MODE_FIELDS[program].map((f) => input[f]).find((v) => typeof v === 'string' || typeof v === 'number');
  if (raw === undefined) return null;
  // A mode given as a number is octal as written (`493` from JSON is 0755 only if the client converted it: keep the digits).
  const mode = String(raw);
  const paths = PATH_FIELDS.flatMap((f) => {
    const v = input[f];
    return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
  });
  if (paths.length === 0) return null;
  const recursive = input.recursive === true || input.recursive === 'true' ? ['-R'] : [];
  return [program, ...recursive, mode, ...paths].map(shellQuote).join(' ');
}

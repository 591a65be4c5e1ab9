/**
 * Builtins that set what later words expand to: positional parameters (set, shift), variables
 * read from stdin (read, mapfile) and aliases.
 */
import type { Builtin } from './types.js';
import { printedItems } from '../knowledge/listings.js';
import { HASHED, isNamerefOption, setNameref } from '../namerefs.js';

const set: Builtin = (_host, { entry, words, frame }) => {
  // `set -- a b c` (or `set a b c`) replaces the positional parameters.
  if (entry.args[0] === '--' || (entry.args.length > 0 && !/^[-+]/.test(entry.args[0]))) {
    const values = entry.args[0] === '--' ? entry.args.slice(1) : entry.args;
    frame.positional = words.slice(1).some((w) => w.dynamic) ? null : [frame.positional?.[0] ?? 'bash', ...values];
  }
};

const shift: Builtin = (_host, { entry, frame }) => {
  if (frame.positional === null) return;
  const n = entry.args.length > 0 ? Number(entry.args[0]) : 1;
  frame.positional = Number.isInteger(n) && n >= 0 ? [frame.positional[0], ...frame.positional.slice(1 + n)] : null;
};

const mapfile: Builtin = (_host, { entry, pending, frame }) => {
  const target = entry.operands[entry.operands.length - 1] ?? 'MAPFILE';
  const text = pending.stdin?.text ?? null;
  // A listing (`mapfile -t a < <(ls ~)`): its globs stand for the lines, as the lister prints them.
  const listing = pending.stdin?.listing ?? null;
  const lines = text === null ? (listing === null ? null : [...printedItems(listing)]) : text.replace(/\n$/, '').split('\n');
  frame.vars.set(`${target}[@]`, lines === null ? null : lines.join('\0'));
  frame.vars.set(target, lines === null ? null : (lines[0] ?? ''));
};

// `\export HOME=/x`, `e\xport …`, `FOO=1 export …`: bash runs the declaration builtin, but
// tree-sitter reads a plain command with words; what it assigns is what later words expand to,
// as for a declaration it parsed (`~` after `\export HOME=/srv/x` is /srv/x).
const declare: Builtin = (_host, { entry, words, frame }) => {
  // `\declare -n R=N`: R becomes a nameref (namerefs.ts); export and readonly make none.
  const nameref = entry.name !== 'export' && entry.name !== 'readonly' && entry.args.some(isNamerefOption);
  entry.args.forEach((arg, i) => {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
    const value = words[i + 1]?.dynamic ? null : (assignment?.[2] ?? null);
    if (assignment && nameref) setNameref(frame.vars, assignment[1]!, value);
    else if (assignment) frame.vars.set(assignment[1]!, value);
    else if (nameref && /^[A-Za-z_][A-Za-z0-9_]*$/.test(arg)) setNameref(frame.vars, arg, null);
  });
};

/** `hash -p PATH NAME…`: each NAME runs PATH from now on; `hash -r` forgets every name. */
const hash: Builtin = (_host, { entry, words, frame }) => {
  if (entry.args.includes('-r')) for (const key of [...frame.vars.keys()]) if (key.startsWith(HASHED)) frame.vars.delete(key);
  const at = entry.args.indexOf('-p');
  if (at === -1 || at + 1 >= entry.args.length) return;
  const path = words[at + 2]?.dynamic ? null : entry.args[at + 1]!;
  for (const name of entry.args.slice(at + 2)) if (!name.startsWith('-')) frame.vars.set(HASHED + name, path);
};

export const VARIABLES: Record<string, Builtin> = {
  hash,
  set,
  export: declare,
  declare,
  typeset: declare,
  readonly: declare,
  local: declare,
  shift,
  read: (host, { entry, frame, pending }) => host.read(entry, frame, pending.stdin),
  mapfile,
  readarray: mapfile,
  alias: (host, { entry, frame, slot }) => host.defineAliases(entry, frame, slot),
  // A non-interactive bash expands aliases only after `shopt -s expand_aliases`.
  shopt: (host, { entry }) => {
    if (entry.args.includes('-s') && entry.args.includes('expand_aliases')) host.expandAliases = true;
  },
};

/**
 * Programs that print paths: what they list when their output is not known statically.
 *
 * `ls -d ~/* | xargs rm -rf`, `find ~ -maxdepth 1 | xargs rm -rf`, `git ls-files '*.proto' |
 * xargs rm -f`, `while read f; do rm -rf "$f"; done < <(ls ~)`, `rm -rf $(find ~ -name x)`:
 * the names the deleter gets are unknown, but the folder they come from is not. A listing is
 * stated as the glob of what it prints (`/home/dev/*`, `./**\/*.proto`): a listing that walks
 * the tree is written with `**` (a delete of it spans the tree: a recursive delete), one that
 * lists a folder's entries with `*`. The words stand in for the items wherever the output goes
 * (xargs' appended or replaced operands, `read`'s variable, a command substitution), so every
 * rule over the consumer's effects (delete, chmod, move, write) judges the listed folder.
 *
 * Data only: adding a lister is adding an entry.
 */
import { scanOptions, type OptionSpec } from '../options.js';
import { parseArgs } from './args.js';

export interface Lister {
  /** Subcommand words that make the program a lister (git's `ls-files`, `diff --name-only` needs `flags`). */
  sub?: readonly string[];
  /** Option words of which one must be present (`grep -l`, `git diff --name-only`). */
  flags?: readonly string[];
  options?: OptionSpec;
  /**
   * Where the listed paths are: `operands` (each operand a root: ls, find), `after_pattern`
   * (the first operand is a pattern, the rest roots: grep, fd), `pathspecs` (operands are
   * name patterns inside the working tree: git ls-files), `tree` (the working tree, operands are
   * revisions: git diff --name-only), `everywhere` (the whole file system: locate).
   */
  roots: 'operands' | 'after_pattern' | 'pathspecs' | 'tree' | 'everywhere';
  /** Arguments read as find's (roots, then primaries). */
  find_syntax?: boolean;
  /** Root when none is given. */
  default_root?: string;
  /** Walks the tree under each root (find, git ls-files, grep -r) rather than listing its entries. */
  recursive?: boolean;
  /** Flags that make it walk the tree (`ls -R`, `grep -r`). */
  recursive_flags?: readonly string[];
  /** Flags that make it print the roots themselves, not their entries (`ls -d`). */
  self_flags?: readonly string[];
  /** Options whose value is a name pattern the items match (`find -name '*.pyc'`, `fd -e pyc`: `*.pyc`). */
  name_options?: Readonly<Record<string, 'glob' | 'extension'>>;
  /** find's `-maxdepth 0|1`: only the roots and their entries. */
  depth_option?: string;
  /**
   * Prints the entries of a folder operand as bare names, relative to that folder (`ls ~`
   * prints `.bashrc`, not `/home/dev/.bashrc`), where find and grep print the root joined.
   */
  prints_names?: boolean;
}

/**
 * The glob words standing for a listing's items as paths (`/home/dev/*`: what a deleter fed
 * those items reaches), and, where the lister prints names relative to the folder it lists,
 * the text it prints (`*`): a loop that joins the folder again (`ls ~ | while read f; do rm
 * -rf ~/"$f"`) gets the names, as bash passes them, not the folder twice.
 */
export type Listing = string[] & { printed?: readonly string[] };

/** What each item of a listing is as the lister prints it (the bare names of `ls DIR`, else the paths). */
export function printedItems(listing: readonly string[]): readonly string[] {
  return (listing as Listing).printed ?? listing;
}

const LS_OPTIONS: OptionSpec = { short: 'ITw', long: ['ignore', 'hide', 'tabsize', 'width', 'format', 'sort', 'time', 'time-style', 'color', 'block-size', 'indicator-style', 'quoting-style'] };

export const LISTERS: Readonly<Record<string, readonly Lister[]>> = {
  ls: [{ options: LS_OPTIONS, roots: 'operands', default_root: '.', recursive_flags: ['R', '--recursive'], self_flags: ['d', '--directory'], prints_names: true }],
  dir: [{ options: LS_OPTIONS, roots: 'operands', default_root: '.', recursive_flags: ['R', '--recursive'], self_flags: ['d', '--directory'], prints_names: true }],
  find: [{ find_syntax: true, roots: 'operands', default_root: '.', recursive: true, name_options: { name: 'glob', iname: 'glob' }, depth_option: 'maxdepth' }],
  fd: [{ options: { short: 'etdEcjx', long: ['extension', 'type', 'max-depth', 'exclude', 'color', 'threads', 'exec', 'exec-batch', 'base-directory', 'search-path'] }, roots: 'after_pattern', default_root: '.', recursive: true, name_options: { e: 'extension', '--extension': 'extension' } }],
  fdfind: [{ options: { short: 'etdEcjx', long: ['extension', 'type', 'max-depth', 'exclude', 'color', 'threads', 'exec', 'exec-batch', 'base-directory', 'search-path'] }, roots: 'after_pattern', default_root: '.', recursive: true, name_options: { e: 'extension', '--extension': 'extension' } }],
  git: [
    { sub: ['ls-files'], options: { short: 'x', long: ['exclude', 'exclude-from', 'exclude-per-directory', 'format', 'with-tree'] }, roots: 'pathspecs', default_root: '.', recursive: true },
    { sub: ['diff', 'show', 'log'], flags: ['--name-only', '--name-status'], roots: 'tree', default_root: '.', recursive: true },
    { sub: ['status'], flags: ['s', '--short', '--porcelain'], roots: 'tree', default_root: '.', recursive: true },
    { sub: ['ls-tree'], flags: ['--name-only', '--name-status'], roots: 'tree', default_root: '.', recursive: true },
    { sub: ['grep'], flags: ['l', '--files-with-matches', '--name-only', 'L', '--files-without-match'], roots: 'tree', default_root: '.', recursive: true },
  ],
  grep: [{ flags: ['l', 'L', '--files-with-matches', '--files-without-match'], options: { short: 'efABCmd', long: ['regexp', 'file', 'include', 'exclude', 'exclude-dir', 'max-count'] }, roots: 'after_pattern', default_root: '.', recursive_flags: ['r', 'R', '--recursive', '--dereference-recursive'] }],
  rg: [
    { flags: ['l', '--files-with-matches', '--files-without-match'], options: { short: 'efgtTABCEjmM', long: ['regexp', 'file', 'glob', 'type', 'type-not', 'max-count', 'replace'] }, roots: 'after_pattern', default_root: '.', recursive: true },
    { flags: ['--files'], options: { short: 'gtT', long: ['glob', 'type', 'type-not'] }, roots: 'operands', default_root: '.', recursive: true },
  ],
  locate: [{ options: { short: 'dln', long: ['database', 'limit'] }, roots: 'everywhere', recursive: true }],
  plocate: [{ options: { short: 'dln', long: ['database', 'limit'] }, roots: 'everywhere', recursive: true }],
  mlocate: [{ options: { short: 'dln', long: ['database', 'limit'] }, roots: 'everywhere', recursive: true }],
};

/**
 * Filters that pass some of the lines they read on, each still a path or a field of one
 * (`ls ~ | grep -v keep | xargs rm -rf`, `git status --porcelain | awk '{print $2}' | xargs rm`):
 * a listing piped through them is still that listing.
 */
export const LINE_FILTERS: ReadonlySet<string> = new Set([
  'cat', 'tac', 'head', 'tail', 'sort', 'uniq', 'shuf', 'grep', 'egrep', 'fgrep', 'rg', 'sed', 'gsed', 'awk', 'gawk', 'mawk', 'nawk',
  'cut', 'tr', 'tee', 'column', 'xargs',
]);

/** Globs in a word (a root written `~/*` is its own list). */
const GLOB = /[*?[]/;

function join(root: string, rest: string): string {
  return `${root.replace(/\/+$/, '') || (root.startsWith('/') ? '' : '.')}/${rest}`;
}

/** Flags and option values of a command line read with a lister's option spec; options anywhere. */
function readLine(args: readonly string[], spec: OptionSpec | undefined): { flags: Set<string>; values: Map<string, string[]>; operands: string[] } {
  return parseArgs('', args, { options: spec ?? {}, options_anywhere: true, rules: [] });
}

/**
 * The glob words standing for what `name args` prints, or null when it is no lister. Relative
 * words stay relative (they resolve against the consumer's directory, as the printed names do).
 */
export function listingOf(name: string, args: readonly string[]): Listing | null {
  const entries = LISTERS[name];
  if (entries === undefined) return null;
  for (const lister of entries) {
    if (lister.sub !== undefined) {
      // git's own options before the subcommand (`git -C dir ls-files`): a -C folder is the root.
      const global = scanOptions(['git', ...args], 1, { short: 'Cc', long: ['git-dir', 'work-tree', 'namespace', 'exec-path', 'config-env'] });
      const sub = args[global.next - 1];
      if (sub === undefined || !lister.sub.includes(sub)) continue;
      const folder = global.options.filter((o) => o.flag === 'C').map((o) => o.value).pop();
      const listed = listWith(lister, args.slice(global.next));
      if (listed === null) continue;
      return folder == null ? listed : listed.map((w) => (w.startsWith('/') ? w : join(folder, w.replace(/^\.\//, ''))));
    }
    const listed = listWith(lister, args);
    if (listed !== null) return listed;
  }
  return null;
}

function listWith(lister: Lister, args: readonly string[]): Listing | null {
  const parsed = lister.find_syntax === true ? parseArgs('find', args, undefined) : readLine(args, lister.options);
  if (lister.flags !== undefined && !lister.flags.some((f) => parsed.flags.has(f))) return null;
  let roots: string[];
  let pattern: string | null = null;
  switch (lister.roots) {
    case 'operands':
      roots = parsed.operands;
      break;
    case 'after_pattern':
      roots = parsed.operands.slice(1);
      // fd's pattern matches names: a plain word is that name (`fd node_modules`); `.` matches all.
      if (lister.name_options !== undefined && /^[\w-][\w.-]*$/.test(parsed.operands[0] ?? '')) pattern = parsed.operands[0]!;
      if (parsed.values.has('e') && lister.name_options === undefined) roots = parsed.operands; // grep -e PAT: every operand is a root
      break;
    case 'pathspecs':
      roots = [];
      pattern = parsed.operands.filter((o) => o !== '--' && !o.startsWith(':'))[0] ?? null;
      break;
    case 'tree':
      roots = [];
      break;
    case 'everywhere':
      // locate NAME: files anywhere whose path holds the name.
      roots = ['/'];
      pattern = parsed.operands[0] ?? null;
      break;
  }
  if (roots.length === 0) roots = [lister.default_root ?? '.'];
  for (const [option, kind] of Object.entries(lister.name_options ?? {})) {
    const value = parsed.values.get(option)?.[0];
    if (value !== undefined) pattern = kind === 'extension' ? `*.${value.replace(/^\./, '')}` : value;
  }
  if (pattern !== null && pattern.includes('/')) {
    // A pathspec with a folder (`src/*.proto`): that folder is the root.
    const cut = pattern.lastIndexOf('/');
    roots = [join(roots[0], pattern.slice(0, cut))];
    pattern = pattern.slice(cut + 1) || null;
  }
  const depth = lister.depth_option !== undefined ? Number(parsed.values.get(lister.depth_option)?.[0]) : NaN;
  const recursive = (lister.recursive === true && !(depth >= 0 && depth <= 1)) || (lister.recursive_flags ?? []).some((f) => parsed.flags.has(f));
  const self = (lister.self_flags ?? []).some((f) => parsed.flags.has(f));
  const listing: Listing = roots.map((root) => {
    if (self || (GLOB.test(root) && !recursive)) return root;
    return join(root, recursive ? `**/${pattern ?? '*'}` : (pattern ?? '*'));
  });
  // One folder's entries (not `-d`, not `-R`, not a glob operand, whose matches ls prints as given): bare names.
  if (lister.prints_names === true && roots.length === 1 && !self && !recursive && !GLOB.test(roots[0]!)) listing.printed = [pattern ?? '*'];
  return listing;
}

/**
 * Path facts: where a path written in a tool call lands once `~`, `$HOME`, `..`, `/./`,
 * `//` and the working directory are resolved. Purely lexical: the gateway never touches
 * the disk (no symlink resolution, no existence checks), so the answer depends only on
 * the text and the context. Never throws: odd input yields a PathFact with dynamic=true.
 */
import { posix } from 'node:path';
import type { NormalizeContext, PathFact } from '../facts.js';

/** Top-level directories that belong to the operating system, not to a user or project. */
const SYSTEM_TOP_DIRS = new Set([
  'etc', 'usr', 'bin', 'sbin', 'boot', 'dev', 'proc', 'sys', 'var', 'root', 'opt', 'srv',
  // macOS: /etc and /var are symlinks into /private; /System and /Library hold the OS.
  'private', 'System', 'Library',
]);

/** Longer than any real path (PATH_MAX is 4096); beyond this the text is not analysed. */
const MAX_PATH_LENGTH = 8192;

/** Variables that name the home directory or the working directory. */
const HOME_VARS = /^\$(?:HOME\b|\{HOME\})/;
const PWD_VARS = /^\$(?:PWD\b|\{PWD\})/;

/** Folders whose children are users' homes. */
const HOME_ROOTS = new Set(['/home', '/Users', '/export/home', '/var/home', '/usr/home']);

export function resolvePath(raw: string, ctx: NormalizeContext): PathFact {
  try {
    return resolveUnsafe(raw, ctx);
  } catch {
    return indeterminatePath(typeof raw === 'string' ? raw : '');
  }
}

/** A path that could not be analysed: nothing is claimed about where it lies. */
export function indeterminatePath(raw: string): PathFact {
  return outsideRoots({ raw, path: '', glob: false, dynamic: true, basename: '' });
}

/** A path that lies under no root: neither in nor at the workspace, home or system, nor `/`. */
export function outsideRoots(p: Pick<PathFact, 'raw' | 'path' | 'glob' | 'dynamic' | 'basename'>): PathFact {
  return {
    raw: p.raw,
    path: p.path,
    in_workspace: false,
    in_home: false,
    system: false,
    is_root: false,
    is_home: false,
    is_workspace: false,
    glob: p.glob,
    dynamic: p.dynamic,
    basename: p.basename,
  };
}

function resolveUnsafe(raw: string, ctx: NormalizeContext): PathFact {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_PATH_LENGTH || /[\0\n\r]/.test(raw)) {
    return indeterminatePath(typeof raw === 'string' ? raw.slice(0, MAX_PATH_LENGTH) : '');
  }
  const home = cleanAbsolute(ctx.home);
  const cwd = cleanAbsolute(ctx.cwd);
  let text = windowsDrivePath(raw) ?? raw;
  let dynamic = false;
  // Set when the start of the path is unknown: its location then cannot be claimed.
  // A drive-relative Windows path (`C:Users`, what bash leaves of an unquoted `C:\Users`) is
  // relative to a folder of that drive nobody here knows.
  let unknownRoot = /^[A-Za-z]:[^\\/]/.test(raw);

  if (text === '~' || text.startsWith('~/')) {
    if (home === null) unknownRoot = true;
    else text = home + text.slice(1);
  } else if (text === '~+' || text.startsWith('~+/')) {
    if (cwd === null) unknownRoot = true;
    else text = cwd + text.slice(2);
  } else if (text.startsWith('~')) {
    // `~user` or `~-`: another user's home or OLDPWD; the gateway cannot know them.
    const slash = text.indexOf('/');
    const user = slash === -1 ? text.slice(1) : text.slice(1, slash);
    const rest = slash === -1 ? '' : text.slice(slash);
    if (user === 'root') text = '/root' + rest;
    else if (/^[a-z_][a-z0-9_.-]*$/i.test(user) && home !== null) {
      // `~user` always names a home folder (bash expands it from the password database): the
      // context's own when it is that user's (`~dev` with home /home/dev), else another user's,
      // stated where homes live beside ours (/home/<user>, /Users/<user>), else under /home (ours
      // is /root, or a CI home such as /tmp/ci/home whose siblings are no homes). Its exact place
      // is a guess, but that it is a home is not, and a home is what the rules protect: a dynamic
      // path here would let `rm -rf ~alice` or `cat ~alice/.ssh/id_rsa` pass as an unknown target.
      const homes = posix.dirname(home);
      text = (home.endsWith(`/${user}`) ? home : posix.join(HOME_ROOTS.has(homes) ? homes : '/home', user)) + rest;
    } else unknownRoot = true;
  } else if (HOME_VARS.test(text)) {
    if (home === null) unknownRoot = true;
    else text = home + text.replace(HOME_VARS, '');
  } else if (PWD_VARS.test(text)) {
    if (cwd === null) unknownRoot = true;
    else text = cwd + text.replace(PWD_VARS, '');
  }

  // Windows drive and UNC paths: not resolvable against a POSIX cwd, so no location is claimed.
  if (/^[A-Za-z]:[\\/]|^\\\\/.test(text)) unknownRoot = true;
  if (/[$`]/.test(text)) dynamic = true;
  if (!unknownRoot && !text.startsWith('/')) {
    // Relative to a variable or substitution: the base is whatever it expands to.
    if (text.startsWith('$') || text.startsWith('`')) unknownRoot = true;
    else if (cwd === null) unknownRoot = true;
    else text = cwd + '/' + text;
  }
  if (unknownRoot) {
    const fact = indeterminatePath(raw);
    fact.path = raw;
    fact.glob = hasGlob(raw);
    fact.basename = basenameOf(posix.normalize(raw));
    return fact;
  }

  const path = normalizeAbsolute(throughProcSelf(text, cwd));
  const roots = workspaceRoots(ctx, cwd);
  return {
    raw,
    path,
    in_workspace: roots.some((root) => isInside(path, root)),
    in_home: home !== null && isInside(path, home),
    system: isSystem(path),
    is_root: path === '/',
    is_home: home !== null && path === home,
    is_workspace: roots.includes(path),
    glob: hasGlob(path),
    dynamic,
    basename: basenameOf(path),
  };
}

/**
 * `/proc/self/cwd/x` is x in the directory of the process that opens it (the command's, which
 * is the cwd), `/proc/self/root/x` is `/x` (the process's root): the same files in another
 * spelling. Unknown cwd: left as written.
 */
function throughProcSelf(text: string, cwd: string | null): string {
  // Before `..` is folded: /proc/self/cwd/.. is the cwd's parent, not /proc.
  const m = /^(?:\/+\.?)*\/+proc(?:\/+\.?)*\/+(?:self|thread-self)(?:\/+\.?)*\/+(cwd|root)(?=\/|$)/.exec(text);
  if (m === null) return text;
  const rest = text.slice(m[0].length);
  if (m[1] === 'root') return rest === '' ? '/' : rest;
  return cwd === null ? text : cwd + rest;
}

/** `path` is `root` or below it. */
export function isInside(path: string, root: string): boolean {
  if (root === '/') return path.startsWith('/');
  return path === root || path.startsWith(root + '/');
}

function isSystem(path: string): boolean {
  if (path === '/') return true;
  const top = path.split('/')[1] ?? '';
  return SYSTEM_TOP_DIRS.has(top) || /^lib(?:32|64|x32)?$/.test(top);
}

function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

function basenameOf(path: string): string {
  return path === '/' ? '' : posix.basename(path);
}

/** Collapse `.`, `..`, `//` and trailing slashes; `..` above `/` stays at `/`. */
function normalizeAbsolute(path: string): string {
  const out = posix.normalize(path);
  return out.length > 1 && out.endsWith('/') ? out.slice(0, -1) : out;
}

/** A context directory usable as a base: absolute, normalized; null when unusable. */
function cleanAbsolute(dir: unknown): string | null {
  if (typeof dir !== 'string' || !dir.startsWith('/') || /[\0\n\r$`]/.test(dir) || dir.length > MAX_PATH_LENGTH) {
    return null;
  }
  return normalizeAbsolute(dir);
}

function workspaceRoots(ctx: NormalizeContext, cwd: string | null): string[] {
  const configured = Array.isArray(ctx.workspace_roots) ? ctx.workspace_roots : [];
  const roots = configured.map(cleanAbsolute).filter((root): root is string => root !== null);
  if (roots.length === 0 && cwd !== null) roots.push(cwd);
  return roots;
}

/**
 * A Windows drive path (`C:\\Users\\dev`, `c:/tmp`) where WSL mounts the drive (`/mnt/c/…`):
 * the Windows tools an agent reaches from WSL (cmd.exe, reg.exe, powershell.exe) name files so,
 * and the files are those under the mount. null for anything else.
 */
export function windowsDrivePath(raw: string): string | null {
  const m = /^([A-Za-z]):(?:[\\/](.*))?$/s.exec(raw);
  if (m === null) return null;
  return `/mnt/${m[1]!.toLowerCase()}/${(m[2] ?? '').replace(/\\/g, '/')}`.replace(/\/+$/, '') || '/';
}

/**
 * Whether a word (a shell operand, a string value in a tool input) reads as a file path.
 * It errs towards yes for anything with a slash, a home prefix or a file-like name,
 * and says no to flags, URLs, `host:path` remotes and text with line breaks.
 */
export function isPathLike(word: string): boolean {
  if (typeof word !== 'string' || word === '' || word.length > MAX_PATH_LENGTH) return false;
  if (/[\0\n\r]/.test(word) || word.startsWith('-')) return false;
  if (word === '.' || word === '..' || word === '~' || word === '/') return true;
  if (word.startsWith('/') || word.startsWith('./') || word.startsWith('../') || word.startsWith('~')) return true;
  if (HOME_VARS.test(word) || PWD_VARS.test(word)) return true;
  if (/^[A-Za-z]:[\\/]/.test(word)) return true;
  const slash = word.indexOf('/');
  // `scheme:`, `host:path`, `C:` before any slash: a URL or a remote, not a local path.
  const colon = word.indexOf(':');
  if (colon !== -1 && (slash === -1 || colon < slash)) return false;
  if (/\s/.test(word) && !word.includes('/')) return false;
  if (slash !== -1) return !/\s/.test(word.slice(0, slash));
  // Dotfiles (.env, .bashrc, .ssh) and file names with an extension (id_rsa.pub, main.ts).
  if (/^\.[A-Za-z0-9_][\w.@+-]*$/.test(word)) return true;
  // Domain names (`example.com`, `api.openai.io`) read like file names but name hosts.
  if (/\.(?:com|org|net|io|ai|dev|co|gov|edu|info|biz|cloud)$/i.test(word) && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(word)) return false;
  // Globs over file names (`*.ts`, `id_*`, `?.log`).
  if (/[*?]/.test(word) && /^[\w.@+*?-]+$/.test(word)) return true;
  return /^[\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(word);
}

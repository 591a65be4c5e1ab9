/**
 * Programs that run the content of files: scripts given to shells and interpreters, and the
 * build and test runners that run recipes from files in the cwd (Makefile, package.json,
 * justfile, conftest.py…). Two readers share this table: the bash analyzer, which runs a file
 * written earlier in the same command line (`cat > Makefile <<EOF … EOF; make`), and the
 * session ledger (src/session/ledger.ts), which does the same across calls.
 */
import path from 'node:path';

/** Commands whose path operands are scripts they run (`bash x.sh`, `source x`, `python x.py`). */
export const SCRIPT_RUNNERS: ReadonlySet<string> = new Set([
  'bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'source', '.', 'python', 'python2', 'python3', 'pypy3', 'node', 'nodejs',
  'deno', 'bun', 'tsx', 'ts-node', 'ruby', 'perl', 'php', 'lua', 'Rscript', 'awk', 'make', 'gmake', 'just', 'pytest',
]);

/** Build and test runners, and the files in the cwd whose content they run. */
export const BUILD_FILES: Readonly<Record<string, readonly string[]>> = {
  make: ['Makefile', 'makefile', 'GNUmakefile'],
  gmake: ['Makefile', 'makefile', 'GNUmakefile'],
  just: ['justfile', 'Justfile', '.justfile'],
  npm: ['package.json'],
  pnpm: ['package.json'],
  yarn: ['package.json'],
  bun: ['package.json'],
  npx: ['package.json'],
  pytest: ['conftest.py', 'pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini'],
  tox: ['tox.ini'],
  rake: ['Rakefile'],
};

/** Options that name the build file instead of the default one (`make -f x.mk`, `just --justfile j`). */
export const BUILD_FILE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  make: ['-f', '--file', '--makefile'],
  gmake: ['-f', '--file', '--makefile'],
  just: ['-f', '--justfile'],
  rake: ['-f', '--rakefile'],
};

/** pytest also loads every conftest.py under the folders it collects. */
export const NESTED_BUILD_FILES: Readonly<Record<string, readonly string[]>> = { pytest: ['conftest.py'] };

/** How a file's content runs, by name: the command that stands for running it. */
const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.py': 'python3', '.js': 'node', '.mjs': 'node', '.cjs': 'node', '.ts': 'node', '.rb': 'ruby', '.pl': 'perl', '.php': 'php',
};
const SHEBANG_LANGUAGES: Array<[RegExp, string]> = [
  [/python/, 'python3'], [/node|deno|bun/, 'node'], [/ruby/, 'ruby'], [/perl/, 'perl'], [/php/, 'php'],
];
const INLINE_FLAG: Record<string, string> = { python3: '-c', node: '-e', ruby: '-e', perl: '-e', php: '-r' };

/** `'…'` quoting for putting content in a command line. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The build files a runner reads in `cwd`, given its argv (a `-f FILE` option replaces the defaults). */
export function buildFilesOf(name: string, argv: readonly string[], cwd: string): string[] {
  const defaults = BUILD_FILES[name];
  if (!defaults) return [];
  const options = BUILD_FILE_OPTIONS[name] ?? [];
  const named: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i];
    for (const option of options) {
      if (word === option && i + 1 < argv.length) named.push(argv[i + 1]);
      else if (option.startsWith('--') && word.startsWith(option + '=')) named.push(word.slice(option.length + 1));
      else if (!option.startsWith('--') && word.startsWith(option) && word.length > option.length) named.push(word.slice(option.length));
    }
  }
  return (named.length > 0 ? named : defaults).map((file) => path.resolve(cwd, file));
}

/**
 * The shell script that stands for running a file with this content: the content itself for a
 * shell script, `python3 -c '<content>'` for Python, the recipes of a Makefile or justfile, the
 * scripts of a package.json, `python3 -c` of a conftest.py. The policy judges it like any bash call.
 */
export function asRunScript(file: string, content: string): string {
  const base = path.basename(file);
  if (base === 'package.json') {
    try {
      const scripts = (JSON.parse(content) as { scripts?: Record<string, unknown> }).scripts ?? {};
      return Object.values(scripts).filter((v): v is string => typeof v === 'string').join('\n');
    } catch {
      return content;
    }
  }
  if (/^(GNUmakefile|makefile|Makefile|.*\.mk)$/.test(base) || /^\.?[jJ]ustfile$/.test(base)) {
    // Recipe lines: indented; make's @ and - prefixes are not part of the command.
    return content
      .split('\n')
      .filter((line) => /^[\t ]+\S/.test(line))
      .map((line) => line.trim().replace(/^[@-]+/, ''))
      .join('\n');
  }
  const shebang = /^#!([^\n]*)/.exec(content)?.[1] ?? '';
  const language = SHEBANG_LANGUAGES.find(([pattern]) => pattern.test(shebang))?.[1] ?? (shebang ? null : LANGUAGE_BY_EXTENSION[path.extname(base)]);
  return language ? `${language} ${INLINE_FLAG[language]} ${quote(content)}` : content;
}

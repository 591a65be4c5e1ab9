/**
 * Programs that run the content of files: scripts given to shells and interpreters, and the
 * build and test runners that run recipes from files in the cwd (Makefile, package.json,
 * justfile, conftest.py…). Two readers share this table: the bash analyzer, which runs a file
 * written earlier in the same command line (`cat > Makefile <<EOF … EOF; make`), and the
 * session ledger (src/session/ledger.ts), which does the same across calls.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

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

/** A command line that runs `code` of `language` (python3, node, ruby, perl, php) as inline code. */
export function inlineCodeLine(language: string, code: string): string {
  return `${language} ${INLINE_FLAG[language] ?? '-c'} ${quote(code)}`;
}

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
  // A run file of a known format (RUN_FILE_FORMATS below) runs what it stores.
  if (isRunFile(file)) return storedCode(file, content).map(storedCommandLine).join('\n');
  const base = path.basename(file);
  const shebang = /^#!([^\n]*)/.exec(content)?.[1] ?? '';
  const language = SHEBANG_LANGUAGES.find(([pattern]) => pattern.test(shebang))?.[1] ?? (shebang ? null : LANGUAGE_BY_EXTENSION[path.extname(base)]);
  return language ? inlineCodeLine(language, content) : content;
}

/**
 * Code a run file stores: what runs when the file's runner runs it later. `bash` is a command
 * line for the bash producer, `python` is Python source (setup.py, conftest.py, noxfile.py).
 */
export interface StoredCode {
  language: 'bash' | 'python';
  code: string;
}

/** One kind of run file: which paths it is, and how its stored code is read from content. */
interface RunFileFormat {
  name: string;
  /** Tested against the path with `/` separators. */
  path: RegExp;
  read: (content: string) => StoredCode[];
}

const bash = (lines: readonly string[]): StoredCode[] => lines.filter((l) => l.trim() !== '').map((code) => ({ language: 'bash', code }));

/** A JSON document, or null (never throws: unparseable content is judged by its path as before). */
function jsonOf(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return null;
  }
}

/** A YAML document, or null. Edits give a fragment, which often still parses; what does not is read by lines. */
function yamlOf(content: string): unknown {
  try {
    return parseYaml(content, { maxAliasCount: 100, uniqueKeys: false }) as unknown;
  } catch {
    return null;
  }
}

/** Every string value under the given keys, anywhere in a parsed document (CI steps nest deeply). */
function valuesUnder(doc: unknown, keys: ReadonlySet<string>, depth = 0, out: string[] = []): string[] {
  if (depth > 32 || doc === null || typeof doc !== 'object') return out;
  for (const [key, value] of Array.isArray(doc) ? doc.entries() : Object.entries(doc as Record<string, unknown>)) {
    if (typeof key === 'string' && keys.has(key)) {
      if (typeof value === 'string') out.push(value);
      else if (Array.isArray(value)) out.push(value.filter((v): v is string => typeof v === 'string').join('\n'));
    }
    valuesUnder(value, keys, depth + 1, out);
  }
  return out;
}

/** `key: value` lines of a YAML fragment that did not parse (`- run: curl … | bash` added by an Edit). */
function yamlLines(content: string, keys: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const pattern = /^([\s-]*)([\w.-]+)\s*:\s*(.+)$/;
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = pattern.exec(lines[i]);
    if (!m || !keys.has(m[2])) continue;
    const value = m[3].trim();
    if (!/^[|>]/.test(value)) {
      out.push(value.replace(/^(['"])(.*)\1$/, '$2'));
      continue;
    }
    // A block scalar (`run: |`): the lines indented past the key are the command lines.
    const block: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || indentOf(lines[i + 1]) > m[1].length)) block.push(lines[++i].trim());
    out.push(block.join('\n'));
  }
  return out;
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

/** Commands stored under these YAML keys: parsed when the content parses, else read by lines. */
function yamlCommands(keys: readonly string[]): (content: string) => StoredCode[] {
  const set = new Set(keys);
  return (content) => {
    const doc = yamlOf(content);
    return bash(doc !== null && typeof doc === 'object' ? valuesUnder(doc, set) : yamlLines(content, set));
  };
}

/**
 * Recipe lines of a Makefile or justfile: indented; make's @ and - prefixes are not part of the
 * command. make expands `$(NAME)` and `${NAME}` (the environment's variables among them) and
 * turns `$$` into `$` before the shell sees the line.
 */
const RULE_WITH_RECIPE = /^[^\t#=]*::?[^=;]*;(.*)$/;

/** `all: deps ; cmd` as the indented recipe line it stands for; other lines as they are. */
function inlineRecipe(line: string): string {
  if (/^[\t ]/.test(line)) return line;
  const m = RULE_WITH_RECIPE.exec(line);
  return m !== null ? `\t${m[1]}` : line;
}

function recipes(content: string): StoredCode[] {
  return bash(
    content
      .split('\n')
      // A recipe on the rule's own line follows a `;` (`all: deps ; cmd`).
      .map(inlineRecipe)
      .filter((line) => /^[\t ]+\S/.test(line))
      .map((line) => line.trim().replace(/^[@-]+/, '').replace(/\$(?:\$|\(([A-Za-z_][A-Za-z0-9_]*)\))/g, (_, name?: string) => (name === undefined ? '$' : `\${${name}}`))),
  );
}

/** package.json `scripts` values; an Edit's fragment (`"postinstall": "…"`) is read by its string pairs. */
function packageScripts(content: string): StoredCode[] {
  const doc = jsonOf(content);
  if (doc !== null && typeof doc === 'object') {
    const scripts = (doc as { scripts?: unknown }).scripts;
    if (scripts === null || typeof scripts !== 'object') return [];
    return bash(Object.values(scripts).filter((v): v is string => typeof v === 'string'));
  }
  return bash([...content.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => jsonString(m[2])));
}

function jsonString(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}

/** .vscode/tasks.json: each task's `command` with its `args`. */
function vscodeTasks(content: string): StoredCode[] {
  const doc = jsonOf(content.replace(/^\s*\/\/.*$/gm, ''));
  if (doc === null || typeof doc !== 'object') return bash([...content.matchAll(/"command"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => jsonString(m[1])));
  return bash(valuesUnder(doc, new Set(['command'])));
}

/** tox.ini `commands =` (and commands_pre/post) with their indented continuation lines. */
function toxCommands(content: string): StoredCode[] {
  const out: string[] = [];
  let inside = false;
  for (const line of content.split('\n')) {
    const start = /^\s*(?:commands(?:_pre|_post)?|allowlist_externals)\s*=\s*(.*)$/.exec(line);
    if (start) {
      inside = !/allowlist/.test(line);
      if (inside) out.push(start[1]);
    } else if (inside && /^[\t ]+\S/.test(line)) out.push(line.trim());
    else inside = false;
  }
  return bash(out);
}

/** Dockerfile RUN lines (shell form, with backslash continuations; exec form as its words). */
function dockerRuns(content: string): StoredCode[] {
  const out: string[] = [];
  const joined = content.replace(/\\\r?\n/g, ' ');
  for (const m of joined.matchAll(/^\s*RUN\s+(?:--\S+\s+)*(.+)$/gim)) {
    const body = m[1].trim();
    const exec = body.startsWith('[') ? jsonOf(body) : null;
    out.push(Array.isArray(exec) ? exec.filter((w): w is string => typeof w === 'string').map(quote).join(' ') : body);
  }
  return bash(out);
}

/**
 * Keys of a git config file whose value git runs as a command line (an alias only when it starts
 * with `!`; the rest always): the pager, ssh, fsmonitor, editor, diff and merge drivers, filters
 * (smudge runs at checkout), credential helpers.
 */
const GIT_COMMAND_KEYS = new Set(['pager', 'sshcommand', 'fsmonitor', 'editor', 'askpass', 'external', 'textconv', 'clean', 'smudge', 'process', 'cmd', 'driver', 'command', 'helper', 'sequenceeditor']);

function gitConfigCommands(content: string): StoredCode[] {
  const out: string[] = [];
  let section = '';
  for (const line of content.split('\n')) {
    const header = /^\s*\[\s*([A-Za-z0-9.-]+)/.exec(line);
    if (header) {
      section = header[1]!.toLowerCase();
      continue;
    }
    const entry = /^\s*([A-Za-z0-9-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!entry) continue;
    const key = entry[1]!.toLowerCase();
    const value = entry[2]!.replace(/^"(.*)"$/, '$1');
    if (section === 'alias') {
      if (value.startsWith('!')) out.push(value.slice(1));
    } else if (section === 'pager' || GIT_COMMAND_KEYS.has(key)) out.push(value.startsWith('!') ? value.slice(1) : value);
  }
  return bash(out);
}

/** The string literals of an argument list: `'a', "b"` or `["a", "b"]` (Groovy, Kotlin, Rust, CMake). */
function literals(list: string): string[] {
  return [...list.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** An argv as a command line the bash producer reads word for word. */
const argvLine = (argv: readonly string[]): string => argv.map(quote).join(' ');

/**
 * Code a build tool fetches and runs while it builds, as the command line with the same effect:
 * running what a URL serves (`curl -fsSL URL | sh` stands for it whatever the language: the
 * effect is fetched code run).
 */
const fetchedRun = (url: string): string => `curl -fsSL ${quote(url)} | sh`;

/**
 * Gradle build and settings scripts (Groovy or Kotlin), evaluated by every `gradle` run and by
 * IDEs on import: a script applied from a URL (`apply from: 'https://…'`, `apply(from = "…")`),
 * text fetched and evaluated (`evaluate(new URL(u).text)`), and the command lines it runs
 * (`exec { commandLine 'sh', '-c', … }`, `"…".execute()`, `ProcessBuilder("…")`).
 */
function gradleScript(content: string): StoredCode[] {
  const out: string[] = [];
  for (const m of content.matchAll(/\bapply\s*\(?\s*(?:from\s*[:=]|plugin\s*[:=]\s*[^,)]*,\s*from\s*[:=])\s*(?:uri\s*\(\s*)?["']([^"']+)["']/g)) {
    if (/^[a-z][\w+.-]*:\/\//i.test(m[1]!)) out.push(fetchedRun(m[1]!));
  }
  for (const m of content.matchAll(/\b(?:evaluate|Eval\.me|GroovyShell\(\)\.evaluate)\s*\(\s*(?:new\s+)?(?:URL|URI)\s*\(\s*["']([^"']+)["']\s*\)/g)) out.push(fetchedRun(m[1]!));
  for (const m of content.matchAll(/\bcommandLine\s*(?:\(|=\s*(?:listOf|arrayOf)?\s*[([]?)?\s*((?:["'][^"'\n]*["']\s*,?\s*)+)/g)) out.push(argvLine(literals(m[1]!)));
  for (const m of content.matchAll(/["']([^"'\n]+)["']\s*\.execute\s*\(/g)) out.push(argvLine(m[1]!.trim().split(/\s+/)));
  for (const m of content.matchAll(/\[\s*((?:["'][^"'\n]*["']\s*,?\s*)+)\]\s*\.execute\s*\(/g)) out.push(argvLine(literals(m[1]!)));
  for (const m of content.matchAll(/\bProcessBuilder\s*\(\s*(?:listOf\s*\(|Arrays\.asList\s*\()?\s*((?:["'][^"'\n]*["']\s*,?\s*)+)/g)) out.push(argvLine(literals(m[1]!)));
  for (const m of content.matchAll(/\.exec\s*\(\s*(?:arrayOf\s*\(|new\s+String\s*\[\s*\]\s*\{|\[)?\s*((?:["'][^"'\n]*["']\s*,?\s*)+)[)}\]]/g)) {
    const words = literals(m[1]!);
    out.push(argvLine(words.length === 1 ? words[0]!.trim().split(/\s+/) : words));
  }
  // Text fetched from a URL (`val s = URL("https://…").readText()`, `def s = new URL(u).text`)
  // and handed to anything that runs it (exec, commandLine, ProcessBuilder, evaluate, execute):
  // the script runs what the URL serves.
  const fetched = new Map<string, string>();
  for (const m of content.matchAll(/\b(\w+)\s*(?::\s*\w+\s*)?=\s*(?:new\s+)?(?:java\.net\.)?(?:URL|URI)\s*\(\s*["']([^"']+)["']\s*\)\s*(?:\.toURL\s*\(\s*\)\s*)?\.(?:readText|text|getText|readBytes|openStream)\b/g)) fetched.set(m[1]!, m[2]!);
  for (const m of content.matchAll(/(?:\.exec|\bcommandLine|\bProcessBuilder|\bevaluate|\bEval\.me|\bargs)\s*[(=]([^\n]*)|(\w+)\s*\.execute\s*\(/g)) {
    const used = m[3] !== undefined ? [m[3]] : [...fetched.keys()].filter((name) => new RegExp(`\\b${name}\\b`).test(m[1] ?? ''));
    for (const name of used) if (fetched.has(name)) out.push(fetchedRun(fetched.get(name)!));
    const inline = /(?:URL|URI)\s*\(\s*["']([^"']+)["']\s*\)\s*(?:\.toURL\s*\(\s*\)\s*)?\.(?:readText|text|getText)\b/.exec(m[1] ?? '');
    if (inline !== null) out.push(fetchedRun(inline[1]!));
  }
  return bash(out);
}

/**
 * Cargo build scripts (build.rs), compiled and run by every `cargo build`: the processes they
 * start (`Command::new("sh").arg("-c").arg("…")`, `.args(["…"])`).
 */
function cargoBuildScript(content: string): StoredCode[] {
  const out: string[] = [];
  for (const m of content.matchAll(/Command::new\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)((?:\s*\.(?:arg|args|current_dir|env)\s*\((?:[^()]|\([^()]*\))*\))*)/g)) {
    const argv = [m[1]!];
    for (const a of m[2]!.matchAll(/\.(arg|args)\s*\(((?:[^()]|\([^()]*\))*)\)/g)) argv.push(...literals(a[2]!));
    out.push(argvLine(argv));
  }
  return bash(out);
}

/**
 * CMake files, run by every configure: `execute_process(COMMAND …)` runs its words, and a script
 * downloaded (`file(DOWNLOAD url path)`) then included runs what the URL served.
 */
const CMAKE_PROCESS_KEYWORDS = new Set(['WORKING_DIRECTORY', 'TIMEOUT', 'RESULT_VARIABLE', 'RESULTS_VARIABLE', 'OUTPUT_VARIABLE', 'ERROR_VARIABLE', 'INPUT_FILE', 'OUTPUT_FILE', 'ERROR_FILE', 'OUTPUT_QUIET', 'ERROR_QUIET', 'COMMAND_ECHO', 'OUTPUT_STRIP_TRAILING_WHITESPACE', 'ERROR_STRIP_TRAILING_WHITESPACE', 'ENCODING', 'ECHO_OUTPUT_VARIABLE', 'ECHO_ERROR_VARIABLE', 'COMMAND_ERROR_IS_FATAL']);

function cmakeScript(content: string): StoredCode[] {
  const out: string[] = [];
  for (const m of content.matchAll(/execute_process\s*\(([^)]*)\)/gi)) {
    for (const part of m[1]!.split(/\bCOMMAND\b/).slice(1)) {
      const argv: string[] = [];
      for (const w of part.matchAll(/"([^"]*)"|(\S+)/g)) {
        if (w[2] !== undefined && CMAKE_PROCESS_KEYWORDS.has(w[2])) break;
        argv.push(w[1] ?? w[2] ?? '');
      }
      if (argv.length > 0) out.push(argvLine(argv));
    }
  }
  const downloads = [...content.matchAll(/file\s*\(\s*DOWNLOAD\s+"?([^\s")]+)"?\s+"?([^\s")]+)"?/gi)];
  for (const d of downloads) {
    const saved = d[2]!.split('/').pop() ?? '';
    if (saved !== '' && new RegExp(`include\\s*\\([^)]*${saved.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(content)) out.push(fetchedRun(d[1]!));
  }
  return bash(out);
}

const shell = (content: string): StoredCode[] => bash([content]);
const python = (content: string): StoredCode[] => (content.trim() === '' ? [] : [{ language: 'python', code: content }]);

/**
 * The run files: a file here that a write fills is judged by what it stores, as if it ran now
 * (a stored line that fetches and runs code is denied at the write). Data: a new format is a new row.
 */
export const RUN_FILE_FORMATS: readonly RunFileFormat[] = [
  { name: 'makefile', path: /(?:^|\/)(?:GNUmakefile|makefile|Makefile|[^/]+\.mk|\.?[jJ]ustfile)$/, read: recipes },
  { name: 'package.json', path: /(?:^|\/)package\.json$/, read: packageScripts },
  { name: 'python build and test files', path: /(?:^|\/)(?:setup|conftest|noxfile)\.py$/, read: python },
  { name: 'gradle scripts', path: /(?:^|\/)(?:(?:settings|build)\.gradle(?:\.kts)?|init\.gradle(?:\.kts)?|[^/]+\.init\.gradle(?:\.kts)?)$/, read: gradleScript },
  { name: 'cargo build scripts', path: /(?:^|\/)build\.rs$/, read: cargoBuildScript },
  { name: 'cmake', path: /(?:^|\/)(?:CMakeLists\.txt|[^/]+\.cmake)$/, read: cmakeScript },
  { name: 'tox', path: /(?:^|\/)tox\.ini$/, read: toxCommands },
  { name: 'direnv', path: /(?:^|\/)\.envrc$/, read: shell },
  // Run by git itself: an alias `!…`, the pager, ssh, filters and helpers of a repository or the user.
  { name: 'git config', path: /(?:^|\/)(?:\.git\/config|\.gitconfig|\.config\/git\/config)$/, read: gitConfigCommands },
  { name: 'github actions', path: /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/, read: yamlCommands(['run']) },
  { name: 'gitlab ci', path: /(?:^|\/)\.gitlab-ci\.ya?ml$/, read: yamlCommands(['script', 'before_script', 'after_script']) },
  { name: 'pre-commit', path: /(?:^|\/)\.pre-commit-config\.ya?ml$/, read: yamlCommands(['entry']) },
  { name: 'vscode tasks', path: /(?:^|\/)\.vscode\/tasks\.json$/, read: vscodeTasks },
  { name: 'git hooks', path: /(?:^|\/)\.git\/hooks\/[^/]+$/, read: (content) => [{ language: 'bash', code: asRunScript('hook', content) }] },
  { name: 'dockerfile', path: /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.dockerfile$/, read: dockerRuns },
  // Shell start-up files kept in a project (a dotfiles repository): sourced by every new shell.
  // A plain script (scripts/install.sh) is not here: it runs only when run, and is judged then.
  { name: 'shell start-up files', path: /(?:^|\/)(?:\.bashrc|\.bash_profile|\.bash_login|\.profile|\.zshrc|\.zshenv|\.zprofile|\.kshrc)$/, read: shell },
];

function formatOf(file: string): RunFileFormat | undefined {
  const normal = file.replace(/\\/g, '/');
  return RUN_FILE_FORMATS.find((f) => f.path.test(normal));
}

/** Whether a runner runs what this file stores (a format of RUN_FILE_FORMATS). */
export function isRunFile(file: string): boolean {
  return formatOf(file) !== undefined;
}

/** The code a file of this path and content stores, or [] when the path is no run file. */
export function storedCode(file: string, content: string): StoredCode[] {
  return formatOf(file)?.read(content) ?? [];
}

/** A stored piece of code as a command line for the bash producer. */
export function storedCommandLine(stored: StoredCode): string {
  return stored.language === 'bash' ? stored.code : `python3 -c ${quote(stored.code)}`;
}

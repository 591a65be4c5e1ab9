/**
 * Code handed to an interpreter on its command line (`python -c`, `perl -e`, `node -e`,
 * `ruby -e`, `php -r`, …) or through stdin. The scan is deliberately simple (regular
 * expressions over the text): it reports what is plainly there, imports, notable calls,
 * string literals that are URLs, paths or shell command lines, and never executes it.
 */
import { scanOptions, type OptionSpec } from './options.js';

export interface InterpreterCall {
  language: string;
  /** The inline program; null when it reads a script file; 'stdin' when it reads stdin. */
  code: string | null;
  readsStdin: boolean;
  /** Modules named on the command line (`perl -MIO::Socket`, `node -r net`, `ruby -rsocket`). */
  cliImports: string[];
}

interface InterpreterSpec {
  language: string;
  options: OptionSpec;
  /** Options whose value is the program. */
  codeFlags: readonly string[];
  /** Options whose value is a module to load. */
  importFlags?: readonly string[];
  /** Options after which nothing is read from stdin or a file (python -m). */
  moduleFlags?: readonly string[];
  /** The first operand is the program (awk). */
  programOperand?: boolean;
  /** The operands after the first are the program (sqlite3 DB "SQL"…). */
  programAfterFirstOperand?: boolean;
  /** Options that name a file to run: stdin is read when neither these nor a code flag is given (psql, mysql). */
  fileFlags?: readonly string[];
  /** `--` ends the interpreter's options and the program is read from stdin (`… | php -- --install-dir=bin`). */
  stdinAfterDoubleDash?: boolean;
}

const PYTHON: InterpreterSpec = { language: 'python', options: { short: 'cmWXQ' }, codeFlags: ['c'], moduleFlags: ['m'] };
const PERL: InterpreterSpec = { language: 'perl', options: { short: 'eEMmIixlF0C' }, codeFlags: ['e', 'E'], importFlags: ['M', 'm'] };
const NODE: InterpreterSpec = {
  language: 'javascript',
  options: { short: 'eprC', long: ['eval', 'print', 'require', 'import', 'loader', 'input-type', 'conditions', 'env-file', 'title'] },
  codeFlags: ['e', 'p', '--eval', '--print'],
  importFlags: ['r', '--require', '--import'],
};
const RUBY: InterpreterSpec = { language: 'ruby', options: { short: 'erIECFx' }, codeFlags: ['e'], importFlags: ['r'] };
const PHP: InterpreterSpec = { language: 'php', options: { short: 'rdBRfEcz' }, codeFlags: ['r', 'R', 'B', 'E'], stdinAfterDoubleDash: true };
const LUA: InterpreterSpec = { language: 'lua', options: { short: 'elW' }, codeFlags: ['e'], importFlags: ['l'] };
const AWK: InterpreterSpec = { language: 'awk', options: { short: 'fvFe', long: ['file', 'assign', 'field-separator', 'source'] }, codeFlags: ['e', '--source'], programOperand: true };
const POWERSHELL: InterpreterSpec = {
  language: 'powershell',
  options: { single: ['c', 'command', 'Command', 'e', 'enc', 'EncodedCommand', 'encodedcommand', 'f', 'File', 'ExecutionPolicy', 'ep'] },
  codeFlags: ['-c', '-command', '-Command', '-e', '-enc', '-EncodedCommand', '-encodedcommand'],
};
const R: InterpreterSpec = { language: 'r', options: { short: 'e' }, codeFlags: ['e'] };
const OSASCRIPT: InterpreterSpec = { language: 'applescript', options: { short: 'els' }, codeFlags: ['e'] };
const TCL: InterpreterSpec = { language: 'tcl', options: {}, codeFlags: [] };
const ELIXIR: InterpreterSpec = { language: 'elixir', options: { short: 'er', long: ['eval', 'require', 'pa', 'pz', 'sname', 'name', 'cookie'] }, codeFlags: ['e', '--eval'] };
const GROOVY: InterpreterSpec = { language: 'groovy', options: { short: 'ecp', long: ['encoding', 'classpath'] }, codeFlags: ['e'] };
/** emacs evaluates the Lisp given to --eval (no reader here: code that reaches a risky function is unknown). */
const EMACS: InterpreterSpec = { language: 'elisp', options: { short: 'lLfu', long: ['eval', 'load', 'funcall', 'directory', 'script', 'user', 'chdir', 'execute'] }, codeFlags: ['--eval', '--execute'] };
/** rust-script runs a Rust file or the expression given to -e. */
const RUST_SCRIPT: InterpreterSpec = { language: 'rust', options: { short: 'edl', long: ['expr', 'dep', 'loop', 'features', 'toolchain'] }, codeFlags: ['e', '--expr'] };
const JULIA: InterpreterSpec = { language: 'julia', options: { short: 'eEpLJt', long: ['eval', 'print', 'load', 'project', 'threads'] }, codeFlags: ['e', 'E', '--eval', '--print'] };
// Scientific and functional-language interpreters (each manual's eval option). No producer reads
// these languages: the shell lines their shell-out calls are handed are parsed (SHELL_CALL), and
// other code reaching a risky API is indeterminate (code/index.ts).
const OCTAVE: InterpreterSpec = { language: 'octave', options: { long: ['eval', 'path', 'exec-path', 'image-path', 'info-file', 'doc-cache-file'] }, codeFlags: ['--eval'] };
const MATLAB: InterpreterSpec = { language: 'matlab', options: { single: ['batch', 'r', 'sd', 'logfile', 'useStartupFolderPref'] }, codeFlags: ['-batch', '-r'] };
const GNUPLOT: InterpreterSpec = { language: 'gnuplot', options: { short: 'ec', long: ['default-settings'] }, codeFlags: ['e'] };
const MAXIMA: InterpreterSpec = { language: 'maxima', options: { short: 'rbp', long: ['batch-string', 'run-string', 'batch', 'batch-lisp', 'preload', 'userdir', 'lisp'] }, codeFlags: ['r', '--batch-string', '--run-string'] };
const SCHEME: InterpreterSpec = { language: 'scheme', options: { short: 'celLs', long: ['eval', 'load', 'require', 'lib', 'expression'] }, codeFlags: ['c', 'e', '--eval', '--expression'] };
const LISP: InterpreterSpec = { language: 'lisp', options: { short: 'x', long: ['eval', 'load', 'script', 'core', 'dynamic-space-size'] }, codeFlags: ['x', '--eval'] };
const ERLANG: InterpreterSpec = { language: 'erlang', options: { single: ['eval', 'run', 's', 'sname', 'name', 'setcookie', 'pa', 'pz', 'config'] }, codeFlags: ['-eval'] };
const HASKELL: InterpreterSpec = { language: 'haskell', options: { short: 'ei', long: ['ghc-arg'] }, codeFlags: ['e'] };
const CLOJURE: InterpreterSpec = { language: 'clojure', options: { short: 'emMxAS', long: ['eval', 'main', 'classpath'] }, codeFlags: ['e', '--eval'] };
const RAKU: InterpreterSpec = { language: 'raku', options: { short: 'eIM', long: ['target', 'encoding'] }, codeFlags: ['e'] };
// Database clients: the SQL they are handed is read by the SQL producer (code/sql), never
// matched as command text. Options that take a value are listed so they are not taken for SQL.
const PSQL: InterpreterSpec = {
  language: 'sql',
  options: { short: 'cdfhpUvoPTFRL', long: ['command', 'dbname', 'file', 'host', 'port', 'username', 'set', 'variable', 'output', 'pset', 'log-file'] },
  codeFlags: ['c', '--command'],
  fileFlags: ['f', '--file'],
};
// `-p` is glued to its password (`-psecret`), so it takes no separate value.
const MYSQL: InterpreterSpec = {
  language: 'sql',
  options: { short: 'eDhuPS', long: ['execute', 'database', 'host', 'user', 'port', 'socket', 'defaults-file', 'login-path'] },
  codeFlags: ['e', '--execute'],
  fileFlags: [],
};
const SQLITE: InterpreterSpec = { language: 'sql', options: { single: ['cmd', 'init', 'separator', 'newline', 'nullvalue'] }, codeFlags: ['-cmd'], programAfterFirstOperand: true, fileFlags: ['-init'] };
const CLICKHOUSE: InterpreterSpec = { language: 'sql', options: { short: 'qhudp', long: ['query', 'host', 'user', 'database', 'port', 'password'] }, codeFlags: ['q', '--query'], fileFlags: ['--queries-file'] };
const DUCKDB: InterpreterSpec = { language: 'sql', options: { short: 'c', single: ['c', 'cmd'] }, codeFlags: ['c', '-c', '-cmd'], programAfterFirstOperand: true, fileFlags: ['-init'] };

export function interpreterSpec(name: string): InterpreterSpec | null {
  if (/^(?:python[0-9.]*|pypy[0-9.]*)$/.test(name)) return PYTHON;
  if (/^perl[0-9.]*$/.test(name)) return PERL;
  if (name === 'node' || name === 'nodejs' || name === 'bun') return NODE;
  if (/^ruby[0-9.]*$/.test(name)) return RUBY;
  if (/^php[0-9.]*$/.test(name)) return PHP;
  if (/^lua(?:jit|[0-9.]*)$/.test(name)) return LUA;
  if (name === 'awk' || name === 'gawk' || name === 'mawk' || name === 'nawk') return AWK;
  if (name === 'pwsh' || name === 'powershell' || name === 'powershell.exe') return POWERSHELL;
  if (name === 'Rscript' || name === 'R') return R;
  if (name === 'octave' || name === 'octave-cli') return OCTAVE;
  if (name === 'matlab') return MATLAB;
  if (name === 'gnuplot') return GNUPLOT;
  if (name === 'maxima') return MAXIMA;
  if (name === 'sage' || name === 'ipython' || name === 'ipython3' || name === 'micropython') return PYTHON;
  if (name === 'guile' || name === 'racket' || name === 'gosh' || name === 'csi' || name === 'chibi-scheme') return SCHEME;
  if (name === 'sbcl' || name === 'clisp' || name === 'ecl' || name === 'ccl') return LISP;
  if (name === 'erl') return ERLANG;
  if (name === 'ghc' || name === 'ghci') return HASKELL;
  if (name === 'clojure' || name === 'clj' || name === 'bb') return CLOJURE;
  if (name === 'raku' || name === 'perl6' || name === 'rakudo') return RAKU;
  if (name === 'osascript') return OSASCRIPT;
  if (name === 'tclsh' || name === 'wish') return TCL;
  if (name === 'julia') return JULIA;
  if (name === 'rust-script') return RUST_SCRIPT;
  if (name === 'emacs') return EMACS;
  if (name === 'elixir' || name === 'iex') return ELIXIR;
  if (name === 'groovy') return GROOVY;
  if (name === 'psql') return PSQL;
  if (name === 'mysql' || name === 'mariadb') return MYSQL;
  if (name === 'sqlite3') return SQLITE;
  if (name === 'clickhouse-client') return CLICKHOUSE;
  if (name === 'duckdb') return DUCKDB;
  return null;
}

/** A program that runs code (database clients run SQL, which is data to the shell rules: no). */
export function isInterpreter(name: string): boolean {
  const spec = interpreterSpec(name);
  return (spec !== null && spec.language !== 'sql') || name === 'deno';
}

/** What program an interpreter invocation runs. Null when `name` is no interpreter. */
export function interpreterCall(name: string, argv: string[]): InterpreterCall | null {
  if (name === 'deno') {
    // `deno eval CODE`; `deno run URL|file` runs a file.
    if (argv[1] === 'eval' && argv.length > 2) return { language: 'javascript', code: argv[argv.length - 1], readsStdin: false, cliImports: [] };
    return { language: 'javascript', code: null, readsStdin: false, cliImports: [] };
  }
  // `crystal eval CODE`: the code given to the subcommand (crystal's backticks and system() run shell lines).
  if (name === 'crystal' && argv[1] === 'eval' && argv.length > 2) return { language: 'crystal', code: argv.slice(2).filter((a) => !a.startsWith('-')).join('\n'), readsStdin: false, cliImports: [] };
  // `go run FILE.go …`, `cargo script FILE.rs` (and `cargo +nightly -Zscript FILE.rs`): the
  // file's code runs; the walk reads it when this script wrote it.
  if (name === 'go' && argv[1] === 'run') return { language: 'go', code: null, readsStdin: false, cliImports: [] };
  if (name === 'cargo' && (argv.includes('script') || argv.some((a) => a === '-Zscript')) && argv.some((a) => a.endsWith('.rs'))) return { language: 'rust', code: null, readsStdin: false, cliImports: [] };
  const spec = interpreterSpec(name);
  if (spec === null) return null;
  const scan = scanOptions(argv, 1, spec.options);
  const pieces: string[] = [];
  const cliImports: string[] = [];
  let module = false;
  for (const o of scan.options) {
    if (spec.codeFlags.includes(o.flag) && o.value !== null) pieces.push(o.value);
    if (spec.importFlags?.includes(o.flag) && o.value !== null) cliImports.push(o.value.replace(/^-/, '').split(/[=\s]/)[0]);
    if (spec.moduleFlags?.includes(o.flag)) module = true;
  }
  if (spec === POWERSHELL) return powershell(scan.options.map((o) => [o.flag, o.value] as const), cliImports);
  // A client that also runs a file (`psql -c "SELECT 1" -f drop.sql`): what it runs is not all
  // read, so none of it is taken as read (the command's words are judged instead).
  if (spec.fileFlags !== undefined && scan.options.some((o) => spec.fileFlags!.includes(o.flag))) return { language: spec.language, code: null, readsStdin: false, cliImports };
  if (pieces.length > 0) return { language: spec.language, code: pieces.join('\n'), readsStdin: false, cliImports };
  if (spec.programOperand) {
    const program = argv[scan.next];
    const fromFile = scan.options.some((o) => o.flag === 'f' || o.flag === '--file');
    if (!fromFile && program !== undefined) return { language: spec.language, code: program, readsStdin: false, cliImports };
    return { language: spec.language, code: null, readsStdin: false, cliImports };
  }
  if (module) return { language: spec.language, code: null, readsStdin: false, cliImports };
  if (spec.fileFlags !== undefined) {
    // A database client: its SQL after the database operand (sqlite3), else from stdin unless a file is named.
    if (spec.programAfterFirstOperand && argv.length > scan.next + 1) {
      // Options may follow the database operand too (`duckdb dev.duckdb -c "SELECT …"`).
      const after = scanOptions(argv, scan.next + 1, spec.options);
      if (after.options.some((o) => spec.fileFlags!.includes(o.flag))) return { language: spec.language, code: null, readsStdin: false, cliImports };
      const sql = [...after.options.filter((o) => spec.codeFlags.includes(o.flag) && o.value !== null).map((o) => o.value as string), ...argv.slice(after.next)];
      if (sql.length > 0) return { language: spec.language, code: sql.join('\n'), readsStdin: false, cliImports };
    }
    const fromFile = scan.options.some((o) => spec.fileFlags!.includes(o.flag));
    return { language: spec.language, code: null, readsStdin: !fromFile, cliImports };
  }
  const operand = argv[scan.next];
  const readsStdin = operand === undefined || operand === '-' || (spec.stdinAfterDoubleDash === true && scan.doubleDash === true && !scan.options.some((o) => o.flag === 'f'));
  return { language: spec.language, code: null, readsStdin, cliImports };
}

function powershell(options: ReadonlyArray<readonly [string, string | null]>, cliImports: string[]): InterpreterCall {
  for (const [flag, value] of options) {
    if (value === null) continue;
    if (/^-(?:e|enc|encodedcommand)$/i.test(flag)) {
      // -EncodedCommand takes base64 of UTF-16LE text.
      const decoded = Buffer.from(value, 'base64').toString('utf16le');
      return { language: 'powershell', code: decoded, readsStdin: false, cliImports };
    }
    // `-Command -` (and `-File -`) read the script from stdin: `curl … | pwsh -Command -`.
    if (/^-(?:c|command|f|file)$/i.test(flag) && value === '-') return { language: 'powershell', code: null, readsStdin: true, cliImports };
    if (/^-(?:c|command)$/i.test(flag)) return { language: 'powershell', code: value, readsStdin: false, cliImports };
  }
  return { language: 'powershell', code: null, readsStdin: false, cliImports };
}

export interface CodeScan {
  imports: string[];
  calls: string[];
  urls: string[];
  paths: string[];
  /** Shell command lines the code hands to a shell (os.system("…"), `…`, child_process.exec("…")). */
  shellCommands: string[];
}

const IMPORT_PATTERNS: RegExp[] = [
  /^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm,
  /\bfrom\s+([\w.]+)\s+import\b/g,
  /__import__\(\s*['"]([\w.]+)['"]/g,
  /\brequire\s*\(?\s*['"]([\w./:@-]+)['"]/g,
  /\bimport\s*\(\s*['"]([\w./:@-]+)['"]/g,
  /\bimport\s+[^'";\n]{0,200}?\bfrom\s+['"]([\w./:@-]+)['"]/g,
  /\buse\s+([\w:]+)/g,
  /;\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/g,
];

/** Calls worth stating; the name is reported as written (`os.system`, `subprocess.Popen`, `exec`). */
const CALL_PATTERN =
  /\b((?:os|subprocess|pty|socket|shutil|urllib\.request|urllib2|requests|base64|child_process|cp|net|http|https|dgram|fs|Open3|Kernel|IO|Process|Runtime|commands)\.[A-Za-z_]\w*|IO::Socket(?:::INET)?|TCPSocket|UNIXSocket|execSync|execFileSync|spawnSync|exec[lv]?p?e?|eval|system|popen|shell_exec|passthru|proc_open|pcntl_exec|fsockopen|file_get_contents|file_put_contents|curl_exec|assert|create_function|socket_create|socket_connect|urlopen|urlretrieve|fetch|b64decode|atob|compile|getattr|Invoke-Expression|iex|Invoke-WebRequest|iwr|Invoke-RestMethod|Start-Process|DownloadString|DownloadFile|New-Object)(?:\s*\(|\s+['"`$]|\s*\.\s*(?:new|open)\b)/g;

/**
 * Calls that hand a string to a shell; their first string argument is parsed as bash. The
 * string may hold line breaks (perl, ruby, php and javascript strings may span lines): the
 * shell runs every line of it.
 */
const SHELL_CALL =
  /\b(?:os\.system|os\.popen|os\.exec\w*|os\.spawn\w*|os\.posix_spawnp?|subprocess\.\w+|commands\.getoutput|pty\.spawn|system|popen|shell_exec|passthru|proc_open|pcntl_exec|exec|execSync|child_process\.exec\w*|cp\.exec\w*|Kernel\.system|Kernel\.exec|Open3\.\w+|IO\.popen|spawn|spawnSync|execFile|execFileSync|os:cmd|callCommand|spawnCommand|execShellCmd|shell-command|async-shell-command|(?:call|start)-process-shell-command|unix|dos|shell)(?:\s*\()?((?:\s*(?:\[\s*)?(['"])(?:\\.|(?!\2)[^\\])*\2(?:\s*\])?(?:\s*,)?)+)/g;

/** Python's exec and spawn families, which take the program's own name (argv[0]) after the file. */
const ARGV0_CALL = /^os\.(?:exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)\b/;

const STRING_LITERAL = /(['"])((?:\\.|(?!\1)[^\\\n])*)\1/g;
/** A string literal inside a shell call's arguments, line breaks included (SHELL_CALL). */
const SHELL_STRING = /(['"])((?:\\.|(?!\1)[^\\])*)\1/g;
const URL_IN_TEXT = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s'"`<>()\\]+/g;

/** Base64 literals decoded in place (`exec(b64decode('…'))`); their text is scanned as well. */
const BASE64_LITERAL =
  /(?:b64decode|decodebytes|decodestring|atob|base64_decode|decode_base64|decode64|FromBase64String)\s*\(\s*b?(['"])([A-Za-z0-9+/=_-]{8,})\1|Buffer\.from\(\s*(['"])([A-Za-z0-9+/=_-]{8,})\3\s*,\s*['"]base64['"]/g;

/** Code beyond this is not scanned (the facts still carry all of it in `code`). */
const MAX_SCAN = 32 * 1024;

export function scanCode(full: string, language: string): CodeScan {
  const source = full.length > MAX_SCAN ? full.slice(0, MAX_SCAN) : full;
  const decoded: string[] = [];
  for (const m of source.slice(0, 65_536).matchAll(BASE64_LITERAL)) {
    const text = Buffer.from(m[2] ?? m[4], 'base64').toString('utf8');
    if (!/[\x00-\x08\x0e-\x1f]/.test(text)) decoded.push(text);
  }
  const code = decoded.length > 0 ? `${source}\n${decoded.join('\n')}` : source;
  const imports = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of code.matchAll(pattern)) {
      for (const name of m[1].split(',')) {
        const clean = name.trim().replace(/^node:/, '');
        if (clean !== '' && !(language === 'javascript' && pattern.source.startsWith('\\buse'))) imports.add(clean);
      }
    }
  }
  const calls = new Set<string>();
  for (const m of code.matchAll(CALL_PATTERN)) calls.add(m[1]);
  if (/`[^`]+`/.test(code) && (language === 'perl' || language === 'ruby' || language === 'php')) calls.add('backticks');
  if (/\bqx\s*[{(/|]|%x[{(]/.test(code)) calls.add('backticks');

  const shellCommands: string[] = [];
  for (const m of code.matchAll(SHELL_CALL)) {
    const strings = Array.from(m[1].matchAll(SHELL_STRING), (s) => unescapeLiteral(s[2]));
    // os.execvp(file, [argv0, args…]), os.execl(path, argv0, args…), os.spawnv*: the word after
    // the file is the name the program sees itself run as, not an argument.
    if (ARGV0_CALL.test(m[0]) && strings.length >= 2) strings.splice(1, 1);
    if (strings.length > 0) shellCommands.push(strings.join(' '));
  }
  // Backtick literals are commands in these languages (julia's are run by run()/read()).
  if (language === 'perl' || language === 'ruby' || language === 'php' || language === 'julia' || language === 'crystal') {
    for (const m of code.matchAll(/`([^`]+)`/g)) shellCommands.push(m[1]);
  }

  const urls = new Set<string>();
  for (const m of code.matchAll(URL_IN_TEXT)) urls.add(m[0]);
  const paths = new Set<string>();
  for (const m of code.matchAll(STRING_LITERAL)) {
    const value = unescapeLiteral(m[2]).replace(/^[<>+|]+\s*/, '');
    if (/^(?:\/|~\/|~$|\.\.?\/)/.test(value) && !/\s/.test(value) && value.length < 4096) paths.add(value);
  }
  return { imports: [...imports], calls: [...calls], urls: [...urls], paths: [...paths], shellCommands };
}

function unescapeLiteral(text: string): string {
  return text.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/**
 * Inline-code producers: code given to an interpreter (`python -c`, `node -e`, a heredoc
 * into ruby, …) → effects. One producer per language folder, each a tree-sitter walk and a
 * table of library calls (data); this file picks the producer, bounds the input and
 * remembers recent answers.
 *
 * Contract for the bash producer: call `codeEffects(language, code, ctx)` with the
 * interpreter's language ("python", "javascript", "typescript", "ruby", "php", "lua",
 * "powershell", "perl", …) and the code as resolved. Effects come back with producer
 * "code:<language>" and command null; the caller sets `command`. Process calls come back
 * as `exec` effects with language "bash" and the command line as code (program and argv
 * set too), for the bash producer to re-parse.
 *
 * Failure modes: code too long, a parse that times out, a language without a grammar that
 * reaches a risky API, or a parser that fails to load → an `unknown` effect, never nothing.
 */
import { LRUCache } from 'lru-cache';
import { perfCachesEnabled } from '../../perf-caches.js';
import type { Effect } from '../effects.js';
import type { NormalizeContext } from '../facts.js';
import { Analysis, MAX_CODE, type CallTable } from './engine.js';
import { parseCode, type CodeNode, type GrammarName } from './grammars.js';
import { JAVASCRIPT_CALLS, walkJavascript } from './javascript/index.js';
import { LUA_CALLS, walkLua } from './lua/index.js';
import { PERL_CALLS, walkPerl } from './perl/index.js';
import { PHP_CALLS, walkPhp } from './php/index.js';
import { POWERSHELL_CALLS, walkPowershell } from './powershell/index.js';
import { PYTHON_CALLS, walkPython } from './python/index.js';
import { RUBY_CALLS, walkRuby } from './ruby/index.js';
import { SHARED_CALLS } from './shared-table.js';
import { walkTcl } from './tcl/index.js';
import { TCL_CALLS } from './tcl/table.js';
import { sqlEffects } from './sql/index.js';
import { walkCalls } from './calls/index.js';
import { CALL_LANGUAGES } from './calls/table.js';

export { sqlEffects };

interface Producer {
  grammar: GrammarName;
  table: CallTable;
  walk: (root: CodeNode, a: Analysis) => void;
  /** Text put before the code so the grammar reads it as code (php without `<?php`). */
  prelude?: (code: string) => string;
}

const PRODUCERS: Record<string, Producer> = {
  python: { grammar: 'python', table: { ...SHARED_CALLS, ...PYTHON_CALLS }, walk: walkPython },
  javascript: { grammar: 'javascript', table: { ...SHARED_CALLS, ...JAVASCRIPT_CALLS }, walk: walkJavascript },
  typescript: { grammar: 'typescript', table: { ...SHARED_CALLS, ...JAVASCRIPT_CALLS }, walk: walkJavascript },
  ruby: { grammar: 'ruby', table: { ...SHARED_CALLS, ...RUBY_CALLS }, walk: walkRuby },
  php: { grammar: 'php', table: { ...SHARED_CALLS, ...PHP_CALLS }, walk: walkPhp, prelude: (c) => (/^\s*<\?/.test(c) ? c : `<?php ${c}`) },
  lua: { grammar: 'lua', table: { ...SHARED_CALLS, ...LUA_CALLS }, walk: walkLua },
  powershell: { grammar: 'powershell', table: { ...SHARED_CALLS, ...POWERSHELL_CALLS }, walk: walkPowershell },
  perl: { grammar: 'perl', table: { ...SHARED_CALLS, ...PERL_CALLS }, walk: walkPerl },
};

/** Interpreter spellings → producer. */
const LANGUAGE_ALIASES: Record<string, string> = {
  py: 'python',
  python2: 'python',
  python3: 'python',
  node: 'javascript',
  js: 'javascript',
  nodejs: 'javascript',
  deno: 'javascript',
  bun: 'javascript',
  ts: 'typescript',
  rb: 'ruby',
  pwsh: 'powershell',
  ps1: 'powershell',
  luajit: 'lua',
  pl: 'perl',
  golang: 'go',
  'rust-script': 'rust',
  rs: 'rust',
  Rscript: 'r',
  R: 'r',
};

/**
 * Languages without a producer: code that mentions one of these reaches something risky,
 * so it is indeterminate; other code in them (arithmetic, printing) states nothing.
 */
const RISKY_WITHOUT_PARSER =
  /\b(?:system|exec|eval|popen|spawn|socket|connect|open|unlink|remove|delete|rm|kill|fork|shell|http|curl|wget|request|file|write|chmod|chown|getenv|environ|env|os|io(?=\.(?:popen|open|lines|write|output|input|read))|net|process|command|run|call|sh|bash)\b|\b(?:rm_rf|rm_r|rmtree|rmdir|remove_tree|delete_file|remove_dir_all)\b|[`$]\(|`/i;

/**
 * Code loaded from a URL by a language with no producer here (`source("https://…")` in R,
 * `include(download("https://…"))` in Julia): fetched code run, whatever the language calls
 * its loader. The name before the parenthesis is a loader word, optionally wrapping a download.
 */
const LOADS_URL_WITHOUT_PARSER =
  /\b(?:source|include|import|require|load|loadstring|dofile|eval|exec|evalfile|sys\.source|download|fetch|url)\s*\(\s*(?:[A-Za-z_.]+\s*\(\s*)?["']https?:\/\//i;

/**
 * A shell-out call whose whole argument is one string literal (`system("ls")`, `os:cmd("ls")`,
 * `(shell-command "ls")`, `system "ls"`): the bash walk parses that line as the script it is
 * (bash/inline-code.ts SHELL_CALL), so the call itself hides nothing. Anything else in the
 * argument (a variable, a concatenation) keeps the call, and the code stays indeterminate.
 */
const SHELL_NAMES = String.raw`(?:system|os:cmd|callCommand|spawnCommand|execShellCmd|shell-command|async-shell-command|(?:call|start)-process-shell-command|unix|dos|shell)`;
/** A string literal whose quote is capture group `n`. */
const literal = (n: number): string => `(["'])(?:\\\\.|(?!\\${n})[^\\\\\\n])*\\${n}`;
const CONSTANT_SHELL_CALL = new RegExp(
  [String.raw`\(\s*${SHELL_NAMES}\s+${literal(1)}\s*\)`, String.raw`\b${SHELL_NAMES}\s*\(\s*${literal(2)}\s*\)`, String.raw`\b${SHELL_NAMES}\s+${literal(3)}(?=\s*(?:$|[;\n,]))`].join('|'),
  'g',
);

function withoutConstantShellCalls(code: string): string {
  return code.replace(CONSTANT_SHELL_CALL, ' ');
}

/** A language's own loader of a code file (R `source`, Julia `include`/`evalfile`). */
const LOADS_FILE = /\b(?:source|sys\.source|include|evalfile|load|dofile|loadfile)\s*\(/;

/** Parsing gives up after this long (a hostile grammar input must not stall the gateway). */
const PARSE_BUDGET_MS = 250;

const cache = perfCachesEnabled() ? new LRUCache<string, readonly Effect[]>({ max: 2048 }) : null;

export function codeEffects(language: string, code: string, ctx: NormalizeContext): Effect[] {
  return run(language, code, ctx, 0);
}

/** Load every grammar now, so that no request pays for loading one (a few ms each). */
export function warmCodeProducers(): void {
  const ctx = { cwd: '/', home: '/', workspace_roots: ['/'] };
  for (const lang of Object.keys(PRODUCERS)) run(lang, 'x', ctx, 0);
}

/** Languages that have a tree-sitter producer. */
export function supportedLanguages(): string[] {
  return Object.keys(PRODUCERS);
}

/**
 * The answers of one call's analysis (set by withCodeMemo): the bash walk reads a call's inline
 * code to find the command lines it starts, and the bash producer's effects read the same code
 * again; within one call that is one analysis. Not a performance cache: it lives for one call
 * only, so it is on with TOOLGATE_PERF_CACHES=0 too (a first sight still pays each code once).
 */
let callMemo: Map<string, readonly Effect[]> | null = null;

/** Run `fn` (one call's normalization) with the code answers remembered until it returns; nested calls share the outer memo. */
export function withCodeMemo<T>(fn: () => T): T {
  if (callMemo !== null) return fn();
  callMemo = new Map();
  try {
    return fn();
  } finally {
    callMemo = null;
  }
}

function run(language: string, code: string, ctx: NormalizeContext, nesting: number): Effect[] {
  const lang = LANGUAGE_ALIASES[language] ?? language;
  if (typeof code !== 'string' || code.trim() === '') return [];
  const key = cache || callMemo ? `${lang}\0${ctx.cwd}\0${ctx.home}\0${ctx.workspace_roots.join('\0')}\0${nesting}\0${code}` : '';
  const hit = callMemo?.get(key) ?? cache?.get(key);
  if (hit !== undefined) return hit.map((e) => structuredClone(e));
  const effects = analyse(lang, code, ctx, nesting);
  if ((cache && code.length <= 4096) || callMemo) {
    const kept = effects.map((e) => structuredClone(e));
    if (cache && code.length <= 4096) cache.set(key, kept);
    callMemo?.set(key, kept);
  }
  return effects;
}

function analyse(lang: string, code: string, ctx: NormalizeContext, nesting: number): Effect[] {
  const producer = `code:${lang}`;
  const unknown = (reason: string): Effect[] => [{ type: 'unknown', producer, command: null, reason }];
  if (lang === 'bash' || lang === 'sh') {
    // Code in bash goes back to the bash producer: state it, do not judge it here.
    return [{ type: 'exec', producer, command: null, program: 'sh', argv: ['sh', '-c', code], language: 'bash', code, origin: 'decoded', script: null }];
  }
  if (lang === 'sql') return sqlEffects(code, 'generic');
  if (lang === 'tcl') {
    // No grammar for Tcl installs on Node 20: its own small reader (tcl/index.ts).
    if (code.length > MAX_CODE) return unknown('too_long');
    const analysis = new Analysis(lang, ctx, { ...SHARED_CALLS, ...TCL_CALLS }, run, nesting);
    walkTcl(code, analysis);
    return analysis.finish();
  }
  const callLanguage = CALL_LANGUAGES[lang];
  if (callLanguage !== undefined) {
    // Go, R, Julia, Rust: no grammar installs here; the call reader (calls/) reads their calls.
    if (code.length > MAX_CODE) return unknown('too_long');
    const analysis = new Analysis(lang, ctx, { ...SHARED_CALLS, ...callLanguage.table }, run, nesting);
    walkCalls(lang, code, analysis);
    const effects = analysis.finish();
    // Code downloaded and then loaded by the language's own loader in the same program
    // (`download.file(u, f); source(f)`, `include(download(u))`) is fetched code run.
    const downloads = effects.some((e) => e.type === 'connect' && (e.method === undefined || e.method === 'GET'));
    if (LOADS_URL_WITHOUT_PARSER.test(code) || (downloads && LOADS_FILE.test(code))) effects.push({ type: 'exec', producer, command: null, program: lang, argv: [], language: lang, code: null, origin: 'network', script: null });
    // Calls into acting APIs the table does not know were stated unknown by the reader (calls/).
    return effects;
  }
  const spec = PRODUCERS[lang];
  if (spec === undefined) {
    if (LOADS_URL_WITHOUT_PARSER.test(code)) {
      return [{ type: 'exec', producer, command: null, program: lang, argv: [], language: lang, code: null, origin: 'network', script: null }, ...unknown(`unparsed_code:${lang}`)];
    }
    return RISKY_WITHOUT_PARSER.test(withoutConstantShellCalls(code)) ? unknown(`unparsed_code:${lang}`) : [];
  }
  if (code.length > MAX_CODE) return unknown('too_long');
  const source = spec.prelude ? spec.prelude(code) : code;
  const parsed = parseCode(spec.grammar, source, PARSE_BUDGET_MS);
  if (parsed === null) return unknown('timeout');
  const analysis = new Analysis(lang, ctx, spec.table, run, nesting);
  try {
    spec.walk(parsed.root, analysis);
  } catch {
    analysis.unknown(`unparsed_code:${lang}`);
  }
  // A syntax error leaves part of the code unread: what was read stands, and the rest is unknown.
  if (parsed.hasError && RISKY_WITHOUT_PARSER.test(code)) analysis.unknown(`parse_error:${lang}`);
  return analysis.finish();
}

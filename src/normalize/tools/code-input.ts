/**
 * Tools handed code to run (`mcp__puppeteer__puppeteer_evaluate {script}`, `browser_evaluate
 * {function}`, `mcp__sandbox__run_python {code}`): the code is read by the producer of its
 * language (src/normalize/code), as inline code given to an interpreter on the bash tool is.
 * The language comes from the input's `language` field or the words of the tool's name; a
 * browser tool runs JavaScript in a page, where the page's own credentials (cookies, storage)
 * are what a script can steal: each network sink of the script (fetch, XHR, sendBeacon, an
 * image or a location set to a URL, a WebSocket) is a `send` whose sources are the page
 * credentials the script reads. Data: a new language word, sink or source is a new line.
 */
import type { Effect } from '../effects.js';
import type { NormalizeContext, UrlFact } from '../facts.js';
import { codeEffects } from '../code/index.js';
import { parseCode, type CodeNode } from '../code/grammars.js';
import { parseUrl } from '../urls/index.js';
import { nameWords } from './verbs.js';
import { shellQuote } from './shell-input.js';
import { producer } from './effects.js';

/** Fields that hold the code a tool runs. */
const CODE_KEYS = [
  'code', 'script', 'expression', 'function', 'js', 'javascript', 'source', 'snippet', 'pageFunction', 'page_function', 'python_code', 'pythonCode',
  'cell_source', 'cellSource', 'cell_content', 'cellContent', 'source_code', 'sourceCode', 'code_snippet',
];
/** Fields that name the code's language or the kernel that runs it (`kernel: "ir"`, code-runner's `languageId`). */
const LANGUAGE_KEYS = ['language', 'lang', 'runtime', 'languageId', 'language_id', 'kernel', 'kernel_name', 'kernelName', 'kernel_spec', 'kernelspec'];

/** Words of a tool's name (or its language field) → the language its code is in. */
const LANGUAGE_WORDS: Readonly<Record<string, string>> = {
  python: 'python', python3: 'python', py: 'python', ipython: 'python', jupyter: 'python', notebook: 'python',
  javascript: 'javascript', js: 'javascript', node: 'javascript', nodejs: 'javascript', deno: 'javascript', bun: 'javascript',
  typescript: 'typescript', ts: 'typescript',
  ruby: 'ruby', rb: 'ruby', php: 'php', lua: 'lua', perl: 'perl', powershell: 'powershell', pwsh: 'powershell',
  // Jupyter kernels by their spec names (python3, ir, julia-1.10, ijavascript, deno, bash). A shell
  // is taken from a language field only: a shell server's name (mcp__shell__run) runs command lines.
  ipykernel: 'python', ir: 'r', r: 'r', rscript: 'r', julia: 'julia', ijavascript: 'javascript', tslab: 'typescript', bash: 'bash', sh: 'bash',
  shell: 'bash', zsh: 'bash', shellscript: 'bash', tcl: 'tcl', go: 'go', gophernotes: 'go', rust: 'rust', evcxr: 'rust', java: 'java',
  ijava: 'java', kotlin: 'kotlin', scala: 'scala', csharp: 'csharp', 'c#': 'csharp', '.net-csharp': 'csharp', fsharp: 'fsharp', '.net-fsharp': 'fsharp',
  c: 'c', cpp: 'cpp', 'c++': 'cpp', xcpp: 'cpp', swift: 'swift', haskell: 'haskell', elixir: 'elixir', groovy: 'groovy', sql: 'sql', sqlite: 'sql',
};

/** A language or kernel name as written (`Python 3`, `julia-1.10`, `python3.11`) → its table word. */
function languageWord(named: string): string | undefined {
  const word = named.trim().toLowerCase().replace(/\s+/g, '');
  return LANGUAGE_WORDS[word] ?? LANGUAGE_WORDS[word.replace(/[-_]?v?\d[\w.]*$/, '')];
}

/**
 * The interpreter line that runs code in a language the way the tool does (`python3 -c CODE`):
 * the bash producer reads that line, so code handed to a tool gets the judgment the same code
 * gets on the Bash tool, whatever the tool. Null for a language no inline spelling reads.
 */
const INLINE_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  python: ['python3', '-c'], javascript: ['node', '-e'], ruby: ['ruby', '-e'], perl: ['perl', '-e'], lua: ['lua', '-e'],
  powershell: ['pwsh', '-Command'], r: ['Rscript', '-e'], julia: ['julia', '-e'], elixir: ['elixir', '-e'], groovy: ['groovy', '-e'],
  php: ['php', '-r'],
};

export function interpreterLine(language: string, code: string): string | null {
  if (language === 'bash') return code;
  const spelling = INLINE_SPELLINGS[language];
  if (spelling === undefined) return null;
  // php -r takes the code without its opening tag.
  const body = language === 'php' ? code.replace(/^\s*<\?(?:php)?/, '').replace(/\?>\s*$/, '') : code;
  return `${spelling.join(' ')} ${shellQuote(body)}`;
}

/** Words that say the tool drives a browser: its code runs as JavaScript in a page. */
const BROWSER_WORDS: ReadonlySet<string> = new Set([
  'browser', 'page', 'puppeteer', 'playwright', 'chrome', 'chromium', 'firefox', 'selenium', 'webdriver', 'devtools', 'cdp', 'tab',
]);

/** Words of a tool's name that say its code runs in an IPython kernel (a notebook's cell). */
const IPYTHON_WORDS = ['jupyter', 'ipython', 'notebook', 'cell', 'cells', 'kernel', 'colab'];

/**
 * Words of a tool's name that say it runs code of an unnamed language (`e2b__run_code {code}`, a
 * sandbox's `execute {code}`): python is these servers' default, and code that is not python
 * fails to parse as python and is unknown, never allowed unread.
 */
const DEFAULT_PYTHON_WORDS = ['code', 'sandbox', 'interpreter', 'repl'];

export interface CodeInput {
  language: string;
  code: string;
  page: boolean;
  /** Run by an IPython kernel: `!cmd` and `%magic` lines are its syntax (ipython.ts). */
  ipython?: boolean;
}

/** The code a tool is handed and its language, or null when it is handed none (or the language is not known). */
export function codeInputOf(tool: string, input: Record<string, unknown>): CodeInput | null {
  const code = CODE_KEYS.map((k) => input[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (code === undefined) return null;
  const words = nameWords(tool);
  const page = words.some((w) => BROWSER_WORDS.has(w));
  const named = LANGUAGE_KEYS.map((k) => input[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  // A language named but not in the table is still a language: its producer (none) says what it can.
  const language = (named !== undefined ? (languageWord(named) ?? named.trim().toLowerCase()) : undefined) ?? (page ? 'javascript' : (words.map((w) => LANGUAGE_WORDS[w]).find((l) => l !== undefined && l !== 'bash') ?? (IPYTHON_WORDS.some((w) => words.includes(w)) || DEFAULT_PYTHON_WORDS.some((w) => words.includes(w)) ? 'python' : undefined)));
  if (language === undefined) return null;
  // An IPython kernel (jupyter, ipython, a notebook's cell) reads `!cmd` and `%magic` lines too.
  const ipython = language === 'python' && !page && (IPYTHON_WORDS.some((w) => words.includes(w)) || /^ipy/i.test(named ?? ''));
  return ipython ? { language, code, page, ipython } : { language, code, page };
}

/** Page credentials a script reads (member expressions as written, whitespace and `["x"]` normalized). */
const PAGE_SOURCES: readonly [RegExp, string][] = [
  [/^(?:window\.|self\.|globalThis\.)?document\.cookie$/, 'page:cookie'],
  [/^(?:window\.|self\.|globalThis\.)?(?:localStorage|sessionStorage)$/, 'page:storage'],
  [/^(?:window\.|self\.|globalThis\.)?indexedDB$/, 'page:storage'],
  [/^(?:window\.)?navigator\.credentials$/, 'page:credentials'],
  [/^(?:window\.|self\.|globalThis\.)?cookieStore$/, 'page:cookie'],
];

/** Lookups of form fields that hold what a person typed as a secret (`querySelector('input[type=password]')`). */
const FIELD_LOOKUP = /(?:^|\.)(?:querySelector(?:All)?|getElementById|getElementsByName|getElementsByClassName|\$\$?|\$x)$/;
const SECRET_FIELD = /passw|pwd|secret|token|otp|2fa|mfa|cvv|cvc|card.?number|cc-?number|ssn/i;

/** Calls and constructions that send to the network from a page. */
const SINK_CALLS = /^(?:(?:window\.|self\.|globalThis\.)?fetch|(?:window\.)?navigator\.sendBeacon|\$\.(?:ajax|get|post|getJSON)|axios(?:\.\w+)?|(?:window\.)?open|(?:window\.|document\.)?location\.(?:assign|replace)|[\w.$]+\.(?:send|submit|postMessage)|importScripts)$/;
const SINK_CONSTRUCTORS = /^(?:WebSocket|EventSource|Image|XMLHttpRequest|Request)$/;
/** Assignments that make the page load a URL (an image, a script, a frame, a navigation). */
const SINK_ASSIGNMENTS = /(?:^|\.)(?:src|href|action|location)$/;

/**
 * Fetched code run in the page: a script that reads from the network (fetch, XHR, axios, jQuery)
 * and hands text to something that runs it (`eval`, also passed as a callback: `.then(eval)`;
 * `Function(text)`; `setTimeout(text)` with anything but a function; a Worker from a blob;
 * `document.write`; a script element's text), or that loads a script from an address (a script
 * element's `src`, `$.getScript`, `importScripts`). The page runs what the network sent, as
 * `curl … | sh` runs it on the machine.
 */
const FETCH_CALLS = /^(?:(?:window\.|self\.|globalThis\.)?fetch|axios(?:\.\w+)?|\$\.(?:ajax|get|post|getJSON))$/;
/** A response read as text (what a timer given a name, not a function, would run). */
const RESPONSE_TEXT = /\.text\s*\(\s*\)|\bresponseText\b/;
const LOADER_CALLS = /^(?:\$\.getScript|(?:self\.)?importScripts)$/;
const EVALUATOR_CALLS = /^(?:(?:window\.|self\.|globalThis\.)?(?:Function|eval)|document\.write(?:ln)?|[\w.$]+\.createContextualFragment)$/;
const TIMER_CALLS = /^(?:window\.|self\.|globalThis\.)?(?:setTimeout|setInterval)$/;
const EVALUATOR_CONSTRUCTORS = /^(?:Function|Worker|SharedWorker)$/;
const FUNCTION_NODES: ReadonlySet<string> = new Set(['arrow_function', 'function_expression', 'function']);
const SCRIPT_ELEMENT = /createElement\s*\(\s*['"`]script['"`]\s*\)/i;
const SCRIPT_TEXT_ASSIGNMENTS = /(?:^|\.)(?:text|textContent|innerText|innerHTML)$/;

const normalize = (text: string): string => text.replace(/\s+/g, '').replace(/\[(['"`])(\w+)\1\]/g, '.$2');

/**
 * A page script's sends: one per network sink, with the page credentials the script reads as
 * sources (a flow inside a few lines of page code; a sink that sends nothing read from the
 * page carries no source and is judged as a plain request).
 */
export function pageScriptEffects(code: string): Effect[] {
  const parsed = parseCode('javascript', code, 250);
  if (parsed === null) return [{ ...producer('page'), type: 'unknown', reason: 'parse_error:javascript' }];
  const sources = new Set<string>();
  const sinks: CodeNode[] = [];
  const stack: CodeNode[] = [parsed.root];
  const scriptElement = SCRIPT_ELEMENT.test(code);
  let fetches = false;
  let evaluates = false;
  let loads: UrlFact | null | undefined;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' && node.text === 'eval') evaluates = true;
    if (node.type === 'call_expression') {
      const callee = normalize(node.children.find((c) => c.field === 'function')?.text ?? '');
      const args = node.children.find((c) => c.field === 'arguments');
      const first = args?.children.find((c) => c.type !== '(' && c.type !== ')' && c.type !== ',' && c.type !== 'comment');
      if (FETCH_CALLS.test(callee)) fetches = true;
      if (EVALUATOR_CALLS.test(callee)) evaluates = true;
      // A timer given text runs it; given a name, only when the script reads a response as text
      // (`.then(code => setTimeout(code))`: `setTimeout(resolve, 500)` is the everyday wait).
      if (TIMER_CALLS.test(callee) && first !== undefined && !FUNCTION_NODES.has(first.type) && (first.type !== 'identifier' || RESPONSE_TEXT.test(code))) evaluates = true;
      if (LOADER_CALLS.test(callee)) loads = firstUrl(node);
    } else if (node.type === 'new_expression') {
      const ctor = normalize(node.children.find((c) => c.field === 'constructor')?.text ?? '');
      if (EVALUATOR_CONSTRUCTORS.test(ctor)) evaluates = true;
      if (ctor === 'XMLHttpRequest') fetches = true;
    } else if (scriptElement && node.type === 'assignment_expression') {
      const left = normalize(node.children.find((c) => c.field === 'left')?.text ?? '');
      // A script element's address is code loaded from it; its text is code run.
      if (/(?:^|\.)src$/.test(left)) loads = firstUrl(node);
      if (SCRIPT_TEXT_ASSIGNMENTS.test(left)) evaluates = true;
    }
    if (node.type === 'member_expression' || node.type === 'identifier' || node.type === 'subscript_expression') {
      const text = normalize(node.text);
      for (const [pattern, source] of PAGE_SOURCES) if (pattern.test(text)) sources.add(source);
    }
    if (node.type === 'call_expression') {
      const callee = node.children.find((c) => c.field === 'function');
      if (callee !== undefined && SINK_CALLS.test(normalize(callee.text))) sinks.push(node);
      const args = node.children.find((c) => c.field === 'arguments');
      if (callee !== undefined && args !== undefined && FIELD_LOOKUP.test(normalize(callee.text)) && SECRET_FIELD.test(args.text)) sources.add('page:form_secret');
    } else if (node.type === 'new_expression') {
      const ctor = node.children.find((c) => c.field === 'constructor');
      if (ctor !== undefined && SINK_CONSTRUCTORS.test(normalize(ctor.text))) sinks.push(node);
    } else if (node.type === 'assignment_expression' || node.type === 'augmented_assignment_expression') {
      const left = node.children.find((c) => c.field === 'left');
      if (left !== undefined && SINK_ASSIGNMENTS.test(normalize(left.text))) sinks.push(node);
    }
    stack.push(...node.children);
  }
  const effects: Effect[] = sinks.map((sink) => {
    const url = firstUrl(sink);
    return { ...producer('page'), type: 'send', sink: url?.raw ?? 'page', url, sources: [...sources].sort() };
  });
  if ((fetches && evaluates) || (loads !== undefined && loads !== null)) {
    effects.push({ ...producer('page'), type: 'exec', program: 'page', argv: [], language: 'javascript', code: null, origin: 'network', script: null });
  } else if (loads === null) {
    // A script loaded from an address the code computes: what runs is not known.
    effects.push({ ...producer('page'), type: 'unknown', reason: 'page_script_source' });
  }
  return effects;
}

/** The first string in the sink that is a URL (the address it sends to), or null. */
function firstUrl(node: CodeNode): UrlFact | null {
  const stack: CodeNode[] = [node];
  const strings: CodeNode[] = [];
  while (stack.length > 0) {
    const n = stack.shift()!;
    if (n.type === 'string' || n.type === 'template_string') strings.push(n);
    else stack.push(...n.children);
  }
  for (const s of strings) {
    const text = s.text.slice(1, -1).replace(/\$\{[^}]*\}.*$/s, '');
    const url = /^(?:https?:)?\/\//i.test(text) ? parseUrl(text.startsWith('//') ? `https:${text}` : text) : null;
    if (url !== null && url.valid) return url;
  }
  return null;
}

/** What the code does: its language producer's effects, and for a page script its sends of page credentials. */
export function codeInputEffects(input: CodeInput, ctx: NormalizeContext): Effect[] {
  const effects = codeEffects(input.language, input.code, ctx);
  return input.page ? [...effects, ...pageScriptEffects(input.code)] : effects;
}

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
import { producer } from './effects.js';

/** Fields that hold the code a tool runs. */
const CODE_KEYS = ['code', 'script', 'expression', 'function', 'js', 'javascript', 'source', 'snippet', 'pageFunction', 'page_function'];
const LANGUAGE_KEYS = ['language', 'lang', 'runtime'];

/** Words of a tool's name (or its language field) → the language its code is in. */
const LANGUAGE_WORDS: Readonly<Record<string, string>> = {
  python: 'python', python3: 'python', py: 'python', ipython: 'python', jupyter: 'python', notebook: 'python',
  javascript: 'javascript', js: 'javascript', node: 'javascript', nodejs: 'javascript', deno: 'javascript', bun: 'javascript',
  typescript: 'typescript', ts: 'typescript',
  ruby: 'ruby', rb: 'ruby', php: 'php', lua: 'lua', perl: 'perl', powershell: 'powershell', pwsh: 'powershell',
};

/** Words that say the tool drives a browser: its code runs as JavaScript in a page. */
const BROWSER_WORDS: ReadonlySet<string> = new Set([
  'browser', 'page', 'puppeteer', 'playwright', 'chrome', 'chromium', 'firefox', 'selenium', 'webdriver', 'devtools', 'cdp', 'tab',
]);

export interface CodeInput {
  language: string;
  code: string;
  page: boolean;
}

/** The code a tool is handed and its language, or null when it is handed none (or the language is not known). */
export function codeInputOf(tool: string, input: Record<string, unknown>): CodeInput | null {
  const code = CODE_KEYS.map((k) => input[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (code === undefined) return null;
  const words = nameWords(tool);
  const page = words.some((w) => BROWSER_WORDS.has(w));
  const named = LANGUAGE_KEYS.map((k) => input[k]).find((v): v is string => typeof v === 'string');
  const language = (named !== undefined ? LANGUAGE_WORDS[named.toLowerCase()] : undefined) ?? (page ? 'javascript' : words.map((w) => LANGUAGE_WORDS[w]).find((l) => l !== undefined));
  return language === undefined ? null : { language, code, page };
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
  while (stack.length > 0) {
    const node = stack.pop()!;
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
  return sinks.map((sink) => {
    const url = firstUrl(sink);
    return { ...producer('page'), type: 'send', sink: url?.raw ?? 'page', url, sources: [...sources].sort() };
  });
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

/**
 * The tree-sitter grammars of the interpreters, loaded on first use (a grammar costs a few
 * milliseconds to load) and one parser per grammar kept for the process. A parse is copied
 * into plain objects with the text of each node, so the producers walk JavaScript values
 * instead of crossing into the native binding for every property.
 *
 * The grammars are loaded through node-gyp-build directly: some packages' entry points are
 * ES modules with top-level await, which `require` cannot load, and the native binding is all
 * tree-sitter needs.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/** Grammar → npm package and, when the package holds several languages, which one. */
const GRAMMARS = {
  python: { pkg: 'tree-sitter-python' },
  javascript: { pkg: 'tree-sitter-javascript' },
  typescript: { pkg: 'tree-sitter-typescript', member: 'typescript' },
  ruby: { pkg: 'tree-sitter-ruby' },
  php: { pkg: 'tree-sitter-php', member: 'php' },
  lua: { pkg: '@tree-sitter-grammars/tree-sitter-lua' },
  powershell: { pkg: 'tree-sitter-powershell' },
  perl: { pkg: 'tree-sitter-perl' },
} as const satisfies Record<string, { pkg: string; member?: string }>;

export type GrammarName = keyof typeof GRAMMARS;

export interface CodeNode {
  type: string;
  named: boolean;
  /** The grammar field this node fills in its parent ("function", "arguments", …). */
  field: string | null;
  text: string;
  children: CodeNode[];
}

interface NativeNode {
  type: string;
  isNamed: boolean;
  startIndex: number;
  endIndex: number;
}
interface NativeCursor {
  nodeType: string;
  nodeTypeId: number;
  currentFieldId: number;
  nodeIsNamed: boolean;
  currentFieldName: string | undefined | null;
  startIndex: number;
  endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}
interface NativeTree {
  rootNode: NativeNode & { hasError: boolean };
  walk(): NativeCursor;
}
interface NativeParser {
  setLanguage(language: unknown): void;
  parse(input: string, oldTree?: null, options?: { progressCallback?: (state: unknown) => boolean }): NativeTree | null;
  reset(): void;
}

const parsers = new Map<GrammarName, NativeParser>();

function parserFor(name: GrammarName): NativeParser {
  let parser = parsers.get(name);
  if (parser === undefined) {
    const spec: { pkg: string; member?: string } = GRAMMARS[name];
    const Parser = require('tree-sitter') as new () => NativeParser;
    const build = require('node-gyp-build') as (root: string) => Record<string, unknown>;
    const binding = build(dirname(require.resolve(`${spec.pkg}/package.json`)));
    parser = new Parser();
    parser.setLanguage(spec.member ? binding[spec.member] : binding);
    parsers.set(name, parser);
  }
  return parser;
}

export interface ParsedCode {
  root: CodeNode;
  hasError: boolean;
}

/** Nodes nested deeper than this keep no children (hostile nesting stays cheap). */
const MAX_DEPTH = 200;

/**
 * Parse `source` within budgetMs; null when the parser gave up (time budget) or failed to load.
 * The budget starts once the grammar is loaded: loading it (once per process) is not the input's cost.
 */
export function parseCode(name: GrammarName, source: string, budgetMs: number): ParsedCode | null {
  let parser: NativeParser;
  try {
    parser = parserFor(name);
  } catch {
    return null;
  }
  const deadline = performance.now() + budgetMs;
  let tree: NativeTree | null;
  try {
    tree = parser.parse(source, null, { progressCallback: () => performance.now() > deadline });
  } catch {
    tree = null;
  }
  if (tree === null) {
    parser.reset();
    return null;
  }
  return { root: copyTree(tree.walk(), source, parser), hasError: tree.rootNode.hasError };
}

/** Names by grammar id, per grammar: each cursor getter that makes a string crosses into the binding. */
interface Names {
  types: string[];
  named: boolean[];
  fields: Array<string | null>;
}
const names = new Map<NativeParser, Names>();

/** Iterative copy: a recursive one would overflow on deeply nested input. */
function copyTree(cursor: NativeCursor, source: string, parser: NativeParser): CodeNode {
  let cache = names.get(parser);
  if (cache === undefined) {
    cache = { types: [], named: [], fields: [] };
    names.set(parser, cache);
  }
  const { types, named, fields } = cache;
  const make = (): CodeNode => {
    const typeId = cursor.nodeTypeId;
    let type = types[typeId];
    if (type === undefined) {
      type = cursor.nodeType;
      types[typeId] = type;
      named[typeId] = cursor.nodeIsNamed;
    }
    const fieldId = cursor.currentFieldId;
    let fieldName = fields[fieldId];
    if (fieldName === undefined) {
      fieldName = fieldId === 0 ? null : (cursor.currentFieldName ?? null);
      fields[fieldId] = fieldName;
    }
    return { type, named: named[typeId], field: fieldName, text: source.slice(cursor.startIndex, cursor.endIndex), children: [] };
  };
  const root = make();
  const stack: CodeNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack[stack.length - 1];
    const node = make();
    parent.children.push(node);
    if (stack.length < MAX_DEPTH && cursor.gotoFirstChild()) {
      stack.push(node);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return root;
      stack.pop();
      if (stack.length === 0) return root;
    }
  }
}

/** The child filling `field`, if any. */
export function field(node: CodeNode, name: string): CodeNode | undefined {
  return node.children.find((c) => c.field === name);
}

export function namedChildren(node: CodeNode): CodeNode[] {
  return node.children.filter((c) => c.named && c.type !== 'comment');
}

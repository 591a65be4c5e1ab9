/**
 * The tree-sitter grammars of the interpreters, loaded on first use (a grammar costs a few
 * milliseconds to load) and one parser per grammar kept for the process. A parse is copied
 * into plain objects with the text of each node, so the producers walk JavaScript values
 * instead of crossing into the native binding for every property.
 * Loading and the time budget are ../tree-sitter.ts, shared with the bash producer.
 */
import { NodeNames, parseBefore, parserFor, type Grammar, type NativeCursor, type NativeParser } from '../tree-sitter.js';

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
} as const satisfies Record<string, Grammar>;

export type GrammarName = keyof typeof GRAMMARS;

export interface CodeNode {
  type: string;
  named: boolean;
  /** The grammar field this node fills in its parent ("function", "arguments", …). */
  field: string | null;
  text: string;
  children: CodeNode[];
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
    parser = parserFor(GRAMMARS[name]);
  } catch {
    return null;
  }
  const tree = parseBefore(parser, source, performance.now() + budgetMs);
  if (tree === null) return null;
  return { root: copyTree(tree.walk(), source, parser), hasError: tree.rootNode.hasError };
}

const names = new Map<NativeParser, NodeNames>();

/** Iterative copy: a recursive one would overflow on deeply nested input. */
function copyTree(cursor: NativeCursor, source: string, parser: NativeParser): CodeNode {
  let grammarNames = names.get(parser);
  if (grammarNames === undefined) {
    grammarNames = new NodeNames();
    names.set(parser, grammarNames);
  }
  const n = grammarNames;
  const make = (): CodeNode => {
    const type = n.typeAt(cursor);
    return { type, named: n.namedAt(cursor), field: n.fieldAt(cursor), text: source.slice(cursor.startIndex, cursor.endIndex), children: [] };
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

/**
 * tree-sitter-bash, parsed once and copied into plain objects. The walk then reads plain
 * JavaScript instead of crossing into the native binding for every property, which keeps
 * a typical command well under a millisecond.
 */
import { NodeNames, parseBefore, parserFor, type NativeCursor, type NativeParser } from '../tree-sitter.js';

const BASH = { pkg: 'tree-sitter-bash' };

/** One syntax node. `start`/`end` are UTF-16 offsets into the parsed text (node tree-sitter parses JS strings as UTF-16). */
export interface SyntaxNode {
  type: string;
  named: boolean;
  /** The grammar field this node fills in its parent ("name", "argument", "redirect", …). */
  field: string | null;
  start: number;
  end: number;
  missing: boolean;
  children: SyntaxNode[];
  /** Children were dropped because the tree is nested deeper than the walk follows. */
  truncated: boolean;
}

export interface ParsedTree {
  root: SyntaxNode;
  /** The parser gave up before the end (time budget); `root` is null then. */
  timedOut: boolean;
  /** Some node is an ERROR or MISSING node. */
  hasError: boolean;
}

/** One parser for the process, created on first use (loading the grammar costs a few ms). */
export function getParser(): NativeParser {
  return parserFor(BASH);
}

/**
 * Parse `source`; stop when `deadline` (a performance.now() value) passes.
 * Nodes deeper than `maxAstDepth` are kept without their children and marked truncated.
 */
export function parseBash(source: string, deadline: number, maxAstDepth: number): ParsedTree {
  const tree = parseBefore(getParser(), source, deadline);
  if (tree === null) {
    return { root: emptyNode(source.length), timedOut: true, hasError: true };
  }
  return { root: copyTree(tree.walk(), maxAstDepth), timedOut: false, hasError: tree.rootNode.hasError };
}

function emptyNode(end: number): SyntaxNode {
  return { type: 'program', named: true, field: null, start: 0, end, missing: false, children: [], truncated: false };
}

/**
 * Iterative copy (a recursive one would overflow the stack on 20,000 nested `$(`).
 *
 * tree-sitter-bash nests `a && b && c` to the left: list(list(a, b), c). A chain of a thousand
 * `&&` is a thousand levels deep, though every command in it sits at the top level: a list
 * directly in a list does not count towards maxAstDepth, and such chains are flattened into one
 * list, so that neither the depth limit nor the walk's recursion cuts its first commands off.
 */
function copyTree(cursor: NativeCursor, maxAstDepth: number): SyntaxNode {
  const root = nodeAt(cursor, null);
  const stack: SyntaxNode[] = [root];
  const depths: number[] = [1];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack[stack.length - 1];
    const node = nodeAt(cursor, parent);
    parent.children.push(node);
    const depth = depths[depths.length - 1] + (node.type === 'list' && parent.type === 'list' ? 0 : 1);
    if (!node.named || LEAF_TYPES.has(node.type)) {
      // Tokens have no children: no need to ask the cursor.
    } else if (depth <= maxAstDepth) {
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        depths.push(depth);
        continue;
      }
    } else if (cursor.gotoFirstChild()) {
      node.truncated = true;
      cursor.gotoParent();
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return flattenLists(root);
      stack.pop();
      depths.pop();
      if (stack.length === 0) return flattenLists(root);
    }
  }
}

/** Every list whose first child is a list takes that list's children in its place (iteratively). */
function flattenLists(root: SyntaxNode): SyntaxNode {
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'list') {
      const flat: SyntaxNode[] = [];
      const chain: SyntaxNode[][] = [];
      let current: SyntaxNode = node;
      while (current.type === 'list' && current.children.length > 0 && current.children[0].type === 'list' && !current.children[0].truncated) {
        chain.push(current.children.slice(1));
        current = current.children[0];
      }
      if (chain.length > 0) {
        flat.push(...current.children);
        for (let i = chain.length - 1; i >= 0; i--) flat.push(...chain[i]);
        node.children = flat;
      }
    }
    for (const child of node.children) if (child.named && child.children.length > 0) pending.push(child);
  }
  return root;
}

/**
 * Each cursor getter is a call into the native binding, so the copy reads only what the
 * walk uses: type and field names are looked up once per grammar id and cached; fields
 * only under the parents whose fields the walk reads; offsets of punctuation only where
 * its text is read (inside words and assignments).
 */
const names = new NodeNames();

/** Named node types that are tokens in tree-sitter-bash (punctuation and keywords are tokens too). */
const LEAF_TYPES = new Set([
  'word', 'number', 'raw_string', 'ansi_c_string', 'string_content', 'variable_name', 'special_variable_name', 'file_descriptor',
  'heredoc_start', 'heredoc_end', 'heredoc_content', 'comment', 'regex', 'test_operator', 'extglob_pattern', 'empty_value',
]);

const FIELD_PARENTS = new Set(['command', 'redirected_statement', 'variable_assignment', 'for_statement', 'function_definition', 'subscript', 'command_name']);
const TEXT_PARENTS = new Set(['concatenation', 'variable_assignment']);

function nodeAt(cursor: NativeCursor, parent: SyntaxNode | null): SyntaxNode {
  const type = names.typeAt(cursor);
  const named = names.namedAt(cursor);
  const field = parent === null || FIELD_PARENTS.has(parent.type) ? names.fieldAt(cursor) : null;
  let start: number;
  let end: number;
  if (named || parent === null || TEXT_PARENTS.has(parent.type) || type === 'ERROR') {
    start = cursor.startIndex;
    end = cursor.endIndex;
  } else {
    // Punctuation elsewhere is read by type only; it gets an empty range at its parent's start.
    start = parent.start;
    end = parent.start;
  }
  return { type, named, field, start, end, missing: false, children: [], truncated: false };
}

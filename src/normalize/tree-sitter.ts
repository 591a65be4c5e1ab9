/**
 * tree-sitter for every producer that parses (the bash producer and the inline-code
 * producers): the part of the native binding they use, one loader of grammars, and a parse
 * bounded in time. Each producer copies the tree it gets into plain objects its own way.
 *
 * Grammars are loaded through node-gyp-build directly: some packages' entry points are ES
 * modules with top-level await, which `require` cannot load, and the native binding is all
 * tree-sitter needs.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

export interface NativeCursor {
  nodeType: string;
  nodeTypeId: number;
  currentFieldId: number;
  nodeIsNamed: boolean;
  nodeIsMissing: boolean;
  currentFieldName: string | undefined | null;
  startIndex: number;
  endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

export interface NativeTree {
  rootNode: { hasError: boolean };
  walk(): NativeCursor;
}

export interface NativeParser {
  setLanguage(language: unknown): void;
  parse(input: string, oldTree?: null, options?: { progressCallback?: (state: unknown) => boolean }): NativeTree | null;
  reset(): void;
}

/** A grammar: its npm package and, when the package holds several languages, which one. */
export interface Grammar {
  pkg: string;
  member?: string;
}

const parsers = new Map<string, NativeParser>();

/** One parser per grammar for the process, created on first use (loading a grammar costs a few ms). Throws when it cannot load. */
export function parserFor(grammar: Grammar): NativeParser {
  const key = `${grammar.pkg}#${grammar.member ?? ''}`;
  let parser = parsers.get(key);
  if (parser === undefined) {
    const Parser = require('tree-sitter') as new () => NativeParser;
    const build = require('node-gyp-build') as (root: string) => Record<string, unknown>;
    const binding = build(dirname(require.resolve(`${grammar.pkg}/package.json`)));
    parser = new Parser();
    parser.setLanguage(grammar.member ? binding[grammar.member] : binding);
    parsers.set(key, parser);
  }
  return parser;
}

/**
 * Parse `source`, giving up when `deadline` (a performance.now() value) passes or the parser
 * throws: null then, and the parser is reset (a halted parse leaves state behind that the
 * next parse would resume from).
 */
export function parseBefore(parser: NativeParser, source: string, deadline: number): NativeTree | null {
  let tree: NativeTree | null;
  try {
    tree = parser.parse(source, null, { progressCallback: () => performance.now() > deadline });
  } catch {
    tree = null;
  }
  if (tree === null) parser.reset();
  return tree;
}

/**
 * Type and field names of one grammar, by id: each cursor getter that makes a string is a
 * call into the native binding, so a name is asked for once per grammar and kept.
 */
export class NodeNames {
  private readonly types: string[] = [];
  private readonly named: boolean[] = [];
  private readonly fields: Array<string | null> = [];
  /** The type id typeAt read last (namedAt's node: reading it again is another call into the binding). */
  private lastId = 0;

  /** The type of the node under the cursor. */
  typeAt(cursor: NativeCursor): string {
    const id = cursor.nodeTypeId;
    this.lastId = id;
    let type = this.types[id];
    if (type === undefined) {
      type = cursor.nodeType;
      this.types[id] = type;
      this.named[id] = cursor.nodeIsNamed;
    }
    return type;
  }

  /** Whether the node under the cursor is named; right after typeAt for the same node (it reads the id typeAt read). */
  namedAt(_cursor: NativeCursor): boolean {
    return this.named[this.lastId];
  }

  /** The grammar field the node under the cursor fills in its parent, if any. */
  fieldAt(cursor: NativeCursor): string | null {
    const id = cursor.currentFieldId;
    let name = this.fields[id];
    if (name === undefined) {
      name = id === 0 ? null : (cursor.currentFieldName ?? null);
      this.fields[id] = name;
    }
    return name;
  }
}

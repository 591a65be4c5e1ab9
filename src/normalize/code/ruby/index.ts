import type { CallTable, Analysis } from '../engine.js';
import type { CodeNode } from '../grammars.js';

export const RUBY_CALLS: CallTable = {};

export function walkRuby(root: CodeNode, a: Analysis): void {
  void root;
  a.unknown('unparsed_code:ruby');
}

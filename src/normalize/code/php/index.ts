import type { CallTable, Analysis } from '../engine.js';
import type { CodeNode } from '../grammars.js';

export const PHP_CALLS: CallTable = {};

export function walkPhp(root: CodeNode, a: Analysis): void {
  void root;
  a.unknown('unparsed_code:php');
}

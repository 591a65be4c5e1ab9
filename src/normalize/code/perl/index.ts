import type { CallTable, Analysis } from '../engine.js';
import type { CodeNode } from '../grammars.js';

export const PERL_CALLS: CallTable = {};

export function walkPerl(root: CodeNode, a: Analysis): void {
  void root;
  a.unknown('unparsed_code:perl');
}

import type { CallTable, Analysis } from '../engine.js';
import type { CodeNode } from '../grammars.js';

export const JAVASCRIPT_CALLS: CallTable = {};

export function walkJavascript(root: CodeNode, a: Analysis): void {
  void root;
  a.unknown('unparsed_code:javascript');
}

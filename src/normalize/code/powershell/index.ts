import type { CallTable, Analysis } from '../engine.js';
import type { CodeNode } from '../grammars.js';

export const POWERSHELL_CALLS: CallTable = {};

export function walkPowershell(root: CodeNode, a: Analysis): void {
  void root;
  a.unknown('unparsed_code:powershell');
}

import type { CallTable, Analysis } from '../engine.js';
import type { CodeNode } from '../grammars.js';

export const LUA_CALLS: CallTable = {};

export function walkLua(root: CodeNode, a: Analysis): void {
  void root;
  a.unknown('unparsed_code:lua');
}

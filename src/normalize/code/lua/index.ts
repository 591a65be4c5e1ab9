/**
 * Lua inline code (tree-sitter-lua) → effects. `require` results, `a.b` and `a:b()` calls,
 * `..` concatenation, decimal escapes and string.char/reverse are folded; `while true` and
 * `repeat … until false` are unbounded loops. What each call does is in table.ts.
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import type { Analysis } from '../engine.js';
import { LITERAL_HANDLERS, nonZero, parenthesized, Walker, zero, type Handler } from '../walker.js';
import { concat, dyn, list, num, str, type Value } from '../values.js';

export { LUA_CALLS } from './table.js';

export function walkLua(root: CodeNode, a: Analysis): void {
  new LuaWalker(a).ev(root);
}

/** Operators folded on two constant numbers (`^` is Lua's power). */
const ARITHMETIC = { '+': '+', '*': '*', '^': '**' };

class LuaWalker extends Walker {
  protected readonly handlers: Record<string, Handler<LuaWalker>> = {
    identifier(n) {
      return this.name(n.text);
    },
    number(n) {
      return num(Number(n.text));
    },
    string(n) {
      const content = n.children.find((c) => c.type === 'string_content')?.text ?? '';
      return str(n.text.startsWith('[') ? content : unescapeLua(content));
    },
    ...LITERAL_HANDLERS,
    parenthesized_expression: parenthesized,
    table_constructor(n) {
      return list(namedChildren(n).map((f) => this.ev(field(f, 'value') ?? namedChildren(f).at(-1))));
    },
    dot_index_expression(n) {
      return this.attr(this.ev(field(n, 'table')), field(n, 'field')?.text ?? '');
    },
    bracket_index_expression(n) {
      const target = this.ev(field(n, 'table'));
      const key = this.ev(field(n, 'field'));
      return key.k === 'str' ? this.attr(target, key.v) : this.opaque(n, target, key);
    },
    method_index_expression(n) {
      return this.attr(this.ev(field(n, 'table')), field(n, 'method')?.text ?? '');
    },
    function_call(n) {
      const fn = this.ev(field(n, 'name'));
      const argsNode = field(n, 'arguments');
      const args = argsNode === undefined ? [] : argsNode.type === 'arguments' ? namedChildren(argsNode).map((c) => this.ev(c)) : [this.ev(argsNode)];
      // require("socket.http") names the module itself.
      if (fn.k === 'ref' && fn.name === 'require' && args[0]?.k === 'str') return { k: 'ref', name: args[0].v, sources: [] };
      return this.invoke(fn, args);
    },
    binary_expression(n) {
      const { left, right, op, folded } = this.operands(n, ARITHMETIC);
      if (op === '..') return concat([left, right]);
      return folded ?? this.opaque(n, left, right);
    },
    assignment_statement(n) {
      const names = namedChildren(n.children.find((c) => c.type === 'variable_list') ?? n);
      const values = namedChildren(n.children.find((c) => c.type === 'expression_list') ?? n).map((c) => this.ev(c));
      names.forEach((target, i) => {
        if (target.type === 'identifier') this.assign(target.text, values[i] ?? dyn(''));
        else this.ev(target);
      });
      return values[0] ?? dyn('');
    },
    while_statement(n) {
      return this.conditionLoop(n, nonZero, 'rest');
    },
    repeat_statement(n) {
      return this.conditionLoop(n, zero, 'rest');
    },
    function_declaration(n) {
      return this.definition(field(n, 'name')?.text ?? '', [field(n, 'body')]);
    },
  };
}

function unescapeLua(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|\d{1,3}|u\{[0-9a-fA-F]+\}|z\s*|.)/gs, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^\d/.test(e)) return String.fromCharCode(Number(e));
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e[0] === 'z') return '';
    return ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e] ?? e;
  });
}

export type { Value };

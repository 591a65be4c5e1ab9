/**
 * PHP inline code (tree-sitter-php; `php -r` code gets its `<?php` tag added) → effects.
 * Function names are case-insensitive and may be strings in variables (`$f = "sys"."tem";
 * $f("id")`); `.` concatenation, "…{$x}…" interpolation, backticks and the decoders
 * (base64_decode, hex2bin, str_rot13, strrev, chr, pack) are folded. What each function
 * does is in table.ts.
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import type { Analysis } from '../engine.js';
import { assignment, augmentedAssignment, joinParts, LITERAL_HANDLERS, parenthesized, unescapeC, Walker, whileLoop, type Handler } from '../walker.js';
import { concat, constant, dyn, items, list, num, str, type Value } from '../values.js';

export { PHP_CALLS } from './table.js';

export function walkPhp(root: CodeNode, a: Analysis): void {
  new PhpWalker(a).ev(root);
}

/** Operators folded on two constant numbers. */
const ARITHMETIC = { '+': '+', '*': '*' };

class PhpWalker extends Walker {
  protected override readonly variable = 'variable_name';
  protected readonly handlers: Record<string, Handler<PhpWalker>> = {
    name(n) {
      return this.name(n.text.replace(/^\\/, '').toLowerCase());
    },
    qualified_name(n) {
      return this.name(n.text.replace(/^\\/, '').toLowerCase());
    },
    variable_name(n) {
      return this.name(n.text);
    },
    integer(n) {
      return num(Number(n.text.replace(/_/g, '')));
    },
    boolean(n) {
      return num(/true/i.test(n.text) ? 1 : 0);
    },
    string(n) {
      return str(namedChildren(n).map((c) => c.text.replace(/\\(['\\])/g, '$1')).join(''));
    },
    encapsed_string(n) {
      const parts: Value[] = [];
      for (const c of n.children) {
        if (c.type === 'string_content' || c.type === 'string_value') parts.push(str(c.text));
        else if (c.type === 'escape_sequence') parts.push(str(unescapeC(c.text)));
        else if (c.named) parts.push(this.ev(c));
      }
      return joinParts(parts);
    },
    shell_command_expression(n) {
      const cmd = this.handlers.encapsed_string.call(this, n);
      return this.callNamed('`', [cmd]);
    },
    array_creation_expression(n) {
      return list(namedChildren(n).map((c) => this.ev(namedChildren(c).at(-1))));
    },
    parenthesized_expression: parenthesized,
    binary_expression(n) {
      const { left, right, op, folded } = this.operands(n, ARITHMETIC);
      if (op === '.') return concat([left, right]);
      return folded ?? this.opaque(n, left, right);
    },
    subscript_expression(n) {
      const [targetNode, keyNode] = namedChildren(n);
      const target = targetNode?.type === 'variable_name' && /^\$_(?:ENV|SERVER)$/.test(targetNode.text) ? this.name('$_ENV') : this.ev(targetNode);
      const key = this.ev(keyNode);
      if (target.k === 'obj' && target.cls === 'env') return this.callNamed('getenv', [key]);
      const arr = items(target);
      if (arr !== null && key.k === 'num') return arr[key.v] ?? dyn(n.text);
      return this.opaque(n, target, key);
    },
    function_call_expression(n) {
      const fn = this.ev(field(n, 'function'));
      const callee = fn.k === 'str' ? { k: 'ref' as const, name: fn.v.toLowerCase(), sources: [] } : fn;
      return this.invoke(callee, this.args(field(n, 'arguments')));
    },
    member_call_expression(n) {
      const recv = this.ev(field(n, 'object'));
      return this.invoke(this.attr(recv, field(n, 'name')?.text ?? ''), this.args(field(n, 'arguments')));
    },
    scoped_call_expression(n) {
      const scope = field(n, 'scope')?.text.toLowerCase() ?? '';
      return this.invoke({ k: 'ref', name: `${scope}::${field(n, 'name')?.text.toLowerCase() ?? ''}`, sources: [] }, this.args(field(n, 'arguments')));
    },
    object_creation_expression(n) {
      const cls = namedChildren(n).find((c) => c.type === 'name' || c.type === 'qualified_name')?.text.replace(/^\\/, '').toLowerCase() ?? '';
      const argsNode = n.children.find((c) => c.type === 'arguments');
      return this.invoke({ k: 'ref', name: cls, sources: [] }, this.args(argsNode));
    },
    assignment_expression: assignment,
    augmented_assignment_expression: augmentedAssignment,
    while_statement: whileLoop,
    for_statement(n) {
      const hasCondition = n.children.some((c) => c.field === 'condition');
      this.loop(!hasCondition, () => n.children.forEach((c) => c.named && this.ev(c)));
      return dyn('');
    },
    function_definition(n) {
      // PHP function names are case-insensitive.
      return this.definition(field(n, 'name')?.text ?? '', [field(n, 'body')], 'parens', 'i');
    },
    comment: LITERAL_HANDLERS.comment,
  };

  private args(node: CodeNode | undefined): Value[] {
    return (node ? namedChildren(node) : []).map((c) => this.ev(c.type === 'argument' ? namedChildren(c).at(-1) : c));
  }
}

export { constant };

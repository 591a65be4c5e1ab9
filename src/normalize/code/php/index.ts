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
import { unescapeC, Walker, type Handler } from '../walker.js';
import { concat, constant, dyn, items, list, num, str, type Value } from '../values.js';

export { PHP_CALLS } from './table.js';

export function walkPhp(root: CodeNode, a: Analysis): void {
  new PhpWalker(a).ev(root);
}

class PhpWalker extends Walker {
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
      return parts.length === 0 ? str('') : concat(parts);
    },
    shell_command_expression(n) {
      const cmd = this.handlers.encapsed_string.call(this, n);
      return this.a.call({ name: '`', args: [cmd], kwargs: {}, receiver: null });
    },
    array_creation_expression(n) {
      return list(namedChildren(n).map((c) => this.ev(namedChildren(c).at(-1))));
    },
    parenthesized_expression(n) {
      const inner = namedChildren(n);
      return inner.length === 1 ? this.ev(inner[0]) : this.visitChildren(n);
    },
    binary_expression(n) {
      const left = this.ev(field(n, 'left'));
      const right = this.ev(field(n, 'right'));
      const op = n.children.find((c) => c.field === 'operator')?.text ?? n.children.find((c) => !c.named)?.text ?? '';
      if (op === '.') return concat([left, right]);
      if (left.k === 'num' && right.k === 'num') {
        if (op === '+') return num(left.v + right.v);
        if (op === '*') return num(left.v * right.v);
      }
      return dyn(n.text, [...left.sources, ...right.sources]);
    },
    subscript_expression(n) {
      const [targetNode, keyNode] = namedChildren(n);
      const target = targetNode?.type === 'variable_name' && /^\$_(?:ENV|SERVER)$/.test(targetNode.text) ? this.name('$_ENV') : this.ev(targetNode);
      const key = this.ev(keyNode);
      if (target.k === 'obj' && target.cls === 'env') return this.a.call({ name: 'getenv', args: [key], kwargs: {}, receiver: null });
      const arr = items(target);
      if (arr !== null && key.k === 'num') return arr[key.v] ?? dyn(n.text);
      return dyn(n.text, [...target.sources, ...key.sources]);
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
    assignment_expression(n) {
      const value = this.ev(field(n, 'right'));
      const left = field(n, 'left');
      if (left?.type === 'variable_name') this.assign(left.text, value);
      else this.ev(left);
      return value;
    },
    augmented_assignment_expression(n) {
      const left = field(n, 'left');
      const joined = concat([this.ev(left), this.ev(field(n, 'right'))]);
      if (this.a.unboundedLoops > 0) this.a.allocate(null);
      if (left?.type === 'variable_name') this.assign(left.text, joined);
      return joined;
    },
    while_statement(n) {
      const cond = this.ev(field(n, 'condition'));
      this.loop(cond.k === 'num' && cond.v !== 0, () => this.ev(field(n, 'body')));
      return dyn('');
    },
    for_statement(n) {
      const hasCondition = n.children.some((c) => c.field === 'condition');
      this.loop(!hasCondition, () => n.children.forEach((c) => c.named && this.ev(c)));
      return dyn('');
    },
    function_definition(n) {
      const name = field(n, 'name')?.text ?? '';
      const body = field(n, 'body');
      const recursive = name !== '' && body !== undefined && new RegExp(`\\b${name.replace(/\W/g, '')}\\s*\\(`, 'i').test(body.text);
      this.loop(recursive, () => this.ev(body));
      return dyn('');
    },
    comment() {
      return dyn('');
    },
  };

  private args(node: CodeNode | undefined): Value[] {
    return (node ? namedChildren(node) : []).map((c) => this.ev(c.type === 'argument' ? namedChildren(c).at(-1) : c));
  }
}

export { constant };

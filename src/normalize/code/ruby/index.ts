/**
 * Ruby inline code (tree-sitter-ruby) → effects. Calls with or without parentheses and
 * receivers (`File.delete`, `Net::HTTP.post`, a bare `fork`), backticks and %x(), string
 * interpolation, `+`, and the unpack/pack/tr/reverse decoders are folded; `loop do` and
 * `while true` are unbounded loops. What each call does is in table.ts.
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import type { Analysis } from '../engine.js';
import { assignment, augmentedAssignment, elements, joinParts, LITERAL_HANDLERS, parenthesized, unescapeC, Walker, whileLoop, zero, type Handler } from '../walker.js';
import { concat, dyn, items, num, str, type Value } from '../values.js';

export { RUBY_CALLS } from './table.js';

export function walkRuby(root: CodeNode, a: Analysis): void {
  new RubyWalker(a).ev(root);
}

const LOOPS = new Set(['loop']);

/** Operators folded on two constant numbers. */
const ARITHMETIC = { '+': '+', '*': '*', '**': '**' };

class RubyWalker extends Walker {
  protected readonly handlers: Record<string, Handler<RubyWalker>> = {
    identifier(n) {
      const v = this.env.get(n.text);
      if (v !== undefined) return v;
      // A bare name that is no variable is a method call without arguments (`fork`).
      if (this.a.spec(n.text) !== undefined) return this.callNamed(n.text, []);
      return this.name(n.text);
    },
    constant(n) {
      return this.name(n.text);
    },
    scope_resolution(n) {
      const scope = field(n, 'scope');
      const name = field(n, 'name')?.text ?? '';
      if (scope === undefined) return this.name(name);
      const s = this.ev(scope);
      return s.k === 'ref' ? { k: 'ref', name: `${s.name}::${name}`, sources: [] } : dyn(n.text);
    },
    integer(n) {
      return num(Number(n.text.replace(/_/g, '')));
    },
    string(n) {
      return this.interpolated(n, !n.text.startsWith("'"));
    },
    subshell(n) {
      const cmd = this.interpolated(n, true);
      return this.callNamed('`', [cmd]);
    },
    array: elements,
    parenthesized_statements: parenthesized,
    binary(n) {
      const { left, right, op, folded } = this.operands(n, ARITHMETIC);
      if (folded !== null) return folded;
      if (op === '+' || op === '<<') return concat([left, right]);
      return this.opaque(n, left, right);
    },
    element_reference(n) {
      const target = this.ev(field(n, 'object'));
      const key = this.ev(namedChildren(n)[1]);
      if (target.k === 'obj' && target.cls === 'env') return this.callNamed('env#fetch', [key], target);
      const arr = items(target);
      if (arr !== null && key.k === 'num') return arr[key.v] ?? dyn(n.text);
      return this.opaque(n, target, key);
    },
    call(n) {
      const receiverNode = field(n, 'receiver');
      const method = field(n, 'method')?.text ?? '';
      const argsNode = field(n, 'arguments');
      const block = field(n, 'block');
      const args: Value[] = [];
      for (const c of argsNode ? namedChildren(argsNode) : []) {
        if (c.type === 'pair') continue;
        args.push(this.ev(c));
      }
      let fn: Value;
      if (receiverNode === undefined) fn = this.env.get(method) ?? this.name(method);
      else {
        const recv = this.ev(receiverNode);
        // An attribute reader of a known object (`URI(u).host`) is its value, not a call.
        const known = recv.k === 'obj' && args.length === 0 && block === undefined && Object.hasOwn(recv.props, method) ? recv.props[method] : undefined;
        if (known !== undefined) return known;
        fn = recv.k === 'ref' && method === 'new' ? { k: 'ref', name: `${recv.name}.new`, sources: [] } : this.attr(recv, method);
      }
      const result = this.invoke(fn, args);
      if (block !== undefined) this.loop(receiverNode === undefined && LOOPS.has(method), () => this.ev(block));
      return result;
    },
    assignment: assignment,
    operator_assignment: augmentedAssignment,
    while: whileLoop,
    until(n) {
      return this.conditionLoop(n, zero);
    },
    method(n) {
      // Ruby calls need no parentheses: any mention of the name in the body is a call.
      const body = n.children.filter((c) => c.field !== 'name' && c.field !== 'parameters');
      return this.definition(field(n, 'name')?.text ?? '', body, 'word');
    },
    ...LITERAL_HANDLERS,
  };

  private interpolated(n: CodeNode, escapes: boolean): Value {
    const parts: Value[] = [];
    for (const c of n.children) {
      if (c.type === 'string_content') parts.push(str(escapes ? unescapeC(c.text) : c.text.replace(/\\(['\\])/g, '$1')));
      else if (c.type === 'escape_sequence') parts.push(str(unescapeC(c.text)));
      else if (c.type === 'interpolation') parts.push(this.ev(namedChildren(c)[0]));
    }
    return joinParts(parts);
  }
}

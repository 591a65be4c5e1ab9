/**
 * Ruby inline code (tree-sitter-ruby) → effects. Calls with or without parentheses and
 * receivers (`File.delete`, `Net::HTTP.post`, a bare `fork`), backticks and %x(), string
 * interpolation, `+`, and the unpack/pack/tr/reverse decoders are folded; `loop do` and
 * `while true` are unbounded loops. What each call does is in table.ts.
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import type { Analysis } from '../engine.js';
import { unescapeC, Walker, type Handler } from '../walker.js';
import { concat, dyn, items, list, num, str, type Value } from '../values.js';

export { RUBY_CALLS } from './table.js';

export function walkRuby(root: CodeNode, a: Analysis): void {
  new RubyWalker(a).ev(root);
}

const LOOPS = new Set(['loop']);

class RubyWalker extends Walker {
  protected readonly handlers: Record<string, Handler<RubyWalker>> = {
    identifier(n) {
      const v = this.env.get(n.text);
      if (v !== undefined) return v;
      // A bare name that is no variable is a method call without arguments (`fork`).
      if (this.a.spec(n.text) !== undefined) return this.a.call({ name: n.text, args: [], kwargs: {}, receiver: null });
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
      return this.a.call({ name: '`', args: [cmd], kwargs: {}, receiver: null });
    },
    array(n) {
      return list(namedChildren(n).map((c) => this.ev(c)));
    },
    parenthesized_statements(n) {
      const inner = namedChildren(n);
      return inner.length === 1 ? this.ev(inner[0]) : this.visitChildren(n);
    },
    binary(n) {
      const left = this.ev(field(n, 'left'));
      const right = this.ev(field(n, 'right'));
      const op = n.children.find((c) => c.field === 'operator')?.text ?? '';
      if (op === '+' && left.k === 'num' && right.k === 'num') return num(left.v + right.v);
      if (op === '+' || op === '<<') return concat([left, right]);
      if (op === '*' && left.k === 'num' && right.k === 'num') return num(left.v * right.v);
      if (op === '**' && left.k === 'num' && right.k === 'num') return num(left.v ** right.v);
      return dyn(n.text, [...left.sources, ...right.sources]);
    },
    element_reference(n) {
      const target = this.ev(field(n, 'object'));
      const key = this.ev(namedChildren(n)[1]);
      if (target.k === 'obj' && target.cls === 'env') return this.a.call({ name: 'env#fetch', args: [key], kwargs: {}, receiver: target });
      const arr = items(target);
      if (arr !== null && key.k === 'num') return arr[key.v] ?? dyn(n.text);
      return dyn(n.text, [...target.sources, ...key.sources]);
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
        fn = recv.k === 'ref' && method === 'new' ? { k: 'ref', name: `${recv.name}.new`, sources: [] } : this.attr(recv, method);
      }
      const result = this.invoke(fn, args);
      if (block !== undefined) this.loop(receiverNode === undefined && LOOPS.has(method), () => this.ev(block));
      return result;
    },
    assignment(n) {
      const value = this.ev(field(n, 'right'));
      const left = field(n, 'left');
      if (left?.type === 'identifier') this.assign(left.text, value);
      else this.ev(left);
      return value;
    },
    operator_assignment(n) {
      const left = field(n, 'left');
      const joined = concat([this.ev(left), this.ev(field(n, 'right'))]);
      if (this.a.unboundedLoops > 0) this.a.allocate(null);
      if (left?.type === 'identifier') this.assign(left.text, joined);
      return joined;
    },
    while(n) {
      const cond = this.ev(field(n, 'condition'));
      this.loop(cond.k === 'num' && cond.v !== 0, () => this.ev(field(n, 'body')));
      return dyn('');
    },
    until(n) {
      const cond = this.ev(field(n, 'condition'));
      this.loop(cond.k === 'num' && cond.v === 0, () => this.ev(field(n, 'body')));
      return dyn('');
    },
    method(n) {
      const name = field(n, 'name')?.text ?? '';
      const body = n.children.filter((c) => c.field !== 'name' && c.field !== 'parameters');
      const recursive = name !== '' && body.some((b) => new RegExp(`\\b${name.replace(/\W/g, '')}\\b`).test(b.text));
      this.loop(recursive, () => body.forEach((b) => this.ev(b)));
      return dyn('');
    },
    true() {
      return num(1);
    },
    false() {
      return num(0);
    },
    comment() {
      return dyn('');
    },
  };

  private interpolated(n: CodeNode, escapes: boolean): Value {
    const parts: Value[] = [];
    for (const c of n.children) {
      if (c.type === 'string_content') parts.push(str(escapes ? unescapeC(c.text) : c.text.replace(/\\(['\\])/g, '$1')));
      else if (c.type === 'escape_sequence') parts.push(str(unescapeC(c.text)));
      else if (c.type === 'interpolation') parts.push(this.ev(namedChildren(c)[0]));
    }
    return parts.length === 0 ? str('') : concat(parts);
  }
}

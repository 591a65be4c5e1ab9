/**
 * JavaScript and TypeScript inline code (tree-sitter-javascript / -typescript) → effects.
 * require/import (default, named, namespace, destructured) give calls their canonical
 * names; constants are folded through +, template literals, concat/join/split/reverse,
 * Buffer.from(…, 'base64'), atob, String.fromCharCode and decodeURIComponent. Callbacks
 * of setInterval and bodies of `while (true)`/`for (;;)` count as unbounded loops.
 * What each call does is in table.ts.
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import { LARGE_ALLOCATION, type Analysis } from '../engine.js';
import { assignment, elements, joinParts, LITERAL_HANDLERS, parenthesized, repeat, repeatSize, truthy, unary, Walker, type Handler } from '../walker.js';
import { concat, constant, dyn, items, num, obj, str, type Value } from '../values.js';

export { JAVASCRIPT_CALLS } from './table.js';

export function walkJavascript(root: CodeNode, a: Analysis): void {
  new JavascriptWalker(a).ev(root);
}

const UNBOUNDED_CALLBACKS = new Set(['setInterval', 'setImmediate', 'process.nextTick']);

class JavascriptWalker extends Walker {
  protected readonly handlers: Record<string, Handler<JavascriptWalker>> = {
    import_statement(n) {
      const source = (constant(this.ev(field(n, 'source'))) ?? '').replace(/^node:/, '');
      // `import x from 'https://…'` (deno, bun): the module is fetched and run, as `deno run URL` is.
      if (/^https?:\/\//i.test(source)) this.callNamed('import', [str(source)]);
      const clause = n.children.find((c) => c.type === 'import_clause');
      for (const c of clause ? namedChildren(clause) : []) {
        if (c.type === 'identifier') this.aliases.set(c.text, source);
        else if (c.type === 'namespace_import') this.aliases.set(namedChildren(c)[0]?.text ?? '', source);
        else if (c.type === 'named_imports') {
          for (const s of namedChildren(c)) {
            const name = field(s, 'name')?.text ?? '';
            this.aliases.set(field(s, 'alias')?.text ?? name, `${source}.${name}`);
          }
        }
      }
      return dyn('');
    },
    identifier(n) {
      return this.name(n.text);
    },
    // The callee of a dynamic `import(x)` is a keyword node, not an identifier.
    import() {
      return this.name('import');
    },
    number(n) {
      const v = Number(n.text.replace(/_/g, '').replace(/n$/, ''));
      return Number.isFinite(v) ? num(v) : dyn(n.text);
    },
    string(n) {
      return str(n.children.map((c) => (c.type === 'string_fragment' ? c.text : c.type === 'escape_sequence' ? unescapeJs(c.text) : '')).join(''));
    },
    template_string(n) {
      const parts: Value[] = [];
      for (const c of n.children) {
        if (c.type === 'string_fragment') parts.push(str(c.text));
        else if (c.type === 'escape_sequence') parts.push(str(unescapeJs(c.text)));
        else if (c.type === 'template_substitution') parts.push(this.ev(namedChildren(c)[0]));
      }
      return joinParts(parts);
    },
    parenthesized_expression: parenthesized,
    array: elements,
    object(n) {
      const o = obj('object', []);
      for (const p of namedChildren(n)) {
        if (p.type === 'pair') {
          const key = field(p, 'key');
          const k = key?.type === 'string' ? (constant(this.ev(key)) ?? key.text) : (key?.text ?? '');
          const v = this.ev(field(p, 'value'));
          if (o.k === 'obj') {
            o.props[k] = v;
            o.sources.push(...v.sources);
          }
        } else if (p.type === 'shorthand_property_identifier') {
          const v = this.name(p.text);
          if (o.k === 'obj') {
            o.props[p.text] = v;
            o.sources.push(...v.sources);
          }
        } else this.ev(p);
      }
      return o;
    },
    member_expression(n) {
      const target = this.ev(field(n, 'object'));
      return this.attr(target, field(n, 'property')?.text ?? '');
    },
    subscript_expression(n) {
      const target = this.ev(field(n, 'object'));
      const index = this.ev(field(n, 'index'));
      const key = constant(index);
      const arr = items(target);
      if (arr !== null && index.k === 'num') return arr[index.v] ?? dyn(n.text, target.sources);
      if (key !== null && (target.k === 'ref' || target.k === 'obj')) return this.attr(target, key);
      return this.opaque(n, target, index);
    },
    binary_expression(n) {
      const { left, right, op, folded } = this.operands(n);
      if (folded !== null) return folded;
      if (op === '+') return concat([left, right]);
      return this.opaque(n, left, right);
    },
    unary_expression: unary,
    call_expression(n) {
      return this.callNode(n, field(n, 'function'), false);
    },
    new_expression(n) {
      return this.callNode(n, field(n, 'constructor'), true);
    },
    variable_declarator(n) {
      const value = this.ev(field(n, 'value'));
      this.bind(field(n, 'name'), value);
      return value;
    },
    assignment_expression: assignment,
    augmented_assignment_expression(n) {
      return this.augmentedAssignment(n, 'bind');
    },
    while_statement(n) {
      return this.conditionLoop(n, truthy);
    },
    do_statement(n) {
      return this.conditionLoop(n, truthy);
    },
    for_statement(n) {
      const cond = field(n, 'condition');
      this.ev(field(n, 'initializer'));
      const unbounded = cond === undefined || cond.type === 'empty_statement' || truthy(this.ev(cond));
      this.loop(unbounded, () => {
        this.ev(field(n, 'increment'));
        this.ev(field(n, 'body'));
      });
      return dyn('');
    },
    function_declaration(n) {
      return this.definition(field(n, 'name')?.text ?? '', [field(n, 'body')]);
    },
    ...LITERAL_HANDLERS,
  };

  private callNode(n: CodeNode, fnNode: CodeNode | undefined, isNew: boolean): Value {
    const fn = this.ev(fnNode);
    const argsNode = field(n, 'arguments');
    const name = fn.k === 'ref' ? fn.name : '';
    const unbounded = UNBOUNDED_CALLBACKS.has(name);
    const args: Value[] = [];
    if (argsNode?.type === 'template_string') args.push(this.ev(argsNode));
    else
      for (const c of argsNode ? namedChildren(argsNode) : []) {
        if (c.type === 'spread_element') args.push(...(items(this.ev(namedChildren(c)[0])) ?? [dyn(c.text)]));
        else if (unbounded) this.loop(true, () => args.push(this.ev(c)));
        else args.push(this.ev(c));
      }
    if (fn.k === 'method' && fn.name === 'repeat') {
      const size = repeatSize(fn.recv, args[0] ?? dyn(''));
      if (size !== null && size >= LARGE_ALLOCATION) this.a.allocate(size);
      return repeat(fn.recv, args[0]);
    }
    if (fn.k === 'ref' && (name === 'Array' || name === 'Uint8Array') && isNew && args[0]?.k === 'num' && args[0].v * 8 >= LARGE_ALLOCATION) this.a.allocate(args[0].v * 8);
    // new Function('a', 'code'): the last argument is the body.
    if (fn.k === 'ref' && name === 'Function') return this.invoke(fn, args.slice(-1));
    return this.invoke(fn, args);
  }

  override bind(target: CodeNode | undefined, value: Value): void {
    if (target === undefined) return;
    if (target.type === 'identifier') {
      this.assign(target.text, value);
      return;
    }
    if (target.type === 'object_pattern') {
      for (const p of namedChildren(target)) {
        if (p.type === 'shorthand_property_identifier_pattern') this.assign(p.text, this.attr(value, p.text));
        else if (p.type === 'pair_pattern') this.bind(field(p, 'value'), this.attr(value, field(p, 'key')?.text ?? ''));
      }
      return;
    }
    if (target.type === 'array_pattern') {
      const parts = items(value);
      namedChildren(target).forEach((c, i) => this.bind(c, parts?.[i] ?? dyn(c.text, value.sources)));
      return;
    }
    this.ev(target);
  }
}

function unescapeJs(e: string): string {
  const c = e.slice(1);
  if (/^x[0-9a-fA-F]{2}$/.test(c) || /^u[0-9a-fA-F]{4}$/.test(c)) return String.fromCodePoint(parseInt(c.slice(1), 16));
  if (/^u\{[0-9a-fA-F]+\}$/.test(c)) return String.fromCodePoint(parseInt(c.slice(2, -1), 16));
  if (/^[0-7]{1,3}$/.test(c)) return String.fromCharCode(parseInt(c, 8));
  return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[c] ?? (c.startsWith('\n') || c.startsWith('\r') ? '' : c);
}

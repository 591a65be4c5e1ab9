/**
 * Perl inline code (tree-sitter-perl) → effects. Builtins with or without parentheses,
 * `Class->method`, backticks and qx, `.` and `x`, "…$var…" interpolation, `%ENV`, the
 * 2- and 3-argument open (files, pipes `|cmd`/`-|`, descriptor dups `>&S` that wire a
 * socket to the standard streams) and the decoders (decode_base64, pack, chr, reverse)
 * are followed. What each call does is in table.ts.
 *
 * Perl is the hardest grammar to get right: a syntax error leaves the code indeterminate
 * when it mentions a risky API (codeEffects adds the unknown effect).
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import { envObject, envValue, type Analysis } from '../engine.js';
import { elements, joinParts, LITERAL_HANDLERS, nonZero, parenthesized, repeat, unescapeC, Walker, zero, type Handler } from '../walker.js';
import { concat, constant, dyn, items, list, num, str, type Value } from '../values.js';

export { PERL_CALLS } from './table.js';

export function walkPerl(root: CodeNode, a: Analysis): void {
  new PerlWalker(a).ev(root);
}

const OPEN_MODES: Record<string, string> = { '<': 'r', '>': 'w', '>>': 'a', '+<': 'r+', '+>': 'w+', '+>>': 'a+' };

/** Operators folded on two constant numbers. */
const ARITHMETIC = { '+': '+', '*': '*', '**': '**' };

class PerlWalker extends Walker {
  protected readonly handlers: Record<string, Handler<PerlWalker>> = {
    use_statement() {
      return dyn('');
    },
    number(n) {
      return num(Number(n.text.replace(/_/g, '')));
    },
    scalar(n) {
      const name = n.text.replace(/^\$\{?|\}$/g, '');
      return this.env.get(name) ?? dyn(n.text);
    },
    variable_declaration(n) {
      return this.ev(namedChildren(n)[0]);
    },
    string_literal(n) {
      return str(namedChildren(n).map((c) => c.text).join('').replace(/\\(['\\])/g, '$1'));
    },
    interpolated_string_literal(n) {
      return this.interpolated(n);
    },
    command_string(n) {
      return this.callNamed('`', [this.interpolated(n)]);
    },
    autoquoted_bareword(n) {
      return str(n.text);
    },
    bareword(n) {
      return { k: 'ref', name: n.text, sources: [] };
    },
    hash_element_expression(n) {
      const hash = field(n, 'hash');
      // A bare identifier in braces is a string to perl (`$ENV{HOME}` is `$ENV{'HOME'}`).
      const keyNode = field(n, 'key');
      const key = keyNode !== undefined && /^[A-Za-z_]\w*$/.test(keyNode.text) ? str(keyNode.text) : this.ev(keyNode);
      if (hash?.text === '$ENV' || /^\$?ENV$/.test(hash?.text.replace(/^\$/, '') ?? '')) return envValue(constant(key));
      return dyn(n.text, key.sources);
    },
    container_variable(n) {
      return n.text === '$ENV' || n.text === '%ENV' ? envObject() : dyn(n.text);
    },
    hash_variable(n) {
      return n.text === '%ENV' ? envObject() : dyn(n.text);
    },
    parenthesized_expression: parenthesized,
    list_expression: elements,
    anonymous_array_expression(n) {
      return list(namedChildren(n).flatMap((c) => items(this.ev(c)) ?? [this.ev(c)]));
    },
    binary_expression(n) {
      const { left, right, op, folded } = this.operands(n, ARITHMETIC);
      if (op === '.') return concat([left, right]);
      if (op === 'x') return repeat(left, right);
      return folded ?? this.opaque(n, left, right);
    },
    assignment_expression(n) {
      const value = this.ev(field(n, 'right'));
      const left = field(n, 'left');
      const scalar = left?.type === 'variable_declaration' ? namedChildren(left)[0] : left;
      if (scalar?.type === 'scalar') this.assign(scalar.text.replace(/^\$\{?|\}$/g, ''), value);
      return value;
    },
    function_call_expression(n) {
      return this.callBuiltin(n);
    },
    ambiguous_function_call_expression(n) {
      return this.callBuiltin(n);
    },
    func0op_call_expression(n) {
      return this.invoke({ k: 'ref', name: n.text.replace(/\W.*$/s, ''), sources: [] }, []);
    },
    func1op_call_expression(n) {
      const name = n.children.find((c) => !c.named)?.text ?? n.text.replace(/\W.*$/s, '');
      return this.invoke({ k: 'ref', name, sources: [] }, namedChildren(n).map((c) => this.ev(c)));
    },
    method_call_expression(n) {
      const invocant = this.ev(field(n, 'invocant'));
      const method = field(n, 'method')?.text ?? '';
      const { args, kwargs } = this.arguments(field(n, 'arguments'));
      if (invocant.k === 'ref') return this.a.call({ name: `${invocant.name}.${method}`, args, kwargs, receiver: null });
      return this.invoke(this.attr(invocant, method), args, kwargs);
    },
    eval_expression(n) {
      const inner = namedChildren(n)[0];
      if (inner?.type === 'block') return this.ev(inner);
      return this.callNamed('eval', [this.ev(inner)]);
    },
    loop_statement(n) {
      const cond = this.ev(field(n, 'condition'));
      const keyword = n.text.trimStart().slice(0, 5);
      const unbounded = keyword.startsWith('until') ? zero(cond) : nonZero(cond);
      this.loop(unbounded, () => this.ev(field(n, 'block')));
      return dyn('');
    },
    // `fork while 1`, `kill 9, $p until 0`: the statement before the modifier is the loop body.
    postfix_loop_expression(n) {
      const cond = this.ev(field(n, 'condition'));
      const keyword = n.children.find((c) => c.type === 'while' || c.type === 'until')?.type ?? (/\buntil\b/.test(n.text) ? 'until' : 'while');
      const unbounded = keyword === 'until' ? zero(cond) : nonZero(cond);
      const body = namedChildren(n).filter((c) => c.field !== 'condition');
      this.loop(unbounded, () => body.forEach((c) => this.ev(c)));
      return dyn('');
    },
    cstyle_for_statement(n) {
      const unbounded = !n.children.some((c) => c.field === 'condition');
      this.loop(unbounded, () => namedChildren(n).forEach((c) => this.ev(c)));
      return dyn('');
    },
    subroutine_declaration_statement(n) {
      // Perl calls need no parentheses: any mention of the name in the body is a call.
      return this.definition(field(n, 'name')?.text ?? '', [field(n, 'body')], 'word');
    },
    comment: LITERAL_HANDLERS.comment,
  };

  private arguments(node: CodeNode | undefined): { args: Value[]; kwargs: Record<string, Value> } {
    const args: Value[] = [];
    const kwargs: Record<string, Value> = {};
    if (node === undefined) return { args, kwargs };
    const elements = node.type === 'list_expression' || node.type === 'parenthesized_expression' ? namedChildren(node) : [node];
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      if (e.type === 'autoquoted_bareword' && elements[i + 1] !== undefined) {
        kwargs[e.text] = this.ev(elements[++i]);
        continue;
      }
      args.push(this.ev(e));
    }
    return { args, kwargs };
  }

  private callBuiltin(n: CodeNode): Value {
    const name = field(n, 'function')?.text ?? '';
    const { args, kwargs } = this.arguments(field(n, 'arguments'));
    if (name === 'open') return this.open(args);
    return this.invoke({ k: 'ref', name, sources: [] }, args, kwargs);
  }

  /** open(FH, MODE, PATH…) or open(FH, "MODE PATH"). */
  private open(args: Value[]): Value {
    if (args.length >= 3) {
      const mode = (constant(args[1]) ?? '').trim();
      if (mode === '-|' || mode === '|-') return this.callNamed('system', args.slice(2));
      if (/^[<>+]*&/.test(mode)) {
        this.a.wired = true;
        return num(1);
      }
      return this.a.open(args[2], str((OPEN_MODES[mode.replace(/:.*$/, '')] ?? 'r') as string), false);
    }
    const spec = constant(args[1]);
    if (spec === null) return this.a.open(args[1], str('r'), false);
    if (/^\s*[<>+]*&/.test(spec)) {
      this.a.wired = true;
      return num(1);
    }
    const m = /^\s*(\+?(?:>>|>|<))?\s*(.*?)\s*$/s.exec(spec)!;
    if (m[2].startsWith('|') || m[2].endsWith('|')) return this.a.open(str(m[2]), str('r'), false);
    return this.a.open(str(m[2]), str(OPEN_MODES[m[1] ?? '<'] ?? 'r'), false);
  }

  private interpolated(n: CodeNode): Value {
    const parts: Value[] = [];
    for (const c of n.children) {
      if (c.type === 'string_content') parts.push(this.expand(c.text));
      else if (c.type === 'escape_sequence') parts.push(str(unescapeC(c.text)));
      else if (c.named) parts.push(this.ev(c));
    }
    return joinParts(parts);
  }

  /** Variables inside string content the grammar left as text: "$x", "${x}", "$ENV{X}". */
  private expand(body: string): Value {
    const parts: Value[] = [];
    let last = 0;
    for (const m of body.matchAll(/\\(.)|\$ENV\{['"]?(\w+)['"]?\}|\$\{?(\w+)\}?/gs)) {
      parts.push(str(body.slice(last, m.index)));
      last = m.index + m[0].length;
      if (m[1] !== undefined) parts.push(str(unescapeC(m[0])));
      else if (m[2] !== undefined) parts.push(envValue(m[2]));
      else parts.push(this.env.get(m[3]) ?? dyn(m[0]));
    }
    parts.push(str(body.slice(last)));
    return concat(parts);
  }
}

/**
 * Python inline code (tree-sitter-python) → effects. Imports and their aliases give each
 * call its canonical name; constants are folded through +, f-strings, %, .format, join,
 * slices and the decoders; `with … as x`, assignments and loops are followed in order.
 * What each call does is in table.ts.
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import { LARGE_ALLOCATION, type Analysis } from '../engine.js';
import { assignment, elements, formatPercent, joinParts, LITERAL_HANDLERS, parenthesized, repeat, repeatSize, truthy, unary, Walker, type Handler } from '../walker.js';
import { concat, constant, dyn, items, list, num, str, type Value } from '../values.js';

export { PYTHON_CALLS } from './table.js';

export function walkPython(root: CodeNode, a: Analysis): void {
  new PythonWalker(a).ev(root);
}

class PythonWalker extends Walker {
  protected readonly handlers: Record<string, Handler<PythonWalker>> = {
    import_statement(n) {
      for (const c of namedChildren(n)) {
        if (c.type === 'aliased_import') this.aliases.set(field(c, 'alias')?.text ?? '', field(c, 'name')?.text ?? '');
        else this.aliases.set(c.text.split('.')[0], c.text.split('.')[0]);
      }
      return dyn('');
    },
    import_from_statement(n) {
      const module = field(n, 'module_name')?.text ?? '';
      for (const c of n.children) {
        if (c.field === 'module_name') continue;
        if (c.type === 'wildcard_import') this.starModules.push(module);
        else if (c.type === 'aliased_import') this.aliases.set(field(c, 'alias')?.text ?? '', `${module}.${field(c, 'name')?.text ?? ''}`);
        else if (c.type === 'dotted_name' && c.field === 'name') this.aliases.set(c.text, `${module}.${c.text}`);
      }
      return dyn('');
    },
    identifier(n) {
      return this.name(n.text);
    },
    integer(n) {
      const v = Number(n.text.replace(/_/g, '').replace(/^0o/i, '0o'));
      return Number.isFinite(v) ? num(v) : dyn(n.text);
    },
    float(n) {
      return num(Number(n.text));
    },
    string(n) {
      return this.string(n);
    },
    concatenated_string(n) {
      return concat(namedChildren(n).map((c) => this.ev(c)));
    },
    parenthesized_expression: parenthesized,
    list: elements,
    tuple: elements,
    expression_list: elements,
    attribute(n) {
      const target = this.ev(field(n, 'object'));
      return this.attr(target, field(n, 'attribute')?.text ?? '');
    },
    subscript(n) {
      const value = this.ev(field(n, 'value'));
      const sub = n.children.find((c) => c.field === 'subscript');
      if (sub?.type === 'slice') {
        const parts = namedChildren(sub).map((c) => this.ev(c));
        // s[::-1]: the only slice worth folding (it hides reversed strings).
        if (sub.text.replace(/\s/g, '') === '::-1') {
          if (value.k === 'str') return str([...value.v].reverse().join(''), value.decoded, value.sources);
          if (value.k === 'list') return list([...value.items].reverse());
        }
        return this.opaque(n, value, ...parts);
      }
      const key = this.ev(sub);
      if ((value.k === 'obj' && value.cls === 'env') || (value.k === 'ref' && value.name === 'os.environ')) return this.callNamed('os.getenv', [key]);
      const arr = items(value);
      const index = key.k === 'num' ? key.v : null;
      if (arr !== null && index !== null) return arr[index < 0 ? arr.length + index : index] ?? dyn(n.text, value.sources);
      return this.opaque(n, value, key);
    },
    binary_operator(n) {
      const { left, right, op, folded } = this.operands(n);
      if (folded !== null) return folded;
      if (op === '+') {
        if (left.k === 'list' && right.k === 'list') return list([...left.items, ...right.items]);
        return concat([left, right]);
      }
      if (op === '%' && left.k === 'str') return formatPercent(left.v, items(right) ?? [right]);
      if (op === '*') {
        const [s, times] = left.k === 'num' ? [right, left] : [left, right];
        const size = repeatSize(s, times);
        if (size !== null && size >= LARGE_ALLOCATION) this.a.allocate(size);
        return s.k === 'list' ? dyn(n.text, s.sources) : repeat(s, times);
      }
      if (op === '/' && left.k === 'obj' && left.cls === 'pathlib.Path') {
        const joined = concat([left.props.path ?? left.args[0] ?? dyn(''), str('/'), right]);
        return this.callNamed('pathlib.Path', [joined]);
      }
      return this.opaque(n, left, right);
    },
    unary_operator: unary,
    call(n) {
      const fnNode = field(n, 'function');
      const fn = this.ev(fnNode);
      const argsNode = field(n, 'arguments');
      const args: Value[] = [];
      const kwargs: Record<string, Value> = {};
      // `list(f(x) for x in y)`: the generator is the one argument.
      for (const c of argsNode?.type === 'generator_expression' ? [argsNode] : argsNode ? namedChildren(argsNode) : []) {
        if (c.type === 'keyword_argument') kwargs[field(c, 'name')?.text ?? ''] = this.ev(field(c, 'value'));
        else if (c.type === 'list_splat') args.push(...(items(this.ev(namedChildren(c)[0])) ?? [dyn(c.text)]));
        else args.push(this.ev(c));
      }
      // os.path.join: folded here, it is only string work.
      if (fn.k === 'ref' && (fn.name === 'os.path.join' || fn.name === 'posixpath.join')) return joinPath(args);
      // glob.glob('/var/log/*.log'): the matches stand for the pattern (a glob path), one per item.
      if (fn.k === 'ref' && (fn.name === 'glob.glob' || fn.name === 'glob.iglob') && args[0] !== undefined) return list([args[0]]);
      return this.invoke(fn, args, kwargs);
    },
    assignment: assignment,
    augmented_assignment(n) {
      return this.augmentedAssignment(n, 'bind');
    },
    with_statement(n) {
      for (const item of n.children.flatMap((c) => (c.type === 'with_clause' ? namedChildren(c) : []))) {
        const value = field(item, 'value');
        if (value?.type === 'as_pattern') {
          const v = this.ev(namedChildren(value)[0]);
          this.bind(field(value, 'alias') ? namedChildren(field(value, 'alias')!)[0] : undefined, v);
        } else this.ev(value);
      }
      return this.ev(field(n, 'body'));
    },
    while_statement(n) {
      return this.conditionLoop(n, truthy);
    },
    for_statement(n) {
      const over = this.ev(field(n, 'right'));
      const target = field(n, 'left');
      const unbounded = endless(over, field(n, 'right')?.text ?? '');
      const arr = items(over);
      if (target?.type === 'identifier') this.assign(target.text, arr?.[0] ?? dyn(target.text, over.sources));
      this.loop(unbounded, () => this.ev(field(n, 'body')));
      return dyn('');
    },
    // `[open(f, 'w') for f in glob.glob(…)]`: the body runs once per item, with the loop name bound.
    list_comprehension(n) {
      return this.comprehension(n);
    },
    set_comprehension(n) {
      return this.comprehension(n);
    },
    dictionary_comprehension(n) {
      return this.comprehension(n);
    },
    generator_expression(n) {
      return this.comprehension(n);
    },
    function_definition(n) {
      return this.definition(field(n, 'name')?.text ?? '', [field(n, 'body')]);
    },
    lambda(n) {
      return this.visitChildren(n);
    },
    ...LITERAL_HANDLERS,
  };

  comprehension(n: CodeNode): Value {
    let unbounded = false;
    for (const clause of namedChildren(n)) {
      if (clause.type !== 'for_in_clause') continue;
      const over = this.ev(field(clause, 'right'));
      unbounded ||= endless(over, field(clause, 'right')?.text ?? '');
      const left = field(clause, 'left');
      this.bind(left, items(over)?.[0] ?? dyn(left?.text ?? '', over.sources));
    }
    this.loop(unbounded, () => {
      for (const clause of namedChildren(n)) if (clause.type === 'if_clause') this.ev(clause);
      this.ev(field(n, 'body'));
    });
    return dyn('');
  }

  override bind(target: CodeNode | undefined, value: Value): void {
    if (target === undefined) return;
    if (target.type === 'identifier') {
      this.assign(target.text, value);
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      const parts = items(value);
      namedChildren(target).forEach((c, i) => this.bind(c, parts?.[i] ?? dyn(c.text, value.sources)));
      return;
    }
    if (target.type === 'subscript' || target.type === 'attribute') {
      // os.environ['X'] = …, obj.attr = …: evaluate for calls inside, no binding kept.
      this.ev(target);
    }
  }

  private string(n: CodeNode): Value {
    const prefix = (n.children.find((c) => c.type === 'string_start')?.text ?? '').toLowerCase();
    const raw = prefix.includes('r');
    const parts: Value[] = [];
    for (const c of n.children) {
      if (c.type === 'string_content') parts.push(str(raw ? c.text : unescapePython(c.text)));
      else if (c.type === 'interpolation') parts.push(this.ev(field(c, 'expression') ?? namedChildren(c)[0]));
    }
    return joinParts(parts);
  }
}

/** An iterator with no end: itertools.count/cycle/repeat, and iter(callable, sentinel) (`iter(int, 1)`). */
function endless(over: Value, text: string): boolean {
  return /^itertools\.(?:count|cycle|repeat)$/.test(over.k === 'ref' ? over.name : '') || /itertools\.count|\bcount\(\)|cycle\(|\biter\(\s*[\w.]+\s*,/.test(text);
}

function joinPath(args: Value[]): Value {
  const out: Value[] = [];
  for (const a of args) {
    const t = constant(a);
    if (t !== null && t.startsWith('/')) out.length = 0;
    else if (out.length > 0) out.push(str('/'));
    out.push(a);
  }
  return concat(out);
}

function unescapePython(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|\n|.)/g, (_m, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? (e === '\n' ? '' : `\\${e}`);
  });
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

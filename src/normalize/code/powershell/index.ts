/**
 * PowerShell inline code (tree-sitter-powershell) → effects. Cmdlets and their aliases
 * are called with their named parameters (`-Path`, `-Recurse`) and positional arguments;
 * .NET calls (`[IO.File]::Delete`, `(New-Object Net.WebClient).DownloadString`) by their
 * type and method; what is piped into a cmdlet is its first argument (`"…" | iex`).
 * External programs become `exec` effects for the bash producer. Strings fold through `+`,
 * "… $var …" expansion and FromBase64String. What each call does is in table.ts.
 */
import type { CodeNode } from '../grammars.js';
import { field, namedChildren } from '../grammars.js';
import { envValue, type Analysis } from '../engine.js';
import { LITERAL_HANDLERS, nonZero, Walker, type Handler } from '../walker.js';
import { concat, constant, dyn, list, num, str, text, type Value } from '../values.js';

import { COMMAND_CMDLETS, ITEM_READERS, PROPERTY_FILES } from './table.js';

export { POWERSHELL_CALLS } from './table.js';

export function walkPowershell(root: CodeNode, a: Analysis): void {
  new PowershellWalker(a).ev(root);
}

/** Parameters that take no value. */
const SWITCHES = new Set(['recurse', 'force', 'verbose', 'whatif', 'confirm', 'nonewwindow', 'wait', 'usebasicparsing', 'passthru', 'noprofile', 'nop', 'noninteractive', 'raw', 'asjob', 'append', 'noclobber', 'debug']);
/** Cmdlet aliases that name no external program and do nothing worth stating. */
const HARMLESS = new Set(['echo', 'write', 'write-host', 'write-output', 'ls', 'dir', 'gci', 'cd', 'pwd', 'cls', 'clear', 'where', 'select', 'sort', 'foreach', '%', '?', 'measure', 'get-childitem', 'get-location', 'set-location', 'select-object', 'where-object', 'foreach-object', 'sort-object', 'out-null', 'out-string', 'format-table', 'format-list', 'get-date', 'get-process', 'get-item', 'test-path', 'join-path', 'split-path', 'resolve-path', 'get-command', 'get-help', 'measure-object', 'sleep', 'start-sleep', 'exit', 'return']);

const typeName = (n: CodeNode): string => n.text.replace(/^\[|\]$/g, '').replace(/^System\./i, '');

class PowershellWalker extends Walker {
  protected readonly handlers: Record<string, Handler<PowershellWalker>> = {
    variable(n) {
      const name = n.text.replace(/^[$@]\{?|\}$/g, '');
      if (/^env:/i.test(name)) return envValue(name.slice(4));
      if (/^true$/i.test(name)) return num(1);
      if (/^(?:false|null)$/i.test(name)) return num(0);
      // $HOME is the home folder, as $env:HOME and $env:USERPROFILE are.
      if (/^home$/i.test(name) && !this.env.has('home')) return envValue('HOME');
      return this.env.get(name.toLowerCase()) ?? dyn(n.text);
    },
    decimal_integer_literal(n) {
      return num(Number(n.text.replace(/[lL]$/, '')));
    },
    expandable_string_literal(n) {
      return this.expand(n.text.replace(/^["\u201c\u201d]|["\u201c\u201d]$/g, ''));
    },
    verbatim_string_characters(n) {
      return str(n.text.replace(/^'|'$/g, '').replace(/''/g, "'"));
    },
    expandable_here_string_literal(n) {
      return this.expand(n.text.replace(/^@"\r?\n?|\r?\n?"@$/g, ''));
    },
    generic_token(n) {
      return str(n.text);
    },
    type_literal(n) {
      return { k: 'ref', name: typeName(n), sources: [] };
    },
    additive_expression(n) {
      const parts = namedChildren(n);
      if (parts.length === 1) return this.ev(parts[0]);
      const values = parts.map((p) => this.ev(p));
      if (n.children.some((c) => !c.named && c.text === '+')) {
        if (values.every((v) => v.k === 'num')) return num(values.reduce((s, v) => s + (v.k === 'num' ? v.v : 0), 0));
        return concat(values);
      }
      return dyn(n.text, values.flatMap((v) => v.sources));
    },
    array_literal_expression(n) {
      const parts = namedChildren(n);
      return parts.length === 1 ? this.ev(parts[0]) : list(parts.map((p) => this.ev(p)));
    },
    member_access(n) {
      const [targetNode, memberNode] = namedChildren(n);
      const member = memberNode?.text ?? '';
      if (targetNode?.type === 'type_literal') return { k: 'ref', name: `${typeName(targetNode)}::${member}`, sources: [] };
      return this.attr(this.ev(targetNode), member);
    },
    invokation_expression(n) {
      const parts = namedChildren(n);
      const targetNode = parts[0];
      const member = parts.find((p) => p.type === 'member_name')?.text ?? '';
      const args = this.args(parts.find((p) => p.type === 'argument_list'));
      if (targetNode?.type === 'type_literal') return this.invoke({ k: 'ref', name: `${typeName(targetNode)}::${member}`, sources: [] }, args);
      const target = this.ev(targetNode);
      if (target.k === 'ref') return this.invoke({ k: 'ref', name: `${target.name}.${member}`, sources: [] }, args);
      return this.invoke(this.attr(target, member), args);
    },
    assignment_expression(n) {
      const value = this.ev(field(n, 'value'));
      const left = namedChildren(n)[0];
      const name = left?.text.trim().replace(/^\$\{?|\}$/g, '').toLowerCase();
      if (name && /^[\w:]+$/.test(name)) this.assign(name, value);
      return value;
    },
    pipeline_chain(n) {
      let piped: Value | null = null;
      for (const c of namedChildren(n)) piped = c.type === 'command' ? this.command(c, piped) : this.ev(c);
      return piped ?? dyn('');
    },
    while_statement(n) {
      return this.conditionLoop(n, nonZero, 'rest');
    },
    comment: LITERAL_HANDLERS.comment,
  };

  override ev(node: CodeNode | undefined): Value {
    // The grammar wraps every expression in a chain of one-child nodes: pass through them.
    if (node !== undefined && !(node.type in this.handlers)) {
      const named = namedChildren(node);
      if (named.length === 1 && node.type !== 'command') return this.ev(named[0]);
    }
    return super.ev(node);
  }

  private args(node: CodeNode | undefined): Value[] {
    if (node === undefined) return [];
    const list = node.type === 'argument_list' ? namedChildren(node).flatMap((c) => (c.type === 'argument_expression_list' ? namedChildren(c) : [c])) : [node];
    return list.map((c) => this.ev(c));
  }

  private command(n: CodeNode, piped: Value | null): Value {
    const nameNode = field(n, 'command_name');
    const invoked = n.children.some((c) => c.type === 'command_invokation_operator');
    const nameValue = nameNode?.type === 'command_name_expr' ? this.ev(nameNode) : str(nameNode?.text ?? '');
    const name = (constant(nameValue) ?? '').toLowerCase();
    const positional: Value[] = [];
    const named: Record<string, Value> = {};
    const elements = namedChildren(field(n, 'command_elements') ?? n).filter((c) => c.type !== 'command_argument_sep');
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i];
      if (e.type === 'command_parameter') {
        const [param, inline] = e.text.replace(/^-/, '').split(/:(.*)/s);
        const key = param.toLowerCase();
        const next = elements[i + 1];
        if (inline !== undefined && inline !== '') named[key] = str(inline);
        else if (!SWITCHES.has(key) && next !== undefined && next.type !== 'command_parameter') {
          named[key] = this.ev(next);
          i++;
        } else named[key] = num(1);
        continue;
      }
      // `iex (New-Object X).Method(args)`: the grammar splits the call from its arguments.
      const previous = positional[positional.length - 1];
      if (e.type === 'argument_list' && previous !== undefined && (previous.k === 'method' || previous.k === 'ref')) positional[positional.length - 1] = this.invoke(previous, this.args(e));
      else if (e.type === 'argument_list') positional.push(...this.args(e));
      else positional.push(this.ev(e));
    }
    if (piped !== null) positional.unshift(piped);
    if (name === 'new-object') {
      const type = (constant(named.typename ?? positional[0]) ?? '').replace(/^System\./i, '');
      const args = named.argumentlist ? [named.argumentlist] : positional.slice(1);
      const spec = this.a.spec(type);
      return spec === undefined ? { k: 'obj', cls: type, args, props: {}, sources: [] } : this.callNamed(type, args);
    }
    // The environment drive (`Get-ChildItem env:`, `gci Env:\\`, `Get-Content env:TOKEN`): the environment, not files.
    const item = ITEM_READERS.has(name) && !invoked ? constant(named.path ?? named.literalpath ?? positional[piped !== null ? 1 : 0] ?? str('')) : null;
    const drive = item === null ? null : /^env:[\\/]?(\*|[A-Za-z_]\w*)?$/i.exec(item);
    if (drive !== null) return drive[1] === undefined || drive[1] === '*' ? envValue(null) : envValue(drive[1]);
    const properties = invoked ? undefined : PROPERTY_FILES[name];
    if (properties !== undefined) return { k: 'obj', cls: name, args: [], props: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, str(v)])), sources: [] };
    const command = invoked ? undefined : COMMAND_CMDLETS[name];
    if (command !== undefined) {
      const argv = [str(command), ...elements.map((e) => (e.type === 'command_parameter' ? str(e.text.split(':')[0].toLowerCase()) : this.ev(e)))];
      this.a.execArgv(argv.map((v) => (text(v) === null ? dyn('') : v)), false);
      return dyn(n.text, ['output']);
    }
    if (this.a.spec(name) !== undefined && !invoked) return this.a.call({ name, args: positional, kwargs: named, receiver: null });
    if (name === '' || HARMLESS.has(name) || (name.includes('-') && !invoked && !name.includes('/'))) return dyn(n.text, positional.flatMap((p) => p.sources));
    // An external program: its argv as written.
    const argv = [nameValue, ...elements.map((e) => (e.type === 'command_parameter' ? str(e.text) : this.ev(e)))];
    this.a.execArgv(argv.map((v) => (text(v) === null ? dyn('') : v)), false);
    return dyn(n.text, ['output']);
  }

  /** "… $name … $env:X … ${x} …": variables expanded, subexpressions unknown. */
  private expand(body: string): Value {
    const parts: Value[] = [];
    let last = 0;
    for (const m of body.matchAll(/`(.)|\$\{([^}]+)\}|\$(env:[A-Za-z_]\w*|[A-Za-z_]\w*)|\$\(/g)) {
      parts.push(str(body.slice(last, m.index)));
      last = m.index + m[0].length;
      if (m[1] !== undefined) parts.push(str(({ n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07' } as Record<string, string>)[m[1]] ?? m[1]));
      else if (m[0] === '$(') parts.push(dyn('$('));
      else {
        const name = (m[2] ?? m[3]).toLowerCase();
        parts.push(name.startsWith('env:') ? envValue((m[2] ?? m[3]).slice(4)) : (this.env.get(name) ?? dyn(m[0])));
      }
    }
    parts.push(str(body.slice(last)));
    return concat(parts);
  }
}

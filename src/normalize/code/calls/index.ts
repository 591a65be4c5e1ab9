/**
 * A careful reader of call syntax for languages with no grammar that installs on Node 20 with
 * our tree-sitter (Go, R, Julia, Rust): `name(args)` calls with string literals, `+` and
 * `paste0`/`file.path`/`filepath.Join`-style folding, simple bindings (`x := …`, `x <- …`,
 * `let x = …`), keyword arguments, and the builder chains that start processes
 * (`Command::new("sh").arg("-c").arg(…)`). Each call is looked up in the language's table
 * (table.ts) and applied by the shared engine, so `os.RemoveAll(home)` is the same delete as
 * `shutil.rmtree(home)`. What the reader cannot follow stays unknown: the caller keeps the
 * language's `unparsed_code` effect whenever the code reaches a risky API.
 */
import type { Analysis, CallSite } from '../engine.js';
import { envValue } from '../engine.js';
import { concat, dyn, list, str, text, type Value } from '../values.js';
import { CALL_LANGUAGES, TRUE_WORDS, type CallLanguage } from './table.js';

type Token = { t: 'str'; v: string; cmd: boolean } | { t: 'id'; v: string } | { t: 'num'; v: string } | { t: 'p'; v: string };

/** Tokens of C-like code: strings (with the language's quotes), names with `.`/`::`, punctuation. */
function tokenize(code: string, lang: CallLanguage): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = code.length;
  while (i < n && out.length < 20_000) {
    const c = code[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // Comments: `//` and `/* */` (Go, Rust), `#` (R, Julia).
    if (lang.comments.includes('//') && code.startsWith('//', i)) {
      i = code.indexOf('\n', i) === -1 ? n : code.indexOf('\n', i);
      continue;
    }
    if (lang.comments.includes('/*') && code.startsWith('/*', i)) {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (lang.comments.includes('#') && c === '#') {
      i = code.indexOf('\n', i) === -1 ? n : code.indexOf('\n', i);
      continue;
    }
    if (lang.quotes.includes(c)) {
      let j = i + 1;
      let v = '';
      const raw = lang.raw.includes(c);
      while (j < n && code[j] !== c) {
        if (code[j] === '\\' && !raw && j + 1 < n) {
          const e = code[j + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else v += code[j++];
      }
      out.push({ t: 'str', v, cmd: lang.commandQuote === c });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_][\w]*(?:(?:\.|::)[A-Za-z_][\w]*)*!?/.exec(code.slice(i, i + 200));
    if (id !== null) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const num = /^\d[\w.]*/.exec(code.slice(i, i + 40));
    if (num !== null) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const op = /^(?::=|<-|->|==|!=|<=|>=|&&|\|\||\.\.|=>)/.exec(code.slice(i, i + 2));
    out.push({ t: 'p', v: op !== null ? op[0] : c });
    i += op !== null ? op[0].length : 1;
  }
  return out;
}

class Reader {
  private i = 0;
  private readonly vars = new Map<string, Value>();

  constructor(
    private readonly toks: Token[],
    private readonly lang: CallLanguage,
    private readonly a: Analysis,
  ) {}

  run(): void {
    for (let guard = 0; this.i < this.toks.length && guard < 50_000; guard++) {
      const start = this.i;
      // A binding: `x := e`, `x <- e`, `x = e`, `let [mut] x = e`, `var x = e`, `home, _ := e`.
      const names: string[] = [];
      let j = this.i;
      if (this.is(j, 'id') && ['let', 'var', 'const', 'local'].includes(this.toks[j].v)) j++;
      if (this.is(j, 'id') && this.toks[j].v === 'mut') j++;
      while (this.is(j, 'id')) {
        names.push(this.toks[j].v);
        if (this.punct(j + 1, ',')) j += 2;
        else break;
      }
      const assign = this.toks[j + 1];
      if (names.length > 0 && assign?.t === 'p' && [':=', '<-', '='].includes(assign.v) && this.is(j, 'id')) {
        this.i = j + 2;
        const v = this.expr();
        this.vars.set(names[0], v);
        continue;
      }
      this.expr();
      if (this.i === start) this.i++;
    }
  }

  private is(j: number, t: Token['t']): boolean {
    return this.toks[j]?.t === t;
  }

  private punct(j: number, v: string): boolean {
    const tok = this.toks[j];
    return tok?.t === 'p' && tok.v === v;
  }

  /** One expression: terms joined by `+` (or Julia's `*` on strings); a call's value or a dynamic one. */
  private expr(): Value {
    const parts: Value[] = [this.term()];
    while (this.punct(this.i, '+') || (this.lang.stringStar && this.punct(this.i, '*'))) {
      this.i++;
      parts.push(this.term());
    }
    // `.unwrap()`, `?`, `.expect("…")` and other postfix steps leave the value as it is.
    return parts.length === 1 ? parts[0] : concat(parts);
  }

  private term(): Value {
    const tok = this.toks[this.i];
    if (tok === undefined) return dyn('');
    if (tok.t === 'str') {
      this.i++;
      // Julia's backticks are a command: a value that runs as an argv when given to run().
      return str(tok.v);
    }
    if (tok.t === 'num') {
      this.i++;
      return dyn(tok.v);
    }
    if (tok.t === 'p' && (tok.v === '(' || tok.v === '[')) {
      // A parenthesised expression or a list literal: read what is inside.
      const items = this.args(tok.v === '(' ? ')' : ']');
      return items.args.length === 1 && tok.v === '(' ? items.args[0] : list(items.args);
    }
    // A block's statements are read one by one by run(), bindings included.
    if (tok.t === 'p' && (tok.v === '{' || tok.v === '}')) {
      this.i++;
      return dyn('');
    }
    if (tok.t === 'p' && tok.v === '&') {
      this.i++;
      return this.term();
    }
    if (tok.t === 'id') {
      this.i++;
      let name = tok.v;
      if (TRUE_WORDS.has(name) && !this.punct(this.i, '(')) return str('TRUE');
      if (name === 'c' && this.lang.name === 'r' && this.punct(this.i, '(')) {
        const items = this.args(')');
        return list(items.args);
      }
      // A macro or a generic step that does not change the callee (`vec![…]`, `Command::new`).
      if (this.punct(this.i, '(')) {
        let value = this.call(name);
        // Builder chains and postfix methods: `.arg(x)`, `.args([…])`, `.unwrap()`, `?`.
        for (let guard = 0; guard < 64; guard++) {
          if (this.punct(this.i, '?')) {
            this.i++;
            continue;
          }
          if (this.punct(this.i, '.') && this.is(this.i + 1, 'id')) {
            const method = this.toks[this.i + 1].v;
            this.i += 2;
            if (!this.punct(this.i, '(')) continue;
            const { args } = this.args(')');
            value = this.chain(value, method, args);
            continue;
          }
          break;
        }
        return value;
      }
      const dot = name.lastIndexOf('.');
      if (this.vars.has(name)) return this.vars.get(name)!;
      // `home.unwrap` read as one name: the variable before the method.
      if (dot > 0 && this.vars.has(name.slice(0, dot))) return this.vars.get(name.slice(0, dot))!;
      name = tok.v;
      return dyn(name);
    }
    this.i++;
    return dyn('');
  }

  /** `(a, b, k = v)` after `this.i` at the opening bracket: positional and keyword arguments. */
  private args(close: string): { args: Value[]; kwargs: Record<string, Value> } {
    this.i++;
    const args: Value[] = [];
    const kwargs: Record<string, Value> = {};
    for (let guard = 0; this.i < this.toks.length && guard < 10_000; guard++) {
      if (this.punct(this.i, close)) {
        this.i++;
        break;
      }
      if (this.punct(this.i, ',') || this.punct(this.i, ';')) {
        this.i++;
        continue;
      }
      if (this.is(this.i, 'id') && this.punct(this.i + 1, '=') && !this.punct(this.i + 2, '=')) {
        const key = this.toks[this.i].v;
        this.i += 2;
        kwargs[key] = this.expr();
        continue;
      }
      const start = this.i;
      args.push(this.expr());
      // Anything the expression grammar here does not read (operators, types): skipped to the next separator.
      while (this.i < this.toks.length && !this.punct(this.i, ',') && !this.punct(this.i, ';') && !this.punct(this.i, close)) {
        const t = this.toks[this.i];
        if (t.t === 'p' && (t.v === '(' || t.v === '[' || t.v === '{')) this.args(t.v === '(' ? ')' : t.v === '[' ? ']' : '}');
        else this.i++;
      }
      if (this.i === start) this.i++;
    }
    return { args, kwargs };
  }

  private call(name: string): Value {
    const { args, kwargs } = this.args(')');
    const folded = this.lang.fold(name, args, kwargs);
    if (folded !== undefined) return folded;
    const site: CallSite = { name: this.lang.canonical(name), args, kwargs, receiver: null };
    if (this.lang.builders.has(site.name)) return { k: 'obj', cls: 'process', args, props: {}, sources: [] };
    // A call into an acting API the table does not know: what it does is not read.
    if (this.a.spec(site.name) === undefined && this.lang.risky.test(site.name)) this.a.unknown(`unparsed_code:${this.lang.name}`);
    return this.a.call(site);
  }

  /** A method step of a chain: process builders collect their argv and run it at `status`/`output`/`spawn`. */
  private chain(value: Value, method: string, args: Value[]): Value {
    if (value.k === 'obj' && value.cls === 'process') {
      if (method === 'arg') return { ...value, args: [...value.args, ...args] };
      if (method === 'args') return { ...value, args: [...value.args, ...args.flatMap((x) => (x.k === 'list' ? x.items : [x]))] };
      if (['status', 'output', 'spawn', 'exec', 'Run', 'Output', 'CombinedOutput', 'Start'].includes(method)) {
        this.a.call({ name: 'process.run', args: value.args, kwargs: {}, receiver: null });
        return dyn('process');
      }
      return value;
    }
    if (method === 'unwrap' || method === 'expect' || method === 'unwrap_or_default' || method === 'to_string' || method === 'into') return value;
    if (method === 'join' && value.k === 'str') return concat([value, str('/'), ...args]);
    return dyn(`${text(value) ?? ''}.${method}()`, value.sources);
  }
}

export { envValue };

/** Read `code` in `language` (go, r, julia, rust) into the analysis; false when no reader exists. */
export function walkCalls(language: string, code: string, a: Analysis): boolean {
  const lang = CALL_LANGUAGES[language];
  if (lang === undefined) return false;
  new Reader(tokenize(code, lang), lang, a).run();
  return true;
}

export function callLanguages(): string[] {
  return Object.keys(CALL_LANGUAGES);
}

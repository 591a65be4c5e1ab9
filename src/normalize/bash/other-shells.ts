/**
 * Code given to zsh or fish (`zsh -c '…'`, `echo '…' | fish`) that tree-sitter-bash cannot read
 * as written, rewritten to bash with the same meaning so the walk judges what it runs: fish's
 * blocks (`for …; …; end`, `if`, `while`, `begin`, `function`), `and`/`or`/`not`, `(cmd)`
 * substitutions and `set`; zsh's glob qualifiers (`*.kt(.N)`) and parameter flags
 * (`${(f)…}`).
 *
 * Only constructs whose meaning is certain are rewritten. Anything else (fish's `switch`,
 * escapes inside fish's single quotes, a zsh qualifier that runs code such as `(e:…:)` or
 * `(+fn)`, a modifier that changes the path such as `(:h)`) gives null: the caller keeps the
 * original text, which stays unreadable to bash and so indeterminate, never allowed.
 * Dropping a glob qualifier only widens what the glob matches (a qualifier filters matches),
 * so the walk judges a superset of the paths zsh would pass.
 */

/** The rewrite for `shell`, null when the shell is not one of these or the code is not certain. */
export function otherShellToBash(shell: string, code: string): string | null {
  if (code.length > MAX_CODE) return null;
  if (shell === 'fish') return fishToBash(code);
  if (shell === 'zsh') return zshToBash(code);
  return null;
}

const MAX_CODE = 8 * 1024;

// ---------------------------------------------------------------- zsh

/**
 * Glob qualifiers that only filter or order matches: file types (`.`, `/`, `@`, `=`, `p`, `*`,
 * `%`), permissions (`r`, `w`, `x`, `A`, `I`, `E`, `R`, `W`, `X`, `s`, `S`, `t`), owners (`U`,
 * `G`), sizes and times (`L`, `m`, `a`, `c` with units `k`, `M`, `h`, `d`, `w`), order (`o`,
 * `O`, `n`), `N` (null glob), `D` (dot files), `Y` (first n), `F` (full folders), `T`/`M`
 * marks, `^` and `-` toggles, `[a,b]` subscripts. Not `e`/`+` (code), not `:` (modifiers,
 * which change the names), not `u`/`g`/`f` (take delimited arguments), not `P` (prepends words).
 */
const GLOB_QUALIFIER = /^[./@=p*%rwxAIERWXsStUGLmachkdMTYnoOND^\-[\],0-9F]+$/;

function zshToBash(code: string): string | null {
  let out = '';
  let changed = false;
  let i = 0;
  let quote: '"' | "'" | null = null;
  while (i < code.length) {
    const c = code[i]!;
    if (quote === "'") {
      out += c;
      if (c === "'") quote = null;
      i++;
      continue;
    }
    if (c === '\\') {
      out += code.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === quote) {
      quote = null;
      out += c;
      i++;
      continue;
    }
    if (quote === null && (c === "'" || c === '"')) {
      quote = c;
      out += c;
      i++;
      continue;
    }
    // ${(flags)NAME…} and ${(flags)"$(cmd)"}: parameter flags that reshape a value (split
    // lines, join, case, quoting, sort) but run nothing.
    if (c === '$' && code.startsWith('${(', i)) {
      const close = code.indexOf(')', i + 3);
      const flags = close === -1 ? '' : code.slice(i + 3, close);
      if (close === -1 || !/^(?:[fFULCkvoOuqQz@0]|[js]:[^:]*:)+$/.test(flags)) return null;
      const rest = code.slice(close + 1);
      const name = /^[A-Za-z_]\w*/.exec(rest);
      if (name !== null) {
        out += '${';
        i = close + 1;
        changed = true;
        continue;
      }
      // A quoted command substitution as the value: `${(f)"$(git ls-files)"}` → `"$(git ls-files)"`.
      if (rest.startsWith('"$(')) {
        const end = matchingParen(code, close + 3);
        if (end === -1 || code[end + 1] !== '"' || code[end + 2] !== '}') return null;
        out += code.slice(close + 1, end + 2);
        i = end + 3;
        changed = true;
        continue;
      }
      return null;
    }
    // A glob qualifier: `(…)` glued to a word holding a glob character, outside quotes.
    if (quote === null && c === '(' && i > 0 && /[^\s;|&<>()]/.test(code[i - 1]!)) {
      const word = /[^\s;|&<>()'"]*$/.exec(out)?.[0] ?? '';
      const close = code.indexOf(')', i);
      const inner = close === -1 ? '' : code.slice(i + 1, close);
      if (/[*?\]]/.test(word) && close !== -1) {
        if (inner !== '' && !GLOB_QUALIFIER.test(inner)) return null;
        i = close + 1;
        changed = true;
        continue;
      }
    }
    out += c;
    i++;
  }
  return changed && quote === null ? out : null;
}

/** The index of the `)` closing the `(` at `open`, across quotes and nesting; -1 if none. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

// ---------------------------------------------------------------- fish

interface Statement {
  text: string;
  /** The separator after it: ';', '\n', '&&', '||', '|', '&', or '' at the end. */
  sep: string;
}

/** Splits fish code into statements at top-level separators, turning `(cmd)` into `$(cmd)`. */
function fishStatements(code: string): Statement[] | null {
  const out: Statement[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quote === "'") {
      // fish reads \' and \\ inside single quotes; bash does not: not certain.
      if (c === '\\') return null;
      cur += c;
      if (c === "'") quote = null;
      continue;
    }
    if (quote === '"') {
      if (c === '\\') {
        cur += code.slice(i, i + 2);
        i++;
        continue;
      }
      // `$(cmd)` runs inside fish's double quotes as in bash; `(cmd)` does not, and bash's backticks would.
      if (c === '`') return null;
      cur += c;
      if (c === '"') quote = null;
      continue;
    }
    if (c === '\\') {
      cur += code.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '`') return null; // literal in fish, a substitution to bash
    if (c === "'" || c === '"') {
      quote = c;
      cur += c;
      continue;
    }
    if (c === '#' && (cur === '' || /\s$/.test(cur))) {
      // A comment runs to the end of the line.
      while (i + 1 < code.length && code[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '(') {
      depth++;
      cur += cur.endsWith('$') ? '(' : '$(';
      continue;
    }
    if (c === ')') {
      if (depth === 0) return null;
      depth--;
      cur += c;
      continue;
    }
    if (depth > 0) {
      // Inside a substitution fish's own separators and keywords are not rewritten: keep it simple.
      if (c === '\n') return null;
      cur += c;
      continue;
    }
    const two = code.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      out.push({ text: cur.trim(), sep: two });
      cur = '';
      i++;
      continue;
    }
    if (c === ';' || c === '\n' || (c === '|' && code[i + 1] !== '&') || (c === '&' && !/[<>]$/.test(cur) && code[i + 1] !== '>')) {
      out.push({ text: cur.trim(), sep: c });
      cur = '';
      continue;
    }
    cur += c;
  }
  if (quote !== null || depth !== 0) return null;
  out.push({ text: cur.trim(), sep: '' });
  return out;
}

const SET_FLAGS = /^-[lgxuUeaqpSn]+$|^--(?:local|global|export|universal|erase|query|append|prepend|path|unpath|unexport|function)$/;

/** fish's `set [flags] NAME [values…]` as bash. */
function fishSet(words: string[]): string | null {
  let i = 1;
  const flags = new Set<string>();
  while (i < words.length && words[i]!.startsWith('-')) {
    const w = words[i]!;
    if (!SET_FLAGS.test(w)) return null;
    if (w.startsWith('--')) flags.add(w);
    else for (const f of w.slice(1)) flags.add(f);
    i++;
  }
  const name = words[i];
  if (name === undefined) return flags.size === 0 || flags.has('x') || flags.has('--export') ? 'declare -p' : null;
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  // The shell's own settings (fish_history, fish_private_mode…) stay the `set` command the
  // policy knows them by: they change fish, not a variable later words expand.
  if (name.startsWith('fish_')) return words.join(' ');
  const values = words.slice(i + 1);
  if (flags.has('e') || flags.has('--erase')) return `unset ${name}`;
  if (flags.has('q') || flags.has('--query')) return `declare -p ${name}`;
  const append = flags.has('a') || flags.has('--append');
  const prepend = flags.has('p') || flags.has('--prepend');
  const items = append ? [`"\${${name}[@]}"`, ...values] : prepend ? [...values, `"\${${name}[@]}"`] : values;
  const assign = items.length === 1 ? `${name}=${items[0]}` : `${name}=(${items.join(' ')})`;
  return flags.has('x') || flags.has('--export') ? `${assign}; export ${name}` : assign;
}

/** Words of a statement, split at unquoted blanks (quotes kept). */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      cur += c;
      if (c === '\\' && quote === '"') cur += text[++i] ?? '';
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (/\s/.test(c) && depth === 0) {
      if (cur !== '') words.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur !== '') words.push(cur);
  return words;
}

const OPENERS = new Set(['for', 'while', 'if', 'begin', 'function']);
/** Words after which the next statement follows on a new line, never after `;` (`do ;` is an error). */
const OPENS_BODY = /(?:^|\s)(?:do|then|else|\{)$/;

function fishToBash(code: string): string | null {
  const statements = fishStatements(code);
  if (statements === null) return null;
  const stack: string[] = [];
  let out = '';
  let lastSep = '';
  for (const [n, s] of statements.entries()) {
    let text = s.text;
    const words = splitWords(text);
    const head = words[0] ?? '';
    if (head === 'and' || head === 'or') {
      // `a; and b` is `a && b`: the separator before it becomes the operator.
      if (n === 0 || (lastSep !== ';' && lastSep !== '\n') || words.length < 2) return null;
      out = out.replace(/\s*;?\s*$/, '') + (head === 'and' ? ' && ' : ' || ');
      text = words.slice(1).join(' ');
    } else if (head === 'not') {
      if (words.length < 2) return null;
      text = `! ${words.slice(1).join(' ')}`;
    }
    const w = splitWords(text);
    const kw = w[0] ?? '';
    if (kw === 'switch' || kw === 'case') return null;
    if (kw === 'for') {
      if (w[2] !== 'in' || !/^[A-Za-z_]\w*$/.test(w[1] ?? '')) return null;
      text = `${text}; do`;
      stack.push('done');
    } else if (kw === 'while' || kw === 'if') {
      if (w.length < 2) return null;
      text = `${text}; ${kw === 'while' ? 'do' : 'then'}`;
      stack.push(kw === 'while' ? 'done' : 'fi');
    } else if (kw === 'else') {
      if (stack[stack.length - 1] !== 'fi') return null;
      text = w[1] === 'if' ? `elif ${w.slice(2).join(' ')}; then` : 'else';
      if (w[1] !== 'if' && w.length > 1) return null;
    } else if (kw === 'begin') {
      if (w.length > 1) return null;
      text = '{';
      stack.push('}');
    } else if (kw === 'function') {
      const name = w[1] ?? '';
      if (!/^[A-Za-z_][\w-]*$/.test(name)) return null;
      text = `${name}() {`;
      stack.push('}');
    } else if (kw === 'end') {
      const closer = stack.pop();
      if (closer === undefined) return null;
      // `end | sort`, `end > out.txt`: what follows the keyword applies to the block.
      const rest = text.slice(3);
      text = closer === '}' ? `}${rest}` : `${closer}${rest}`;
      if (closer === '}' && /(?:^|\s)\{$/.test(out.trimEnd())) text = `:; ${text}`;
    } else if (kw === 'set') {
      const translated = fishSet(w);
      if (translated === null) return null;
      text = translated;
    }
    if (OPENERS.has(kw) && text === '') return null;
    out += text;
    lastSep = s.sep;
    if (s.sep === '') continue;
    // After a block opener bash needs a command before any `;`: a newline separates instead.
    out += OPENS_BODY.test(text) && (s.sep === ';' || s.sep === '\n') ? '\n' : s.sep === '\n' ? '\n' : ` ${s.sep} `;
  }
  return stack.length > 0 ? null : out;
}

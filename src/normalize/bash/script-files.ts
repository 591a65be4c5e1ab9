/**
 * Files a text program reads or writes because its own script names them, not its operands:
 * sed's `r`/`R`/`w`/`W` commands and the `s///w` flag, awk's `getline < "f"` and
 * `print > "f"`, ed's and ex/vim's `r`, `w`, `W`, `e`, `saveas`, `source` commands (from `-c`,
 * `+cmd` or a script on stdin). The walk states them on the command (`script_files`) so the
 * effects carry the read and the write and the secret-flow rules see what the program prints.
 *
 * Each reader follows its program's grammar far enough to know where a command starts (a
 * sed replacement holding `;w x` is text, an ed line after `a` is text); where it cannot
 * follow, it stops and states what it read so far.
 */

export interface ScriptFile {
  /** The file as the script names it. */
  raw: string;
  access: 'read' | 'write' | 'append';
}

/** The streams a script may name that are no files. */
const STREAMS = new Set(['/dev/stdin', '/dev/stdout', '/dev/stderr', '-']);

function add(out: ScriptFile[], raw: string, access: ScriptFile['access']): void {
  const name = raw.trim();
  if (name === '' || STREAMS.has(name)) return;
  out.push({ raw: name, access });
}

// ---------------------------------------------------------------- sed

/** The scripts sed runs: every `-e`/`--expression` value, else its first operand. */
function sedScripts(argv: string[]): string[] {
  const scripts: string[] = [];
  let first: string | null = null;
  let fileScript = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      if (first === null && argv[i + 1] !== undefined) first = argv[i + 1];
      break;
    }
    if (a === '-e' || a === '--expression') {
      if (argv[i + 1] !== undefined) scripts.push(argv[++i]);
    } else if (a.startsWith('--expression=')) scripts.push(a.slice('--expression='.length));
    else if (a === '-f' || a === '--file' || a.startsWith('--file=')) {
      fileScript = true;
      if (a !== '--file' && !a.startsWith('--file=')) i++;
      else if (a === '--file') i++;
    } else if (a === '-l' || a === '--line-length') i++;
    else if (/^-[^-]/.test(a)) {
      // Grouped short options: `-ne 'r x'`, `-nf s.sed`; `-i.bak` is in-place with a suffix.
      const letters = a.slice(1);
      const at = letters.search(/[efl]/);
      if (at !== -1 && !letters.slice(0, at).includes('i')) {
        const value = letters.slice(at + 1) !== '' ? letters.slice(at + 1) : argv[++i];
        if (letters[at] === 'e' && value !== undefined) scripts.push(value);
        if (letters[at] === 'f') fileScript = true;
      }
    } else if (!a.startsWith('-') && first === null) first = a;
  }
  if (scripts.length === 0 && !fileScript && first !== null) scripts.push(first);
  // GNU sed joins its -e scripts with newlines.
  return scripts.length > 0 ? [scripts.join('\n')] : [];
}

/** A reader over one sed script, command by command (GNU grammar). */
export function sedFiles(argv: string[]): ScriptFile[] {
  const out: ScriptFile[] = [];
  for (const script of sedScripts(argv)) readSed(script, out);
  return out;
}

function readSed(s: string, out: ScriptFile[]): void {
  let i = 0;
  const n = s.length;
  const restOfLine = (): string => {
    const end = s.indexOf('\n', i);
    const text = s.slice(i, end === -1 ? n : end);
    i = end === -1 ? n : end + 1;
    return text;
  };
  const skipBlank = (): void => {
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  /** A delimited part (`/re/`, `\%re%`, the halves of `s` and `y`); false when unclosed. */
  const delimited = (d: string): boolean => {
    while (i < n) {
      const ch = s[i];
      if (ch === '\\') i += 2;
      else if (ch === d) {
        i++;
        return true;
      } else if (ch === '\n' && d !== '\n') return false;
      else i++;
    }
    return false;
  };
  const address = (): boolean => {
    if (/\d/.test(s[i] ?? '')) {
      while (i < n && /[\d~]/.test(s[i])) i++;
    } else if (s[i] === '$') i++;
    else if (s[i] === '/') {
      i++;
      if (!delimited('/')) return false;
      while (s[i] === 'I' || s[i] === 'M') i++;
    } else if (s[i] === '\\' && i + 1 < n) {
      const d = s[i + 1];
      i += 2;
      if (!delimited(d)) return false;
      while (s[i] === 'I' || s[i] === 'M') i++;
    }
    return true;
  };
  for (let guard = 0; i < n && guard < 10_000; guard++) {
    while (i < n && /[\s;]/.test(s[i])) i++;
    if (i >= n) return;
    if (!address()) return;
    skipBlank();
    if (s[i] === ',') {
      i++;
      skipBlank();
      if (s[i] === '+' || s[i] === '~') i++;
      if (!address()) return;
      skipBlank();
    }
    while (s[i] === '!' || s[i] === ' ' || s[i] === '\t') i++;
    const c = s[i++];
    if (c === undefined) return;
    switch (c) {
      case '{':
      case '}':
        continue;
      case '#':
      case ':':
        restOfLine();
        continue;
      case 'r':
      case 'R':
        skipBlank();
        add(out, restOfLine(), 'read');
        continue;
      case 'w':
      case 'W':
        skipBlank();
        add(out, restOfLine(), 'write');
        continue;
      case 'a':
      case 'i':
      case 'c': {
        // Text to the end of the line; a line ending in `\` goes on.
        let line = restOfLine();
        while (/(?:^|[^\\])(?:\\\\)*\\$/.test(line) && i < n) line = restOfLine();
        continue;
      }
      case 'e':
        restOfLine();
        continue;
      case 'b':
      case 't':
      case 'T':
        while (i < n && s[i] !== ';' && s[i] !== '\n' && s[i] !== '}') i++;
        continue;
      case 's': {
        const d = s[i++];
        if (d === undefined || d === '\n' || d === '\\') return;
        if (!delimited(d) || !delimited(d)) return;
        while (i < n && /[gpiImMe0-9]/.test(s[i])) i++;
        if (s[i] === 'w') {
          i++;
          skipBlank();
          add(out, restOfLine(), 'write');
        }
        continue;
      }
      case 'y': {
        const d = s[i++];
        if (d === undefined || !delimited(d) || !delimited(d)) return;
        continue;
      }
      case 'l':
      case 'L':
      case 'q':
      case 'Q':
        skipBlank();
        while (i < n && /\d/.test(s[i])) i++;
        continue;
      case 'v':
        while (i < n && /[\d.]/.test(s[i])) i++;
        continue;
      default:
        if ('=dDgGhHnNpPxzF'.includes(c)) continue;
        // Not sed grammar as we know it: stop with what was read.
        return;
    }
  }
}

// ---------------------------------------------------------------- awk

/** A string literal of awk, unescaped; `ENVIRON["HOME"] "…"` is `$HOME…`. */
const AWK_FILE = String.raw`\(?\s*((?:ENVIRON\s*\[\s*"(?:HOME)"\s*\]\s*)?"(?:\\.|[^"\\])*")`;
const AWK_READ = new RegExp(String.raw`\bgetline\b(?:\s+[A-Za-z_$][\w$\[\]]*)?\s*<\s*${AWK_FILE}`, 'g');
const AWK_WRITE = new RegExp(String.raw`\bprintf?\b[^;\n{}|]*?(>>?)\s*${AWK_FILE}`, 'g');

function awkString(literal: string): string {
  const home = /^ENVIRON/.test(literal);
  const quoted = /"((?:\\.|[^"\\])*)"$/.exec(literal)?.[1] ?? '';
  const text = quoted.replace(/\\(.)/g, '$1');
  return home ? `$HOME${text}` : text;
}

function awkProgram(argv: string[]): string | null {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1] ?? null;
    if (a === '-f' || a === '--file') return null;
    if (a === '-e' || a === '--source') return argv[i + 1] ?? null;
    if (a === '-v' || a === '-F' || a === '--assign' || a === '--field-separator') i++;
    else if (!a.startsWith('-') || a === '-') return a;
  }
  return null;
}

export function awkFiles(argv: string[]): ScriptFile[] {
  const program = awkProgram(argv);
  if (program === null) return [];
  const out: ScriptFile[] = [];
  for (const m of program.matchAll(AWK_READ)) add(out, awkString(m[1]), 'read');
  for (const m of program.matchAll(AWK_WRITE)) add(out, awkString(m[2]), m[1] === '>>' ? 'append' : 'write');
  return out;
}

// ---------------------------------------------------------------- ed

/** ed commands that name a file, after an optional address: read, write, append-write, edit. */
const ED_FILE = /^\s*(?:[\d.$,;+\-\s]|'[a-z]|\/(?:\\.|[^/\\])*\/|\?(?:\\.|[^?\\])*\?)*(wq|[rwWeE])\s*(.*)$/;
const ED_INPUT = /^\s*(?:[\d.$,;+\-\s]|'[a-z]|\/(?:\\.|[^/\\])*\/|\?(?:\\.|[^?\\])*\?)*[aic]\s*$/;

export function edFiles(stdin: string | null): ScriptFile[] {
  if (stdin === null) return [];
  const out: ScriptFile[] = [];
  let input = false;
  for (const line of stdin.split('\n')) {
    if (input) {
      if (line === '.') input = false;
      continue;
    }
    if (ED_INPUT.test(line)) {
      input = true;
      continue;
    }
    const m = ED_FILE.exec(line);
    if (m === null || m[2].startsWith('!')) continue;
    const [, cmd, file] = m;
    add(out, file, cmd === 'r' || cmd === 'e' || cmd === 'E' ? 'read' : cmd === 'W' ? 'append' : 'write');
  }
  return out;
}

// ---------------------------------------------------------------- ex, vim

/** ex commands that name a file, by their shortest spelling and full name. */
const EX_COMMANDS: ReadonlyArray<[short: string, full: string, access: ScriptFile['access']]> = [
  ['r', 'read', 'read'],
  ['e', 'edit', 'read'],
  ['so', 'source', 'read'],
  ['w', 'write', 'write'],
  ['wq', 'wq', 'write'],
  ['x', 'xit', 'write'],
  ['sav', 'saveas', 'write'],
  ['up', 'update', 'write'],
];

function exCommand(word: string): ScriptFile['access'] | null {
  for (const [short, full, access] of EX_COMMANDS) {
    if (word.length >= short.length && full.startsWith(word) && word.startsWith(short)) return access;
  }
  return null;
}

/** One ex command line (`:%s/a/b/ | w! ~/x`): the files it names. */
function readEx(line: string, out: ScriptFile[]): void {
  for (const part of line.split(/(?<!\\)\|/)) {
    // An optional `:`, a range (`%`, `1,$`, `'<,'>`), the command name, `!`, then its argument.
    const m = /^[\s:]*(?:%|[\d.$,;+\-]|'[a-z<>])*\s*([a-z]+)(!?)\s*(.*)$/i.exec(part);
    if (m === null) continue;
    const access = exCommand(m[1]);
    if (access === null) continue;
    let arg = m[3].trim();
    if (arg.startsWith('!')) continue; // `:r !cmd`, `:w !cmd`: a command line (carriers.ts)
    let mode = access;
    if (access === 'write' && arg.startsWith('>>')) {
      mode = 'append';
      arg = arg.slice(2).trim();
    }
    // `++opt` arguments (`:w ++enc=utf-8 f`) come before the file.
    arg = arg.replace(/^(?:\+\+\S+\s*)+/, '');
    add(out, arg, mode);
  }
}

/** Options of vim that take a value, whose value is no ex command. */
const VIM_VALUE_OPTIONS = new Set(['-S', '-T', '-u', '-U', '-i', '-w', '-W', '-s', '-t', '-q', '-r', '--listen', '--server', '--servername', '--startuptime']);

export function vimFiles(name: string, argv: string[], stdin: string | null): ScriptFile[] {
  const out: ScriptFile[] = [];
  let exMode = name === 'ex';
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '-c' || a === '--cmd') {
      if (argv[i + 1] !== undefined) readEx(argv[++i], out);
    } else if (a.startsWith('+') && a.length > 1) readEx(a.slice(1), out);
    else if (a === '-S') {
      if (argv[i + 1] !== undefined) add(out, argv[++i], 'read');
    } else if (/^-[a-zA-Z]*[eE]/.test(a) && !a.startsWith('--')) {
      exMode = true;
      if (/^-[eEs]+$/.test(a)) continue;
    } else if (VIM_VALUE_OPTIONS.has(a)) i++;
  }
  // `vim -es < script`, `ex file <<EOF`: ex commands, one per line.
  if (exMode && stdin !== null) for (const line of stdin.split('\n')) readEx(line, out);
  return out;
}

/**
 * Editor commands that run code of a language of their own (`-c 'lua …'`, `:py3 …`, `:perl`,
 * `:ruby`, `:call system(…)`, `:execute …`): no reader follows them here, so the call is
 * indeterminate (asked), never allowed. `:!cmd` is a command line and is walked (carriers.ts).
 */
const EDITOR_CODE = /^[\s:]*(?:lua(?:do|file)?|py(?:thon)?3?|pyx|pythonx|pyf(?:ile)?|perl(?:do)?|rub(?:y|ydo|yfile)?|tcl(?:do)?|mz(?:scheme)?|exe(?:cute)?|cal(?:l)?|let|eval)\b/i;

export function editorRunsCode(name: string, argv: string[]): boolean {
  if (!READER_BY_NAME.has(name) || !['ex', 'vi', 'vim', 'nvim', 'view', 'vim.basic', 'vim.tiny'].includes(name)) return false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    const command = a === '-c' || a === '--cmd' ? argv[++i] : a.startsWith('+') ? a.slice(1) : undefined;
    if (command !== undefined && command.split(/(?<!\\)\|/).some((part) => EDITOR_CODE.test(part))) return true;
  }
  return false;
}

// ---------------------------------------------------------------- the table

const READERS: ReadonlyArray<[names: string[], read: (name: string, argv: string[], stdin: string | null) => ScriptFile[]]> = [
  [['sed', 'gsed'], (_n, argv) => sedFiles(argv)],
  [['awk', 'gawk', 'mawk', 'nawk'], (_n, argv) => awkFiles(argv)],
  [['ed', 'red'], (_n, _argv, stdin) => edFiles(stdin)],
  [['ex', 'vi', 'vim', 'nvim', 'view', 'vim.basic', 'vim.tiny'], vimFiles],
];
const READER_BY_NAME = new Map(READERS.flatMap(([names, read]) => names.map((name) => [name, read] as const)));

/** The files the program's own script names; [] for programs without such a script. */
export function scriptFiles(name: string, argv: string[], stdin: string | null): ScriptFile[] {
  return READER_BY_NAME.get(name)?.(name, argv, stdin) ?? [];
}

/**
 * A notebook cell as the kernel runs it. IPython is Python plus a line syntax of its own: `!cmd`
 * and `x = !cmd` run a shell line, `%magic args` and `%%magic` (a whole cell) run shells, other
 * interpreters, installers, files or write files. The Python grammar cannot read those lines
 * (a `!curl … | sh` cell is a parse error), so each is written back as the Python call that does
 * the same (`__import__('os').system(LINE)`, `open(PATH, 'w').write(BODY)`), which the python
 * producer reads like any other: the shell line goes on to the bash producer. A magic this table
 * does not know is unknown (reported, never dropped silently).
 *
 * Data: a new magic is a new line of a table below.
 */

/** A Python string literal holding `text` exactly (a JSON string is one). */
const py = (text: string): string => JSON.stringify(text);

/** A shell line as the Python call that runs it; `{expr}` is IPython's interpolation of a Python value (an f-string). */
const shell = (line: string): string => `__import__('os').system(${/\{[^}]*\}/.test(line) ? `f${py(line)}` : py(line)})`;

/** Line magics whose arguments are Python code, run as is (their own options dropped). */
const PYTHON_LINE_MAGICS: ReadonlySet<string> = new Set(['time', 'timeit', 'prun', 'capture', 'debug']);

/** Line magics that run their arguments as a shell line (`%sx`, `%system`) or are IPython's shell aliases (`%rm -rf x`). */
const SHELL_LINE_MAGICS: ReadonlySet<string> = new Set(['sx', 'system', 'sc']);
const SHELL_ALIASES: ReadonlySet<string> = new Set(['rm', 'cp', 'mv', 'mkdir', 'rmdir', 'cat', 'ls', 'll', 'lf', 'lk', 'ldir', 'lx', 'less', 'man', 'more', 'clear']);

/** Line magics that run a program of the same name (`%pip install x` is `pip install x`). */
const PROGRAM_LINE_MAGICS: ReadonlySet<string> = new Set(['pip', 'conda', 'mamba', 'micromamba', 'uv']);

/** Line magics that change nothing outside the kernel's own display and state. */
const HARMLESS_LINE_MAGICS: ReadonlySet<string> = new Set([
  'matplotlib', 'load_ext', 'reload_ext', 'unload_ext', 'autoreload', 'aimport', 'config', 'who', 'whos', 'who_ls', 'history', 'hist', 'pwd',
  'precision', 'pdb', 'xmode', 'lsmagic', 'magic', 'pinfo', 'pinfo2', 'pdoc', 'pdef', 'psource', 'pfile', 'psearch', 'quickref', 'tb',
  'page', 'pprint', 'colors', 'doctest_mode', 'dhist', 'dirs', 'automagic', 'autocall', 'autoawait', 'load_ext', 'notebook', 'reset',
  'reset_selective', 'xdel', 'recall', 'store', 'killbgscripts', 'gui', 'connect_info', 'qtconsole', 'alias_magic', 'timeit',
  'sql', 'tensorflow_version', 'watermark', 'load_dotenv',
]);

/** Cell magics whose body is Python. */
const PYTHON_CELL_MAGICS: ReadonlySet<string> = new Set(['time', 'timeit', 'prun', 'capture', 'python', 'python3', 'debug']);
/** Cell magics whose body is a shell script. */
const SHELL_CELL_MAGICS: ReadonlySet<string> = new Set(['bash', 'sh', 'system', '!', 'zsh']);
/** Cell magics whose body runs in another interpreter (the program that runs it). */
const INTERPRETER_CELL_MAGICS: Readonly<Record<string, string>> = { perl: 'perl', ruby: 'ruby', python2: 'python2', pypy: 'pypy3', R: 'Rscript' };
/** Cell magics that only display their body. */
const DISPLAY_CELL_MAGICS: ReadonlySet<string> = new Set(['markdown', 'latex', 'svg', 'md']);

export interface TranslatedCell {
  /** The cell as Python the python producer reads. */
  code: string;
  /** Magics the table does not know: what they do is not seen. */
  unknown: string[];
}

/** True when the code has IPython's own syntax (a `!` line or a magic), so a translation is needed. */
export function hasIpythonSyntax(code: string): boolean {
  return /^[ \t]*(?:[\w.]+[ \t]*=[ \t]*)?(?:!|%)/m.test(code);
}

/** The cell as Python, or the unknown magics it uses. */
export function ipythonToPython(cell: string): TranslatedCell {
  const unknown: string[] = [];
  const cellMagic = /^\s*%%(\S+)[ \t]*([^\n]*)\n?([\s\S]*)$/.exec(cell);
  if (cellMagic !== null) {
    const [, name, args, body] = cellMagic;
    if (PYTHON_CELL_MAGICS.has(name)) return ipythonToPython(body);
    if (SHELL_CELL_MAGICS.has(name)) return { code: shell(body), unknown };
    if (name === 'script') {
      const program = args.trim().split(/\s+/)[0] ?? '';
      if (/^(?:ba|z|da|k)?sh$/.test(program.replace(/^.*\//, ''))) return { code: shell(body), unknown };
      if (program !== '' && !program.startsWith('-')) return { code: `__import__('subprocess').run([${py(program)}], input=${py(body)})`, unknown: [`ipython_magic:script ${program}`] };
    }
    const interpreter = INTERPRETER_CELL_MAGICS[name];
    if (interpreter !== undefined) return { code: `__import__('subprocess').run([${py(interpreter)}, '-e', ${py(body)}])`, unknown };
    if (name === 'writefile' || name === 'file') {
      const words = args.trim().split(/\s+/).filter((w) => w !== '');
      const append = words.includes('-a') || words.includes('--append');
      const target = words.filter((w) => !w.startsWith('-')).at(-1);
      if (target !== undefined) return { code: `open(__import__('os').path.expanduser(${py(target)}), ${append ? "'a'" : "'w'"}).write(${py(body)})`, unknown };
    }
    if (DISPLAY_CELL_MAGICS.has(name)) return { code: 'pass', unknown };
    return { code: 'pass', unknown: [`ipython_magic:%%${name}`] };
  }
  const lines = cell.split('\n').map((line) => {
    const bang = /^([ \t]*)((?:[\w.]+[ \t]*=[ \t]*)?)!!?(.*)$/.exec(line);
    if (bang !== null) return `${bang[1]}${bang[2]}${shell(bang[3])}`;
    const magic = /^([ \t]*)((?:[\w.]+[ \t]*=[ \t]*)?)%(\w+)[ \t]*(.*)$/.exec(line);
    if (magic === null) return line;
    const [, indent, assign, name, args] = magic;
    if (PYTHON_LINE_MAGICS.has(name)) return `${indent}${assign}${args.replace(/^(?:-\w+(?:[ \t]+\d+)?[ \t]+)*/, '')}`;
    if (SHELL_LINE_MAGICS.has(name)) return `${indent}${assign}${shell(args)}`;
    if (SHELL_ALIASES.has(name) || PROGRAM_LINE_MAGICS.has(name)) return `${indent}${assign}${shell(`${name} ${args}`)}`;
    if (name === 'run') {
      const module = /^-m[ \t]+(.*)$/.exec(args);
      return `${indent}${assign}${shell(module !== null ? `python3 -m ${module[1]}` : `python3 ${args.replace(/^(?:-[a-z][ \t]+)*/, '')}`)}`;
    }
    if (name === 'cd') return `${indent}${assign}__import__('os').chdir(${py(args.trim() === '' ? '~' : args.trim())})`;
    if (name === 'env') {
      const set = /^(\w+)(?:[ \t]*=[ \t]*|[ \t]+)(.*)$/.exec(args.trim());
      if (set !== null) return `${indent}__import__('os').environ[${py(set[1])}] = ${py(set[2])}`;
      // `%env` alone prints the whole environment; `%env NAME` prints one variable.
      return `${indent}${assign}print(${args.trim() === '' ? 'dict(__import__("os").environ)' : `__import__('os').environ[${py(args.trim())}]`})`;
    }
    if (HARMLESS_LINE_MAGICS.has(name)) return `${indent}pass`;
    unknown.push(`ipython_magic:%${name}`);
    return `${indent}pass`;
  });
  return { code: lines.join('\n'), unknown };
}

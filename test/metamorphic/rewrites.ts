/**
 * Meaning-preserving rewrites of a bash command line: what bash runs stays the same, only
 * the spelling changes. A variant may never be judged more leniently than its original
 * (docs/detection.md). Each rewrite returns null where it does not apply or would change
 * the meaning (a keyword cannot be quoted into a variable, a builtin cannot be sudo'd).
 *
 * Word rewrites change the first command word; line rewrites wrap the whole line.
 */
import { closeHeredocs } from '../../src/normalize/bash/heredoc-eof.js';

export interface Rewrite {
  name: string;
  /** 'word': respells the leading command word; 'line': wraps or re-expresses the whole line. */
  level: 'word' | 'line' | 'path';
  /** `home`: the case's home folder (`~` in its context), `/home/dev` unless the case says otherwise. */
  apply: (command: string, home?: string) => string | null;
}

/**
 * Builtins that change the running shell (its variables, options, history, directory,
 * traps, limits). Run in a child process (bash -c, a pipe into bash, an interpreter's
 * system()) they change nothing the caller keeps, so those rewrites do not preserve the
 * meaning of a line that uses them and are not applied to it.
 */
const SHELL_STATE = /(^|[;&|(){}\n]\s*|\bthen\s+|\bdo\s+|\belse\s+)(export|unset|set|alias|unalias|cd|pushd|popd|shopt|trap|history|ulimit|umask|declare|typeset|readonly|local|source|\.|hash|enable|builtin|exec|fc|complete|bind|disown|HISTFILE=|HISTSIZE=|HISTCONTROL=|PROMPT_COMMAND=|PATH=|IFS=)/;

/**
 * A heredoc never closed runs to the end of the text: what the subshell and function
 * wrappings put after the line in the same text (`)`, `}; _tgf`) would become part of its
 * body, so they are not applied to such a line (the result would not be the same program).
 * Wrappings that hand the line over as a whole (`bash -c`, a heredoc, a string) keep it.
 */
const openHeredoc = (c: string): boolean => c.includes('<<') && closeHeredocs(c) !== null;

/** A line rewrite whose result runs the line in a child process. */
function child(name: string, wrap: (command: string) => string): Rewrite {
  return { name, level: 'line', apply: (c) => (SHELL_STATE.test(c) ? null : wrap(c)) };
}

/**
 * A line rewrite that hands the line to /bin/sh: `sh -c`, and every interpreter call that runs a
 * command string (os.system, popen, subprocess with shell=True, perl's and ruby's system of one
 * string, node's execSync, php's system, lua's os.execute). /bin/sh is dash on Debian, so a line
 * with bash-only syntax is not the same program there (the rewrite oracle ran `$'\x73…'` and
 * `<(…)` through them: dash ran something else). Applied only to POSIX lines.
 */
function shChild(name: string, wrap: (command: string) => string): Rewrite {
  return { name, level: 'line', apply: (c) => (SHELL_STATE.test(c) || !posix(c) ? null : wrap(c)) };
}

/** Single-quote a string for bash. */
export const shq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Words that are syntax, not commands: quoting them or putting them in a variable breaks the line. */
const KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select', 'time', 'coproc',
  'in', '!', '{', '}', '[[', ']]',
]);
/** Builtins: they may be quoted or put in a variable, but not run through env, sudo, nice or a path. */
const BUILTINS = new Set([
  'cd', 'export', 'unset', 'set', 'shift', 'source', '.', 'eval', 'exec', 'exit', 'return', 'alias', 'unalias', 'declare', 'typeset',
  'local', 'readonly', 'read', 'trap', 'ulimit', 'umask', 'wait', 'jobs', 'fg', 'bg', 'disown', 'history', 'hash', 'type', 'builtin',
  'command', 'enable', 'let', 'mapfile', 'readarray', 'printf', 'echo', 'shopt', 'caller', 'compgen', 'complete', 'fc', 'getopts',
  'pushd', 'popd', 'dirs', 'suspend', 'logout', 'times', 'kill', ':', 'true', 'false', 'test', '[',
]);

/** The leading command word and the rest, when the line starts with a plain program or builtin name. */
export function leadingWord(command: string): { word: string; rest: string } | null {
  const m = /^([A-Za-z_][A-Za-z0-9_.+-]*)(?=$|[ \t;|&<>()\n])/.exec(command);
  if (!m) return null;
  const word = m[1]!;
  if (KEYWORDS.has(word) || command[word.length] === '(' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(word) && command.slice(word.length).startsWith('=')) return null;
  // A function definition (`f() {`) is no command to respell.
  if (/^\s*\(\s*\)/.test(command.slice(word.length))) return null;
  return { word, rest: command.slice(word.length) };
}

export const isExternal = (word: string): boolean => !BUILTINS.has(word) && !KEYWORDS.has(word);

function word(name: string, respell: (w: string) => string | null, externalOnly = false): Rewrite {
  return {
    name,
    level: 'word',
    apply: (command) => {
      const lead = leadingWord(command);
      if (!lead || (externalOnly && !isExternal(lead.word))) return null;
      const spelled = respell(lead.word);
      return spelled === null ? null : spelled + lead.rest;
    },
  };
}

/** A heredoc delimiter that does not occur in the text. */
function delimiter(text: string): string {
  let d = 'EOF';
  for (let i = 0; text.split('\n').some((line) => line.trim() === d); i++) d = `EOF${i}`;
  return d;
}

const hex = (text: string): string => [...Buffer.from(text, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

/** Octal escapes of every byte, for printf's format. */
const octal = (text: string): string => [...Buffer.from(text, 'utf8')].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
/** ROT13 of the ASCII letters, for `| tr 'A-Za-z' 'N-ZA-Mn-za-m'`. */
const rot13 = (text: string): string => text.replace(/[A-Za-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) & 31) + 12) % 26 + (c <= 'Z' ? 65 : 97)));
/** Each line reversed, for `| rev`. */
const reversedLines = (text: string): string => text.split('\n').map((line) => [...line].reverse().join('')).join('\n');
/** A Ruby double-quoted literal: JSON's escapes, with `#` escaped so that nothing interpolates. */
const rubyStr = (text: string): string => JSON.stringify(text).replace(/#/g, '\\#');
/** A PHP single-quoted literal. */
const phpStr = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A Lua long string (a line break right after the opening bracket would be dropped: none is there). */
const luaStr = (text: string): string => {
  let eq = '=';
  while (text.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${text}]${eq}]`;
};

/**
 * Bash-only syntax: a line using it means something else (or nothing) to dash, busybox sh or
 * zsh, so it is not handed to them. zsh also neither splits unquoted expansions nor passes
 * unmatched globs on, so lines with `$` or glob characters stay with bash.
 */
const BASHISM = /\[\[|<\(|>\(|\$'|\$"|\$\{!|\{[^}\s]*,|\(\(|\bfunction\b|<<<|&>|\$\{[!#]?\w+[:/^,@\[]|\b(?:declare|typeset|local|source|select|shopt|mapfile|readarray|let|coproc)\b|\w+\+?=\(|\|&/;
const posix = (c: string): boolean => !BASHISM.test(c);
const zshSafe = (c: string): boolean => posix(c) && !/[$*?[`]/.test(c);

/** A Python string literal (JSON strings are valid Python literals for BMP text). */
const pyStr = (text: string): string => JSON.stringify(text);
const perlStr = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A word that needs no quoting anywhere (as a variable's value, an alias, an array item). */
const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * Which characters of a line stand inside quotes (single, double, ANSI-C) or after a backslash:
 * there `~` is not expanded and `$HOME` is (in double quotes), so a home respelling there
 * would change the word (the oracle found `"Remove-Item $HOME/…"` turned into a literal `~/…`).
 */
function quotedAt(c: string): boolean[] {
  const out: boolean[] = new Array(c.length).fill(false);
  let state: 'none' | 'single' | 'double' | 'ansi' = 'none';
  for (let i = 0; i < c.length; i++) {
    const ch = c[i]!;
    if (state === 'none') {
      if (ch === '\\') {
        out[i] = out[i + 1] = true;
        i++;
      } else if (ch === "'") {
        state = 'single';
        out[i] = true;
      } else if (ch === '$' && c[i + 1] === "'") {
        state = 'ansi';
        out[i] = out[i + 1] = true;
        i++;
      } else if (ch === '"') {
        state = 'double';
        out[i] = true;
      }
      continue;
    }
    out[i] = true;
    if (state === 'single' && ch === "'") state = 'none';
    else if (state === 'ansi' && ch === '\\') out[++i] = true;
    else if (state === 'ansi' && ch === "'") state = 'none';
    else if (state === 'double' && ch === '\\') out[++i] = true;
    else if (state === 'double' && ch === '"') state = 'none';
  }
  return out;
}

/** Replace the matches of `pattern` (global, its group 1 the boundary before the token) that stand outside quotes. */
function replaceUnquoted(c: string, pattern: RegExp, to: string): string | null {
  const quoted = quotedAt(c);
  let changed = false;
  const out = c.replace(pattern, (match: string, before: string, ...rest: unknown[]) => {
    const offset = rest.find((r) => typeof r === 'number') as number;
    if (quoted[offset + before.length]) return match;
    changed = true;
    return before + to;
  });
  return changed ? out : null;
}

/** A Windows program, whose options are written `/x`. */
const WINDOWS_TOOL = /(?:^|[\s;&|(])(?:cmd|schtasks|reg|netsh|sc|vssadmin|bcdedit|wmic|taskkill|icacls|robocopy|xcopy)(?:\.exe)?\s/i;

/** The home of the cases' default context and of the oracle's sandbox. */
const HOME = '/home/dev';

export const REWRITES: Rewrite[] = [
  // quoting and escapes of the command word
  word('quote-split-single', (w) => (w.length < 2 ? null : `'${w[0]}''${w.slice(1)}'`)),
  word('quote-split-double', (w) => (w.length < 2 ? null : `"${w[0]}"${w.slice(1)}`)),
  word('backslash', (w) => `\\${w}`),
  word('backslash-inner', (w) => (w.length < 2 ? null : `${w[0]}\\${w.slice(1)}`)),
  word('ansi-c', (w) => `$'${hex(w)}'`),
  word('empty-quotes', (w) => `${w}''`),
  // variables and indirection
  word('variable', (w) => `_tg=${w}; $_tg`),
  word('variable-braced-concat', (w) => (w.length < 2 ? null : `_tga=${w.slice(0, 1)}; _tgb=${w.slice(1)}; "\${_tga}\${_tgb}"`)),
  word('indirection', (w) => `_tgn=${w}; _tgr=_tgn; \${!_tgr}`),
  word('command-substitution', (w) => `$(echo ${w})`),
  word('printf-substitution', (w) => `$(printf %s ${w})`),
  word('parameter-default', (w) => `\${_tg_unset:-${w}}`),
  // wrappers
  word('command', (w) => `command ${w}`, true),
  word('env', (w) => `env ${w}`, true),
  word('env-assign', (w) => `env TG_X=1 ${w}`, true),
  word('nice', (w) => `nice ${w}`, true),
  word('timeout', (w) => `timeout 5 ${w}`, true),
  word('nohup', (w) => `nohup ${w}`, true),
  word('sudo', (w) => `sudo ${w}`, true),
  word('env-prefix', (w) => `FOO=1 ${w}`),
  word('env-unset', (w) => `env -u TG_UNSET ${w}`, true),
  // builtins respelled as builtins: `builtin export …`, `command export …` act in the same shell
  word('builtin-prefix', (w) => (isExternal(w) || w === 'builtin' ? null : `builtin ${w}`)),
  word('command-builtin', (w) => (isExternal(w) || w === 'command' ? null : `command ${w}`)),
  // exec: the same program in the shell's own process; only where nothing follows it
  {
    name: 'exec-prefix',
    level: 'word',
    apply: (command) => {
      const lead = leadingWord(command);
      if (!lead || !isExternal(lead.word) || /[;&|\n(){}`]/.test(lead.rest)) return null;
      return `exec ${command}`;
    },
  },
  // more wrappers that run their operands as a command, unchanged (seventh session)
  word('time-p', (w) => `time -p ${w}`, true),
  word('ionice', (w) => `ionice -c 3 ${w}`, true),
  word('chrt', (w) => `chrt -o 0 ${w}`, true),
  word('taskset', (w) => `taskset -c 0 ${w}`, true),
  word('stdbuf', (w) => `stdbuf -oL ${w}`, true),
  word('setsid', (w) => `setsid -w ${w}`, true),
  word('flock', (w) => `flock /tmp/.tg.lock ${w}`, true),
  {
    // exec -a NAME: argv[0] is NAME; given the program's own name, the same argv
    name: 'exec-a',
    level: 'word',
    apply: (command) => {
      const lead = leadingWord(command);
      if (!lead || !isExternal(lead.word) || /[;&|\n(){}`]/.test(lead.rest)) return null;
      return `exec -a ${lead.word} ${command}`;
    },
  },
  // more spellings of the command word (seventh session)
  word('ansi-c-partial', (w) => (w.length < 2 ? null : `$'${hex(w[0]!)}'${w.slice(1)}`)),
  word('line-continuation', (w) => (w.length < 2 ? null : `${w[0]}\\\n${w.slice(1)}`)),
  word('pattern-substitution', (w) => (w.length < 2 || !SAFE_WORD.test(w) ? null : `_tgw=@@${w.slice(1)}; \${_tgw/@@/${w[0]}}`)),
  word('printf-v', (w) => (SAFE_WORD.test(w) ? `printf -v _tgw %s ${w}; $_tgw` : null)),
  word('read-here-string', (w) => (SAFE_WORD.test(w) ? `read -r _tgw <<< ${w}; $_tgw` : null)),
  word('alias', (w) => (SAFE_WORD.test(w) ? `shopt -s expand_aliases\nalias _tgal=${shq(w)}\n_tgal` : null)),
  // path spellings of the program
  word('path-bin', (w) => `/bin/${w}`, true),
  word('path-usr-bin', (w) => `/usr/bin/${w}`, true),
  word('path-double-slash', (w) => `//usr//bin//${w}`, true),
  word('path-dot-segments', (w) => `/usr/./bin/../bin/${w}`, true),
  word('path-proc-root', (w) => `/proc/self/root/usr/bin/${w}`, true),
  // git -c for git lines
  {
    name: 'git-c',
    level: 'word',
    apply: (command) => (/^git\s/.test(command) ? command.replace(/^git\s/, 'git -c color.ui=auto ') : null),
  },
  { name: 'git-no-pager', level: 'word', apply: (command) => (/^git\s/.test(command) ? command.replace(/^git\s/, 'git --no-pager ') : null) },
  { name: 'git-C', level: 'word', apply: (command) => (/^git\s/.test(command) ? command.replace(/^git\s/, 'git -C . ') : null) },
  // whole line: nested shells, eval, heredocs, process substitution, encodings
  child('bash-c', (c) => `bash -c ${shq(c)}`),
  shChild('sh-c', (c) => `sh -c ${shq(c)}`),
  { name: 'dash-c', level: 'line', apply: (c) => (SHELL_STATE.test(c) || !posix(c) ? null : `dash -c ${shq(c)}`) },
  { name: 'busybox-sh-c', level: 'line', apply: (c) => (SHELL_STATE.test(c) || !posix(c) ? null : `busybox sh -c ${shq(c)}`) },
  { name: 'zsh-c', level: 'line', apply: (c) => (SHELL_STATE.test(c) || !zshSafe(c) ? null : `zsh -c ${shq(c)}`) },
  child('ansi-c-line', (c) => `bash -c $'${hex(c)}'`),
  { name: 'eval-variable', level: 'line', apply: (c) => `_tgc=${shq(c)}; eval "$_tgc"` },
  { name: 'source-process-substitution', level: 'line', apply: (c) => `. <(printf '%s\\n' ${shq(c)})` },
  { name: 'eval', level: 'line', apply: (c) => `eval ${shq(c)}` },
  child('heredoc', (c) => `bash <<'${delimiter(c)}'\n${c}\n${delimiter(c)}`),
  child('here-string', (c) => `bash <<< ${shq(c)}`),
  child('process-substitution', (c) => `bash <(printf '%s\\n' ${shq(c)})`),
  child('pipe-to-shell', (c) => `echo ${shq(c)} | bash`),
  child('base64', (c) => `echo ${b64(c)} | base64 -d | bash`),
  child('base64-substitution', (c) => `bash -c "$(echo ${b64(c)} | base64 -d)"`),
  child('hex-xxd', (c) => `echo ${Buffer.from(c, 'utf8').toString('hex')} | xxd -r -p | bash`),
  child('printf-octal', (c) => `bash -c "$(printf '${octal(c)}')"`),
  child('rev', (c) => `printf '%s\\n' ${shq(reversedLines(c))} | rev | bash`),
  // the line in the same shell, inside a compound command (seventh session)
  { name: 'brace-group-redirect', level: 'line', apply: (c) => (openHeredoc(c) ? null : `{ ${c}\n} 2>/dev/null`) },
  { name: 'case-arm', level: 'line', apply: (c) => (openHeredoc(c) ? null : `case _tg in _tg) ${c}\n;; esac`) },
  { name: 'source-stdin-here-string', level: 'line', apply: (c) => `source /dev/stdin <<< ${shq(c)}` },
  child('bash-s-heredoc', (c) => `bash -s _tg <<'${delimiter(c)}'\n${c}\n${delimiter(c)}`),
  { name: 'subshell', level: 'line', apply: (c) => (SHELL_STATE.test(c) || openHeredoc(c) ? null : `(${c}\n)`) },
  { name: 'function', level: 'line', apply: (c) => (openHeredoc(c) ? null : `_tgf() {\n${c}\n}; _tgf`) },
  // re-expression in each interpreter
  shChild('python-os-system', (c) => `python3 -c ${shq(`import os; os.system(${pyStr(c)})`)}`),
  shChild('python-subprocess-shell', (c) => `python3 -c ${shq(`import subprocess; subprocess.run(${pyStr(c)}, shell=True)`)}`),
  shChild('perl-system', (c) => `perl -e ${shq(`system(${perlStr(c)})`)}`),
  shChild('node-execSync', (c) => `node -e ${shq(`require('child_process').execSync(${JSON.stringify(c)})`)}`),
  shChild('node-spawn-shell', (c) => `node -e ${shq(`require('child_process').spawnSync('sh', ['-c', ${JSON.stringify(c)}], { stdio: 'inherit' })`)}`),
  shChild('python-popen', (c) => `python3 -c ${shq(`import os; os.popen(${pyStr(c)}).read()`)}`),
  shChild('ruby-system', (c) => `ruby -e ${shq(`system(${rubyStr(c)})`)}`),
  shChild('ruby-backticks', (c) => `ruby -e ${shq(`%x(${c.replace(/[()\\#]/g, '\\$&')})`)}`),
  shChild('php-system', (c) => `php -r ${shq(`system(${phpStr(c)});`)}`),
  shChild('lua-os-execute', (c) => `lua -e ${shq(`os.execute(${luaStr(c)})`)}`),
  // eighth session: more of bash's own ways to name, loop, defer and decode
  // a nameref: `declare -n R=N` makes $R read N's value
  word('declare-nameref', (w) => (SAFE_WORD.test(w) ? `_tgn=${w}; declare -n _tgr=_tgn; $_tgr` : null)),
  // a substring of a longer value: ${V:1} drops the first character
  word('substring', (w) => (SAFE_WORD.test(w) ? `_tgw=X${w}; \${_tgw:1}` : null)),
  // case conversion: ${V,,} lowercases the value (only for an all-lowercase name)
  word('case-lower', (w) => (/^[a-z0-9_.-]+$/.test(w) && /[a-z]/.test(w) ? `_tgw=${w.toUpperCase()}; \${_tgw,,}` : null)),
  // command -p: the program looked up on the default PATH, not $PATH
  word('command-p', (w) => `command -p ${w}`, true),
  // the program's path as a glob that matches only it, and with `/` taken from $PATH's first character
  word('path-glob', (w) => (/^[A-Za-z0-9_.+-]{2,}$/.test(w) ? `/[u]sr/[b]in/${w.slice(0, -1)}[${w.slice(-1)}]` : null), true),
  word('path-from-PATH', (w) => `\${PATH:0:1}usr\${PATH:0:1}bin\${PATH:0:1}${w}`, true),
  // the line in a coprocess (a subshell whose stdout is a pipe the shell holds), waited for
  { name: 'coproc', level: 'line', apply: (c) => (SHELL_STATE.test(c) || openHeredoc(c) ? null : `coproc _tgco { ${c}\n}; wait`) },
  // the line read back from a file descriptor bash opens on a here-string, and sourced
  { name: 'exec-fd-source', level: 'line', apply: (c) => `exec {_tgfd}<<< ${shq(c)}; source /dev/fd/$_tgfd` },
  // loops that run their body exactly once
  { name: 'until-once', level: 'line', apply: (c) => (openHeredoc(c) || /\b(?:break|continue)\b/.test(c) ? null : `_tgi=0; until [ $_tgi -ge 1 ]; do _tgi=1; ${c}\ndone`) },
  {
    // select reads its choice from stdin: the here-string answers it, the body gets the caller's stdin back on fd 3
    name: 'select-once',
    level: 'line',
    apply: (c) => (openHeredoc(c) || /\b(?:break|continue)\b/.test(c) ? null : `select _tgs in _tg; do { ${c}\n} <&3 3<&-; break; done 3<&0 <<< 1`),
  },
  // decoded by printf into the same shell's eval
  { name: 'eval-printf-octal', level: 'line', apply: (c) => `eval "$(printf '${octal(c)}')"` },
  // deferred to the shell's exit
  { name: 'trap-exit', level: 'line', apply: (c) => (SHELL_STATE.test(c) || /\bexit\b/.test(c) ? null : `trap ${shq(c)} EXIT`) },
  // ninth session: more ways bash builds a name or runs a line
  // ${V@E} expands backslash escapes in the value, as $'…' does
  word('param-at-E', (w) => (SAFE_WORD.test(w) ? `_tgw=${shq(hex(w))}; \${_tgw@E}` : null)),
  // ANSI-C with octal escapes
  word('ansi-c-octal', (w) => `$'${octal(w)}'`),
  // mapfile from a here-string, the first element
  word('mapfile-element', (w) => (SAFE_WORD.test(w) ? `mapfile -t _tga <<< ${w}; "\${_tga[0]}"` : null)),
  // ${V//x/} removing a separator put between every character
  word('pattern-substitution-global', (w) => (SAFE_WORD.test(w) && !w.includes('@') && w.length >= 2 ? `_tgw=${[...w].join('@')}; \${_tgw//@/}` : null)),
  // printf -v building the name from two parts
  word('printf-v-parts', (w) => (SAFE_WORD.test(w) && w.length >= 2 ? `printf -v _tgw '%s%s' ${w[0]} ${w.slice(1)}; $_tgw` : null)),
  // a function that runs the program with its own arguments
  word('function-wrapper', (w) => `_tgfw() { ${w} "$@"; }; _tgfw`, true),
  // hash -p: the name given runs the path given
  word('hash-p', (w) => (/^[A-Za-z0-9_.+-]+$/.test(w) ? `hash -p /usr/bin/${w} _tgh; _tgh` : null), true),
  // the line after a test that holds, in a group of the same shell
  { name: 'test-and-group', level: 'line', apply: (c) => (openHeredoc(c) ? null : `[[ -n _tg ]] && { ${c}
}`) },
  // the line decoded from base64 into the same shell's eval
  { name: 'eval-base64', level: 'line', apply: (c) => `eval "$(echo ${b64(c)} | base64 -d)"` },
  // the line sourced from a heredoc on stdin
  { name: 'source-heredoc', level: 'line', apply: (c) => `. /dev/stdin <<'${delimiter(c)}'
${c}
${delimiter(c)}` },
  // rot13 undone by tr, into a shell
  child('tr-rot13', (c) => `printf '%s\\n' ${shq(rot13(c))} | tr 'A-Za-z' 'N-ZA-Mn-za-m' | bash`),
  // path spellings of the arguments: ~ vs $HOME vs /home/dev, ./ and // forms (only where the
  // command leaves HOME alone: after `export HOME=/srv/x`, ~ is /srv/x, not /home/dev)
  {
    name: 'home-variable',
    level: 'path',
    apply: (c) => (/\bHOME=/.test(c) ? null : replaceUnquoted(c, /(^|\s)~(?=\/|\s|$)/g, '$HOME')),
  },
  {
    name: 'home-absolute',
    level: 'path',
    apply: (c, home = HOME) => (/\bHOME=/.test(c) || !/^\/[\w./-]+$/.test(home) ? null : replaceUnquoted(c, /(^|\s)(?:~|\$HOME)(?=\/|\s|$)/g, home)),
  },
  {
    name: 'home-tilde',
    level: 'path',
    apply: (c, home = HOME) => {
      if (/\bHOME=/.test(c)) return null;
      return replaceUnquoted(c, new RegExp(`(^|\\s)(?:\\$HOME|${home.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')})(?=\\/|\\s|$)`, 'g'), '~');
    },
  },
  {
    // ~USER is the home of USER: the case's home only where that home is /home/USER (under a
    // home of /tmp/ci/home, ~dev names /home/dev, another folder: not the same program)
    name: 'home-user-tilde',
    level: 'path',
    apply: (c, home = HOME) => {
      const user = /^\/home\/([a-z_][a-z0-9_-]*)$/.exec(home)?.[1];
      if (user === undefined || /\bHOME=/.test(c)) return null;
      return replaceUnquoted(c, /(^|\s)~(?=\/|\s|$)/g, `~${user}`);
    },
  },
  {
    // a relative ./x is the same file as /proc/self/cwd/x for the process that opens it
    name: 'path-proc-cwd',
    level: 'path',
    apply: (c) => (/\scd\b|^cd\b|\bPWD=/.test(c) ? null : /(\s)\.\/(?=[A-Za-z.])/.test(c) ? c.replace(/(\s)\.\/(?=[A-Za-z.])/, '$1/proc/self/cwd/') : null),
  },
  {
    // Only outside quotes (inside a sed script ` /w` is no path) and not for Windows tools,
    // whose `/c`, `/s`, `/Create` are switches, not folders.
    name: 'path-dot-slash',
    level: 'path',
    apply: (c) => (WINDOWS_TOOL.test(c) ? null : replaceUnquoted(c, /(\s)\/(?=[A-Za-z.]|\s|$)/g, '/./')),
  },
  {
    name: 'path-double-slash-arg',
    level: 'path',
    apply: (c) => (WINDOWS_TOOL.test(c) ? null : replaceUnquoted(c, /(\s)\/(?=[A-Za-z])/g, '//')),
  },
];

/** The plain spelling of an argv: each word as is where it needs no quoting, else single-quoted. */
export const plainLine = (argv: string[]): string => argv.map((w) => (SAFE_WORD.test(w) ? w : shq(w))).join(' ');

export interface ArgvVariant {
  name: string;
  text: string;
  /**
   * 'plain': the variant is built from the analysed argv, not from the line's text, so it keeps
   * none of the line's spelling (an interpreter's argv list hides nothing): it is held to the
   * decision of the argv's plain spelling, not to a quoted or escaped original's (docs/detection.md).
   */
  reference?: 'plain';
}

/** Argv-list re-expression (subprocess.run([...])) and argv respellings for a line that is one simple command. */
export function argvRewrites(argv: string[]): ArgvVariant[] {
  // A builtin is no program: an interpreter cannot exec it.
  if (argv.length === 0 || !isExternal(argv[0]!)) return [];
  const list = `[${argv.map(pyStr).join(', ')}]`;
  const quoted = argv.map(shq).join(' ');
  const safe = argv.every((w) => SAFE_WORD.test(w));
  const numeric = argv.slice(1).some((w) => /^-?(?:0|[1-9]\d{0,8})$/.test(w));
  return [
    { name: 'python-subprocess-argv', text: `python3 -c ${shq(`import subprocess; subprocess.run(${list})`)}`, reference: 'plain' },
    { name: 'python-execvp', text: `python3 -c ${shq(`import os; os.execvp(${pyStr(argv[0]!)}, ${list})`)}`, reference: 'plain' },
    { name: 'perl-system-list', text: `perl -e ${shq(`system(${argv.map(perlStr).join(', ')})`)}`, reference: 'plain' },
    { name: 'node-spawnSync', text: `node -e ${shq(`require('child_process').spawnSync(${JSON.stringify(argv[0])}, ${JSON.stringify(argv.slice(1))})`)}`, reference: 'plain' },
    { name: 'ruby-system-list', text: `ruby -e ${shq(`system(${argv.map(rubyStr).join(', ')})`)}`, reference: 'plain' },
    { name: 'python-os-spawnvp', text: `python3 -c ${shq(`import os; os.spawnvp(os.P_WAIT, ${pyStr(argv[0]!)}, ${list})`)}`, reference: 'plain' },
    // the argv through the shell's own data structures (seventh session)
    { name: 'array', text: `_tga=(${quoted}); "\${_tga[@]}"` },
    { name: 'positional-parameters', text: `set -- ${quoted}; "$@"` },
    { name: 'function-argv', text: `_tgf() { "$@"; }; _tgf ${quoted}` },
    ...(argv.length >= 2 ? [{ name: 'xargs-null', text: `printf '%s\\0' ${argv.slice(1).map(shq).join(' ')} | xargs -0 ${shq(argv[0]!)}` }] : []),
    ...(safe && argv.every((w) => w !== '' && !w.includes(',')) ? [{ name: 'ifs-read-array', text: `IFS=, read -r -a _tga <<< ${shq(argv.join(','))}; "\${_tga[@]}"` }] : []),
    ...(safe && argv.length >= 2 ? [{ name: 'ifs-separators', text: argv.join('${IFS}') }] : []),
    // env -S splits one string into the argv (its own quoting: only plain words, no `#` or `$`)
    ...(safe && argv.every((w) => !/[#$\\]/.test(w)) ? [{ name: 'env-S', text: `env -S ${shq(argv.join(' '))}` }] : []),
    // arithmetic expansion prints the number it computes: `kill -$((9)) $((1))`
    ...(numeric ? [{ name: 'arithmetic-operands', text: argv.map((w, i) => (i > 0 && /^-?(?:0|[1-9]\d{0,8})$/.test(w) ? `${w.startsWith('-') ? '-' : ''}$((${w.replace(/^-/, '')}))` : shq(w))).join(' ') }] : []),
    // every word respelled: quotes split inside it, ANSI-C escapes
    // (each part quoted whole, so a word holding a single quote keeps it: the same program)
    { name: 'quote-split-words', text: argv.map((w) => (w.length < 2 ? shq(w) : `${shq(w.slice(0, 1))}${shq(w.slice(1))}`)).join(' ') },
    { name: 'ansi-c-words', text: argv.map((w) => `$'${hex(w)}'`).join(' ') },
    // eighth session: the argv through namerefs, indirection and printf %q
    { name: 'nameref-array', text: `_tga=(${quoted}); declare -n _tgr=_tga; "\${_tgr[@]}"` },
    { name: 'indirect-array', text: `_tga=(${quoted}); _tgn='_tga[@]'; "\${!_tgn}"` },
    { name: 'printf-q-eval', text: `eval "$(printf '%q ' ${quoted})"` },
    // ninth session: the argv joined by `:` and split back by IFS (each word plain, no `:` in it)
    ...(safe && argv.every((w) => !w.includes(':')) ? [{ name: 'ifs-joined', text: `_tgs=${shq(argv.join(':'))}; IFS=:; $_tgs` }] : []),
    // brace expansion of the first two words only: {rm,-rf} /x
    ...(argv.length >= 3 && argv.slice(0, 2).every((w) => /^[A-Za-z0-9_./:=@%+-]+$/.test(w)) ? [{ name: 'brace-expansion-head', text: `{${argv[0]},${argv[1]}} ${argv.slice(2).map(shq).join(' ')}` }] : []),
    // brace expansion of the whole command: {rm,-rf,/x} is the words rm -rf /x
    ...(argv.length >= 2 && argv.every((w) => /^[A-Za-z0-9_./:=@%+-]+$/.test(w)) ? [{ name: 'brace-expansion', text: `{${argv.join(',')}}` }] : []),
  ];
}

/**
 * A command line given to Windows' cmd (`cmd.exe /c rd /s /q C:\Users\dev`, reached from WSL or
 * Git Bash), rewritten to bash with the same meaning so the walk judges what it runs.
 *
 * Only what is certain is rewritten: the command separators (`&`, `&&`, `||`, `|`), double
 * quotes, redirections, `%VAR%` references, and the builtins that act on files by themselves
 * (`rd`/`rmdir`, `del`/`erase`, `type`, `copy`, `move`, `md`, `ren`); every other word is a
 * program run with its words as they are (`reg add …`, `schtasks /create …`, `powershell -c …`),
 * so the tables of those programs judge them. Windows paths stay Windows paths
 * (`C:\Users\dev` → `C:/Users/dev`): the path resolver places a drive where WSL mounts it.
 * Anything else (`for`, `if`, parentheses, `^` escapes, delayed `!VAR!`) gives null: the caller
 * then states the line indeterminate, never allowed.
 */

const MAX_LINE = 8 * 1024;

/** The profile variables name the Windows user's home, whose name the gateway cannot know. */
const WINDOWS_HOME = 'C:/Users/%USERNAME%';
const KNOWN_VARIABLES: Record<string, string> = {
  USERPROFILE: WINDOWS_HOME,
  HOMEPATH: '/Users/%USERNAME%',
  HOMEDRIVE: 'C:',
  SYSTEMDRIVE: 'C:',
  SYSTEMROOT: 'C:/Windows',
  WINDIR: 'C:/Windows',
  APPDATA: `${WINDOWS_HOME}/AppData/Roaming`,
  LOCALAPPDATA: `${WINDOWS_HOME}/AppData/Local`,
  TEMP: `${WINDOWS_HOME}/AppData/Local/Temp`,
  TMP: `${WINDOWS_HOME}/AppData/Local/Temp`,
  PROGRAMDATA: 'C:/ProgramData',
};

/** cmd's builtins that act on files, as the bash program that does the same, by their switches. */
/** undefined: not a builtin (a program); null: a builtin this reading does not cover. */
function builtin(name: string, args: string[]): string[] | null | undefined {
  const switches = new Set(args.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase()));
  const operands = args.filter((a) => !a.startsWith('/') || /^\/[^/]+\//.test(a));
  switch (name) {
    case 'rd':
    case 'rmdir':
      return ['rm', ...(switches.has('/s') ? ['-r'] : ['-d']), ...(switches.has('/q') ? ['-f'] : []), '--', ...operands];
    case 'del':
    case 'erase':
      return ['rm', ...(switches.has('/s') ? ['-r'] : []), ...(switches.has('/q') || switches.has('/f') ? ['-f'] : []), '--', ...operands];
    case 'type':
      return ['cat', '--', ...operands];
    case 'copy':
    case 'xcopy':
      return ['cp', ...(switches.has('/s') || switches.has('/e') ? ['-r'] : []), '--', ...operands];
    case 'move':
      return ['mv', '--', ...operands];
    case 'ren':
    case 'rename':
      return ['mv', '--', ...operands];
    case 'md':
    case 'mkdir':
      return ['mkdir', '-p', '--', ...operands];
    case 'echo':
      return ['echo', ...args];
    case 'cd':
    case 'chdir':
      return ['cd', ...operands];
    case 'cls':
    case 'ver':
    case 'vol':
    case 'rem':
      return [];
    case 'start':
    case 'for':
    case 'if':
    case 'set':
    case 'call':
    case 'goto':
      return null;
    default:
      return undefined;
  }
}

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

/** Split a cmd line into words and operators; null where cmd's reading is not certain here. */
function tokenize(line: string): Token[] | null {
  const out: Token[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  const flush = (): void => {
    if (inWord) out.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') quoted = false;
      else word += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      inWord = true;
      continue;
    }
    if (c === '^' || c === '(' || c === ')' || c === '!' || c === '\n' || c === '\r') return null;
    if (c === ' ' || c === '\t') {
      flush();
      continue;
    }
    if (c === '&' || c === '|') {
      flush();
      const two = line.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        out.push({ kind: 'op', text: two });
        i++;
      } else out.push({ kind: 'op', text: c === '&' ? ';' : '|' });
      continue;
    }
    if (c === '>' || c === '<') {
      // `2>nul`, `>>log.txt`, `1>&2`: a descriptor number before is the redirection's.
      if (inWord && /^\d$/.test(word)) {
        const fd = word;
        word = '';
        inWord = false;
        const op = line.slice(i, i + 2) === '>>' ? '>>' : c;
        out.push({ kind: 'op', text: `${fd}${op}` });
        if (op === '>>') i++;
        continue;
      }
      flush();
      const op = line.slice(i, i + 2) === '>>' ? '>>' : c;
      out.push({ kind: 'op', text: op });
      if (op === '>>') i++;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (quoted) return null;
  flush();
  return out;
}

/** A word with its `%VAR%` references and backslashes in cmd's meaning. */
function windowsWord(text: string): string | null {
  const expanded = text.replace(/%([A-Za-z_][\w()]*)%/g, (_, name: string) => KNOWN_VARIABLES[name.toUpperCase()] ?? `\${${name.replace(/[()]/g, '_')}}`);
  // A `%` left over is a `for` variable or an escape whose meaning depends on context.
  if (/%/.test(expanded.replace(/%USERNAME%/g, ''))) return null;
  // Backslashes are path separators in cmd, never escapes.
  return /^[A-Za-z]:|\\/.test(expanded) ? expanded.replace(/\\/g, '/') : expanded;
}

function quote(word: string): string {
  if (word.startsWith('${') && /^\$\{\w+\}$/.test(word)) return `"${word}"`;
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The bash text for a cmd line, null when it is not certain. */
export function cmdToBash(line: string): string | null {
  if (line.length > MAX_LINE) return null;
  const tokens = tokenize(line.trim());
  if (tokens === null) return null;
  const parts: string[] = [];
  let command: string[] = [];
  let redirects: string[] = [];
  const end = (): boolean => {
    if (command.length > 0) {
      const [first, ...rest] = command;
      const name = first!.toLowerCase().replace(/\.(?:exe|com|cmd|bat)$/, '');
      const mapped = builtin(name, rest);
      if (mapped === null) return false;
      const words = mapped !== undefined ? mapped : command;
      if (words.length > 0) parts.push([...words.map(quote), ...redirects].join(' '));
    } else if (redirects.length > 0) return false;
    command = [];
    redirects = [];
    return true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      const w = windowsWord(t.text);
      if (w === null) return null;
      command.push(w);
      continue;
    }
    if (/^\d?(?:>>|>|<)$/.test(t.text)) {
      const target = tokens[i + 1];
      if (target === undefined || target.kind !== 'word') return null;
      const w = windowsWord(target.text);
      if (w === null) return null;
      redirects.push(`${t.text}${/^nul$/i.test(w) ? '/dev/null' : quote(w)}`);
      i++;
      continue;
    }
    if (!end()) return null;
    parts.push(t.text);
  }
  if (!end()) return null;
  return parts.join(' ').replace(/ ([;|]|&&|\|\|) /g, ' $1 ');
}

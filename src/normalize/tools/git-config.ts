/**
 * A git configuration file written by a file tool (`.git/config`, `~/.gitconfig`) stands for
 * the `git config` commands that would set the same keys: the bash producer's git knowledge
 * then states the settings (`config` effects) and, for the keys that store a command line
 * (`core.fsmonitor`, `core.sshCommand`, `alias.x = !…`, filter drivers), what that line does,
 * as it does for `git config k v` on the command line. A key whose section is not in the text
 * (an Edit's fragment without its `[section]` line) cannot be named: the file is then not read.
 */
import { shellQuote } from './shell-input.js';

const GIT_CONFIG_FILE = /(?:^|\/)(?:\.git\/config|\.git\/modules\/.+\/config|\.gitconfig|\.config\/git\/config)$/;

export function isGitConfigFile(path: string): boolean {
  return GIT_CONFIG_FILE.test(path.replace(/\\/g, '/'));
}

/** A value as git reads it: quotes removed, `\"`, `\\`, `\n`, `\t` unescaped, a comment after it dropped. */
function gitValue(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[++i];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '#' || ch === ';')) break;
    else out += ch;
  }
  return out.trim();
}

/** The `git config` command lines the text stands for, and whether every key in it could be named. */
export function gitConfigCommands(content: string): { lines: string[]; complete: boolean } {
  const lines: string[] = [];
  let complete = true;
  let section: string | null = null;
  const text = content.replace(/\\\r?\n/g, '');
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(trimmed);
    if (header !== null) {
      section = header[2] !== undefined ? `${header[1]}.${header[2].replace(/\\(.)/g, '$1')}` : header[1];
      continue;
    }
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(trimmed);
    if (entry === null) continue;
    if (section === null) {
      complete = false;
      continue;
    }
    const value = entry[2] === undefined ? 'true' : gitValue(entry[2]);
    lines.push(`git config ${shellQuote(`${section}.${entry[1]}`)} ${shellQuote(value)}`);
  }
  return { lines: lines.slice(0, 64), complete };
}

import { splitSubshellParens } from './double-parens.js';

/**
 * tree-sitter-bash cannot read a here-string after another redirection (`cat 2>/dev/null <<< x`,
 * `done 3<&0 <<< 1`: it takes `<<<` for `<<` and `<`) and fails the whole statement. bash applies
 * redirections from left to right, so the here-string may be read first where no redirection
 * before it touches descriptor 0 (what `2>/dev/null` or `3<&0` open is the same in either order,
 * and stdin is the here-string's in both). The text re-read that way parses; a redirection of
 * stdin before the here-string keeps the text as it is.
 */

/** Redirections that do not open descriptor 0, then a here-string with a plain or quoted word. */
const AFTER_REDIRECTS = /((?:[ \t]+(?:[1-9]\d*(?:[<>]&?|>>|<>)|>>?|&>>?|>&|>\|)-?[ \t]*(?:'[^'\n]*'|"[^"\n]*"|[^\s<>;|&()'"]+))+)([ \t]+<<<[ \t]*(?:'[^']*'|"[^"\\]*"|\$'[^'\\]*'|[^\s<>;|&()'"]+))/g;

/** The text with each such here-string moved before the redirections it follows, or null when there is none. */
export function hereStringFirst(text: string): string | null {
  const out = text.replace(AFTER_REDIRECTS, (_all, redirects: string, hereString: string) => hereString + redirects);
  return out === text ? null : out;
}

/** Where a command starts: the text's start, a separator, an opening (a case arm's `pattern)` too), or a keyword that takes a command. */
const COMMAND_START = /(?:^|[;&|(){\n]|\b(?:do|then|else|elif)[ \t])[ \t]*$/;
const LOOP_KEYWORD = /\b(for|select|while|until|done)\b/g;

/**
 * tree-sitter-bash cannot read a here-string on a `for` or `select` loop (`for x in a; do …; done
 * <<< 1`), nor on a group, a subshell or a case; `while` and `if` parse. `if true; then LOOP; fi
 * <<< 1` is the same program (the redirections of an `if` are its commands', and `true` reads
 * nothing), and parses: the loop is re-read inside one. The loop's start is the keyword at a
 * command start that the `done` closes (nested loops counted).
 */
export function hereStringLoopGroup(text: string): string | null {
  const m = /\bdone((?:[ \t]+(?:\d*(?:[<>]&?|>>|<>|&>>?)-?[ \t]*(?:'[^'\n]*'|"[^"\n]*"|[^\s<>;|&()'"]+)))*[ \t]+<<<)/.exec(text);
  if (m === null) return null;
  const done = m.index;
  let depth = 0;
  let start = -1;
  const keywords = [...text.slice(0, done).matchAll(LOOP_KEYWORD)].filter((k) => COMMAND_START.test(text.slice(0, k.index)));
  for (let k = keywords.length - 1; k >= 0; k--) {
    const word = keywords[k]![1];
    if (word === 'done') depth++;
    else if (depth > 0) depth--;
    else {
      start = keywords[k]!.index;
      break;
    }
  }
  if (start === -1 || !/^(?:for|select)\b/.test(text.slice(start))) return null;
  return `${text.slice(0, start)}if true; then ${text.slice(start, done)}done; fi${text.slice(done + 4)}`;
}

/**
 * Both at once, after the double parentheses are split (`select … do { ((rm -rf ~)⏎) …
 * } <&3 3<&-; break; done 3<&0 <<< 1`): the rereads of analyzer.ts are tried one by one.
 */
export function hereStringRedirects(text: string): string | null {
  let current = splitSubshellParens(text) ?? text;
  current = hereStringFirst(current) ?? current;
  current = hereStringLoopGroup(current) ?? current;
  return current === text ? null : current;
}

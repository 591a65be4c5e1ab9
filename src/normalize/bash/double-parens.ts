/**
 * `((` where a command starts is bash's arithmetic command only when the parenthesis that
 * closes its inner one is directly followed by `)`; otherwise bash reads the two as subshells
 * opening (`((rm -rf ~)\n)` runs `rm`, as `( (rm -rf ~)\n)` does). tree-sitter reads every
 * such `((` as arithmetic and fails on the rest, which would leave the line unread.
 */

/**
 * A `((` at the start of a command: after a separator, an opening (a subshell's, a brace
 * group's `{`, a case arm's `pattern)`), a keyword, or the text's start.
 */
const COMMAND_DOUBLE_PAREN = /(^|[;&|(\n`]|\{[ \t]|\)[ \t]|\$\(|\b(?:then|do|else|elif|if|while|until|time)[ \t])([ \t]*)\(\(/g;

/**
 * The text with a space between the two parentheses of every `((` bash reads as two
 * subshells, or null when there is none.
 */
export function splitSubshellParens(text: string): string | null {
  // `(((cmd)\n)\n)`: a split exposes the next `((`; a few rounds reach any real nesting.
  let current = text;
  for (let round = 0; round < 8; round++) {
    const next = splitOnce(current);
    if (next === null) break;
    current = next;
  }
  return current === text ? null : current;
}

function splitOnce(text: string): string | null {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(COMMAND_DOUBLE_PAREN)) {
    const second = m.index + m[0].length - 1;
    if (closesAsArithmetic(text, second + 1)) continue;
    out += `${text.slice(last, second)} `;
    last = second;
  }
  return last === 0 ? null : out + text.slice(last);
}

/** From just after `((`: is the parenthesis that closes at depth 0 followed by `)`? Quotes and escapes are skipped. */
function closesAsArithmetic(text: string, from: number): boolean {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote !== '') {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '\\') i++;
    else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return text[i + 1] === ')';
      depth--;
    }
  }
  // Never closed: not ours to re-read.
  return true;
}

/**
 * A heredoc whose delimiter line never comes: bash ends it at the end of the text (with a
 * warning) and runs the command, tree-sitter reports an error and drops the command's
 * words. The text with the missing delimiter lines appended reads the same to bash.
 */

/** `<<WORD`, `<<-'WORD'`, `<< "WORD"`, `<<\WORD` (not `<<<`). */
const HEREDOC_START = /(?<!<)<<-?[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|<>()'"]+))/g;

/** The text with every unterminated heredoc closed at its end, or null when each is closed. */
export function closeHeredocs(text: string): string | null {
  const missing: string[] = [];
  let from = 0;
  for (const m of text.matchAll(HEREDOC_START)) {
    if (m.index < from) continue;
    const delimiter = m[1] ?? m[2] ?? m[3] ?? '';
    const strip = m[0].startsWith('<<-');
    const lineEnd = text.indexOf('\n', m.index);
    if (lineEnd === -1) {
      missing.push(delimiter);
      from = text.length;
      continue;
    }
    const lines = text.slice(lineEnd + 1).split('\n');
    const at = lines.findIndex((line) => (strip ? line.replace(/^\t+/, '') : line) === delimiter);
    if (at === -1) {
      missing.push(delimiter);
      from = text.length;
    } else {
      from = lineEnd + 1 + lines.slice(0, at + 1).join('\n').length;
    }
  }
  if (missing.length === 0) return null;
  return `${text}${text.endsWith('\n') ? '' : '\n'}${missing.join('\n')}`;
}

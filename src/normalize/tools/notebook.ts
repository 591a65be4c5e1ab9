/**
 * A Jupyter notebook's code cells run when the notebook runs (a kernel, `jupyter nbconvert
 * --execute`, papermill in CI): what a written cell stores is judged as stored code, like a
 * Makefile recipe. A code cell is python, except its `!command` lines and `%%bash`/`%%sh`/
 * `%%script bash` cells, which are shell command lines, and `%system`/`%sx` magics. The
 * content may be a whole notebook (the Write tool: JSON with `cells`) or one cell's source
 * (NotebookEdit's `new_source`).
 */
const SHELL_CELL = /^%%(?:bash|sh|script\s+(?:ba|z)?sh)\b[^\n]*\n/;
const SHELL_LINE = /^\s*(?:!|%system\s+|%sx\s+|%%!\s*)(.*)$/;

export function isNotebook(path: string): boolean {
  return /\.ipynb$/i.test(path);
}

/** One cell's source as command lines for the bash producer: shell lines as written, the python rest as one `python3 -c`. */
function cellPieces(source: string): string[] {
  const shell = SHELL_CELL.exec(source);
  if (shell !== null) return [source.slice(shell[0].length)];
  const pieces: string[] = [];
  const python: string[] = [];
  for (const line of source.split('\n')) {
    const m = SHELL_LINE.exec(line);
    if (m !== null) pieces.push(m[1]);
    else if (!/^\s*%/.test(line)) python.push(line);
  }
  const code = python.join('\n').trim();
  if (code !== '') pieces.push(`python3 -c '${code.replace(/'/g, `'\\''`)}'`);
  return pieces;
}

const sourceText = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('') : '');

/** The command lines a notebook's code cells (or one cell's source) store. */
export function notebookPieces(content: string): string[] {
  const text = content.trimStart();
  if (text.startsWith('{')) {
    try {
      const nb = JSON.parse(text) as { cells?: unknown };
      if (!Array.isArray(nb.cells)) return [];
      return nb.cells.flatMap((cell) => {
        if (cell === null || typeof cell !== 'object') return [];
        const c = cell as Record<string, unknown>;
        return c.cell_type === 'code' ? cellPieces(sourceText(c.source)) : [];
      });
    } catch {
      return [];
    }
  }
  return cellPieces(content);
}

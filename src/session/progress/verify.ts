/**
 * Which written files need verifying. Code is verified by building, running or testing it;
 * a document, a note, a data file or a configuration that nothing runs needs none, so a
 * session that writes one doc per step is working, not looping (blind round 2's
 * write-api-docs). The table is data (config.governance.loop.no_verify).
 */
export interface NoVerifyTable {
  /** File extensions, lower case, without the dot. */
  extensions: string[];
  /** Folder names: anything under one of them (`docs/`, `notes/`). */
  dirs: string[];
  /** Base names, lower case, with or without an extension (`README`, `CHANGELOG`, `LICENSE`). */
  names: string[];
}

export const DEFAULT_NO_VERIFY: NoVerifyTable = {
  extensions: ['md', 'markdown', 'mdx', 'rst', 'adoc', 'txt', 'org', 'csv', 'tsv', 'log', 'json', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env', 'properties', 'svg', 'png', 'jpg', 'gitignore', 'editorconfig'],
  dirs: ['docs', 'doc', 'notes', 'adr', 'rfcs'],
  names: ['readme', 'changelog', 'license', 'notice', 'authors', 'contributing', 'codeowners', 'todo'],
};

/** The written file needs a build, run or test before it counts as verified. */
export function needsVerifying(path: string, table: NoVerifyTable): boolean {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  const base = (parts.at(-1) ?? '').toLowerCase();
  if (parts.slice(0, -1).some((d) => table.dirs.includes(d.toLowerCase()))) return false;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot >= 0 ? base.slice(dot + 1) : '';
  if (table.names.includes(stem) || table.names.includes(base)) return false;
  return !(ext && table.extensions.includes(ext));
}

/**
 * Reads a patch as an edit tool sends it: the `*** Begin Patch` envelope of Codex/OpenAI
 * `apply_patch`, or a unified diff (`diff --git`, `---`/`+++`). Returns the files it touches
 * and the text it adds; it does not apply anything.
 */

export interface PatchSummary {
  /** Every file named: added, updated, deleted, moved from and to. */
  files: string[];
  /** The added lines (without their `+`), joined by newlines. */
  added: string;
  /** The text had none of the markers of a patch. */
  unrecognized: boolean;
}

const MAX_FILES = 1000;

const ENVELOPE_FILE = /^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/;
const DIFF_OLD_NEW = /^(?:---|\+\+\+) (.+?)(?:\t.*)?$/;
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const RENAME = /^rename (?:from|to) (.+)$/;

export function readPatch(patch: string): PatchSummary {
  const files = new Set<string>();
  const added: string[] = [];
  let recognized = false;
  const lines = patch.split(/\r?\n/);
  // Lines still expected in the current unified-diff hunk (from `@@ -a,b +c,d @@`).
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // A line with no hunk prefix ends the hunk, whatever its header claimed.
    if ((oldLeft > 0 || newLeft > 0) && !/^[-+ \\]/.test(line)) {
      oldLeft = 0;
      newLeft = 0;
    }
    if (oldLeft > 0 || newLeft > 0) {
      // A header pair inside a hunk is ambiguous (a hunk header may lie about its size):
      // the names count as files as well as content, so that no file is missed.
      if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
        addFile(files, stripDiffPrefix(line.slice(4).split('\t')[0]));
        addFile(files, stripDiffPrefix((lines[i + 1] ?? '').slice(4).split('\t')[0]));
      }
      if (line.startsWith('+')) {
        newLeft--;
        added.push(line.slice(1));
      } else if (line.startsWith('-')) oldLeft--;
      else if (!line.startsWith('\\')) {
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      recognized = true;
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      continue;
    }
    const envelope = ENVELOPE_FILE.exec(line);
    if (envelope) {
      recognized = true;
      addFile(files, envelope[1] ?? envelope[2]);
      continue;
    }
    if (line.startsWith('*** Begin Patch') || line.startsWith('*** End Patch')) {
      recognized = true;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      recognized = true;
      for (const name of diffGitNames(line.slice('diff --git '.length))) addFile(files, stripDiffPrefix(name));
      continue;
    }
    // File headers come in pairs; a lone `--- x` is a removed line `-- x` (an SQL comment, say).
    const header =
      (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) ||
      (line.startsWith('+++ ') && (lines[i - 1] ?? '').startsWith('--- '));
    if (header) {
      const m = DIFF_OLD_NEW.exec(line);
      recognized = true;
      if (m) addFile(files, stripDiffPrefix(m[1]));
      continue;
    }
    const rename = RENAME.exec(line);
    if (rename) {
      addFile(files, rename[1]);
      continue;
    }
    if (line.startsWith('+')) added.push(line.slice(1));
  }
  return { files: [...files], added: added.join('\n'), unrecognized: !recognized };
}

function addFile(files: Set<string>, name: string | undefined): void {
  if (name === undefined || files.size >= MAX_FILES) return;
  const trimmed = name.trim().replace(/^"(.*)"$/, '$1');
  if (trimmed === '' || trimmed === '/dev/null') return;
  files.add(trimmed);
}

/** The two names of a `diff --git` line: quoted (`"a/x y" "b/x y"`) or split at ` b/`. */
function diffGitNames(rest: string): string[] {
  const quoted = rest.match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g) ?? [];
  if (rest.includes('"')) return quoted;
  const split = rest.indexOf(' b/');
  return split === -1 ? rest.split(' ') : [rest.slice(0, split), rest.slice(split + 1)];
}

/** `a/src/x.ts` → `src/x.ts` (git's prefixes); absolute and other paths stay as written. */
function stripDiffPrefix(name: string): string {
  const trimmed = name.trim().replace(/^"(.*)"$/, '$1');
  return /^[ab]\//.test(trimmed) ? trimmed.slice(2) : trimmed;
}

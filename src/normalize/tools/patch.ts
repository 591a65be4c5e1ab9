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
const DIFF_GIT = /^diff --git (?:"?a\/)?(.+?)"? (?:"?b\/)?(.+?)"?$/;
const DIFF_OLD_NEW = /^(?:---|\+\+\+) (.+?)(?:\t.*)?$/;
const RENAME = /^rename (?:from|to) (.+)$/;

export function readPatch(patch: string): PatchSummary {
  const files = new Set<string>();
  const added: string[] = [];
  let recognized = false;
  const lines = patch.split(/\r?\n/);
  for (const line of lines) {
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
    const git = DIFF_GIT.exec(line);
    if (git) {
      recognized = true;
      addFile(files, git[1]);
      addFile(files, git[2]);
      continue;
    }
    if (line.startsWith('--- ') || line.startsWith('+++ ')) {
      const m = DIFF_OLD_NEW.exec(line);
      if (m && (line.startsWith('+++ ') || !line.startsWith('--- -'))) {
        recognized = true;
        addFile(files, stripDiffPrefix(m[1]));
        continue;
      }
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

/** `a/src/x.ts` → `src/x.ts` (git's prefixes); absolute and other paths stay as written. */
function stripDiffPrefix(name: string): string {
  const trimmed = name.trim().replace(/^"(.*)"$/, '$1');
  return /^[ab]\//.test(trimmed) ? trimmed.slice(2) : trimmed;
}

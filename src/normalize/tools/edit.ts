import type { EditFacts, NormalizeContext, PathFact } from '../facts.js';
import { indeterminatePath, resolvePath } from '../paths/index.js';
import { scanSecrets } from '../secrets/index.js';
import { asInput, pathsOf, primaryPath, stringField, textField } from './fields.js';
import { readPatch } from './patch.js';
import { writeEffects } from './effects.js';
import { storedEffects } from './stored.js';
import { manifestShellFields } from './manifest.js';

/** Where edit tools put the new text: Claude Code `new_string`, Anthropic text editor `new_str`/`file_text`, MCP `newText`. */
const NEW_TEXT_FIELDS = ['new_string', 'new_str', 'newText', 'new_text', 'replacement', 'file_text', 'insert_text', 'content', 'new_source'];
const PATCH_FIELDS = ['patch', 'input', 'diff'];
const MAX_EDITS = 10_000;

/**
 * `{path|file_path, old_string, new_string}`, `{path|file_path, edits: [{old_string,
 * new_string}]}` (MultiEdit, MCP edit_file with oldText/newText), or an apply_patch
 * `{input|patch}` naming any number of files.
 */
export function normalizeEdit(input: unknown, ctx: NormalizeContext): EditFacts {
  const fields = asInput(input);
  const paths: PathFact[] = pathsOf(fields, ctx);
  const newTexts: string[] = [];

  const single = textField(fields, NEW_TEXT_FIELDS);
  if (single !== null) newTexts.push(single);

  if (Array.isArray(fields.edits)) {
    for (const edit of fields.edits.slice(0, MAX_EDITS)) {
      const text = textField(asInput(edit), NEW_TEXT_FIELDS);
      if (text !== null) newTexts.push(text);
    }
  }

  const patch = stringField(fields, PATCH_FIELDS);
  if (patch !== null) {
    const summary = readPatch(patch);
    for (const file of summary.files) paths.push(resolvePath(file, ctx));
    // A patch field whose text is not a patch: scan all of it, since the tool may still write it.
    newTexts.push(summary.unrecognized ? patch : summary.added);
    if (summary.files.length === 0 && paths.length === 0) paths.push(indeterminatePath(''));
  }

  const all = paths.length > 0 ? dedupe(paths) : [indeterminatePath('')];
  const text = newTexts.join('\n');
  return {
    kind: 'edit',
    indeterminate: [],
    effects: [...writeEffects(all, 'edit', text, 'edit'), ...newTexts.flatMap((t) => storedEffects(all, t, ctx))],
    // With several files (a patch), the one least contained stands for the call; all are in `paths`.
    path: primaryPath(paths),
    secrets: scanSecrets(text),
    paths: all,
    ...manifestShellFields(all, newTexts, ctx),
  };
}

function dedupe(paths: PathFact[]): PathFact[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = `${p.raw}\0${p.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

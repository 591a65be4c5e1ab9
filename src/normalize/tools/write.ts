import type { NormalizeContext, WriteFacts } from '../facts.js';
import { scanSecrets } from '../secrets/index.js';
import { writeEffects } from './effects.js';
import { storedEffects } from './stored.js';
import { manifestShellFields } from './manifest.js';
import { asInput, pathsOf, primaryPath, textField } from './fields.js';

/** Field names for the text written (Claude Code/OpenClaw `content`, Anthropic text editor `file_text`). */
export const CONTENT_FIELDS = ['content', 'file_text', 'contents', 'text', 'data', 'new_source'];

/** `{path|file_path, content}`. */
export function normalizeWrite(input: unknown, ctx: NormalizeContext): WriteFacts {
  const fields = asInput(input);
  const content = textField(fields, CONTENT_FIELDS) ?? '';
  const paths = pathsOf(fields, ctx);
  const path = primaryPath(paths);
  return {
    kind: 'write',
    indeterminate: [],
    effects: [...writeEffects(paths.length > 0 ? paths : [path], 'create', content, 'write'), ...storedEffects(paths, content, ctx)],
    path,
    paths: paths.length > 0 ? paths : [path],
    content_length: content.length,
    secrets: scanSecrets(content),
    ...manifestShellFields(paths, [content], ctx),
  };
}

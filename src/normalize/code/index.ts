/**
 * Inline-code producers: code given to an interpreter (`python -c`, `node -e`, a heredoc
 * into ruby, …) → effects. One producer per language folder; this file dispatches.
 *
 * Contract for the bash producer: call `codeEffects(language, code, ctx)` with the
 * interpreter's language ("python", "javascript", "typescript", "ruby", "php", "lua",
 * "powershell", "perl", …) and the code as resolved. Effects come back with
 * producer "code:<language>" and command null; the caller sets `command`.
 * Process calls come back as `exec` effects with language "bash" and the command line
 * as code, for the bash producer to re-parse.
 */
import type { Effect } from '../effects.js';
import type { NormalizeContext } from '../facts.js';

export function codeEffects(language: string, code: string, ctx: NormalizeContext): Effect[] {
  void ctx;
  if (code.trim() === '') return [];
  // Placeholder until the producers land: every piece of code is indeterminate.
  return [{ type: 'unknown', producer: `code:${language}`, command: null, reason: `unparsed_code:${language}` }];
}

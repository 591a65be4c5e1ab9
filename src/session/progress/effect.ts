/**
 * Effort with no effect: what a change prints when it changed nothing (config.governance.loop.
 * no_effect, case-insensitive). Such a change is no progress (progress/record.ts).
 */
export const DEFAULT_NO_EFFECT = [
  '0 replacements', 'no replacements', '0 substitutions', 'no changes made', 'string to replace not found', 'old_string not found',
  'nothing to change', 'did not match', '0 files changed', 'already up to date', 'already up-to-date',
];

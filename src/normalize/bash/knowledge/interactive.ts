/**
 * Editors, pagers and debuggers: each has its own command that hands a line to the shell
 * (`:!cmd` in vi/ex, `!cmd` in ed and less, `shell`/`!` in gdb and lldb, a pager given to
 * man -P). Options of vim/ex are parsed in carriers.ts; these are the rest.
 */
import type { Family, ProgramKnowledge } from './types.js';

const ed: ProgramKnowledge = { rules: [{ effect: 'command_line', prefix: '!', stdin: true }, { effect: 'write', of: 'all', mode: 'edit' }] };
const gdb: ProgramKnowledge = {
  options: { single: ['ex', 'iex', 'x', 'ix', 'eval-command', 'init-eval-command', 'p', 'pid', 'cd', 'd'], long: ['eval-command', 'init-eval-command', 'command', 'pid'] },
  rules: [
    { effect: 'command_line', options: ['-ex', '-iex', '--eval-command', '--init-eval-command'], prefix: '(?:!|shell\\s|pipe\\s.*\\|)', stdin: true },
    // gdb's embedded Python (`python …`, `py …`, `pi …`): that line is Python code.
    { effect: 'command_line', options: ['-ex', '-iex', '--eval-command', '--init-eval-command'], prefix: '(?:python|py|pi|python-interactive)\\s', stdin: true, language: 'python3' },
    { effect: 'file_commands', files: ['.gdbinit'], file_options: ['-x', '-ix', '--command'] },
  ],
};
const lldb: ProgramKnowledge = {
  options: { short: 'ocsSOk', long: ['one-line', 'source', 'one-line-before-file', 'source-before-file'] },
  rules: [{ effect: 'command_line', options: ['o', 'O', 'k', '--one-line', '--one-line-before-file'], prefix: '(?:platform\\s+shell|script\\s)', stdin: true }],
};
const pager: ProgramKnowledge = { rules: [{ effect: 'read', of: 'all' }] };
const vimLike: ProgramKnowledge = { options: { short: 'cSTuUiw', long: ['cmd'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'edit' }] };

export const INTERACTIVE: Family = {
  ed, red: ed,
  ex: vimLike, vi: vimLike, vim: vimLike, nvim: vimLike, view: vimLike,
  nano: { options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'edit' }] },
  emacs: { options: { long: ['eval', 'load'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'edit' }, { effect: 'code', language: 'elisp' }] },
  less: { options_anywhere: true, rules: [{ effect: 'read', of: 'all' }, { effect: 'command_line', operands_from: 0, prefix: '\\+!' }] },
  more: pager, most: pager,
  man: { options: { short: 'PMLSCEmKp', long: ['pager', 'manpath', 'sections', 'config-file', 'encoding', 'preprocessor'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['P', '--pager', 'p', '--preprocessor'] }] },
  gdb, lldb,
  pdb: { rules: [{ effect: 'code', language: 'python' }] },
  watch: { rules: [] },
  // script -c and flock -c are wrappers (wrappers.ts): the command inside is walked there.
  script: { rules: [] },
  flock: { rules: [] },
  expect: { options: { short: 'cf' }, rules: [{ effect: 'code', language: 'tcl' }] },
  crontab: { rules: [{ effect: 'config', tool: 'cron', key: 'crontab', key_at: 0, value_at: 0, when: { no_flags: ['l'] } }] },
};

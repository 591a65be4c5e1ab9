/**
 * git: local history operations, what touches the network, and every place git runs a
 * command line of its own (`rebase --exec`, `submodule foreach`, `bisect run`, `filter-branch --tree-filter`, `-c` keys
 * and `GIT_CONFIG_*` handled in carriers.ts, `ext::` remotes, `config` of command keys).
 */
import type { Family, ProgramKnowledge } from './types.js';

/** git settings whose value is a secret (not credential.helper, which names a program). */
const GIT_SECRET_KEYS = 'extraheader|token|passw(?:or)?d|smtppass|secret';

/** git filter-branch's options whose value is shell code it evals (for every commit, or once: --setup). */
const FILTER_BRANCH_SCRIPTS = ['--setup', '--tree-filter', '--index-filter', '--env-filter', '--parent-filter', '--msg-filter', '--commit-filter', '--tag-name-filter'];

const git: ProgramKnowledge = {
  options: { short: 'Ccx', long: ['git-dir', 'work-tree', 'namespace', 'exec-path', 'config-env', 'exec', 'onto', 'strategy', 'message', 'file', 'branch', 'depth', 'origin', 'template', 'reference', 'upload-pack', 'receive-pack', ...FILTER_BRANCH_SCRIPTS.map((o) => o.slice(2))] },
  options_anywhere: true,
  rules: [
    { effect: 'connect', peer: 'destination', when: { sub: ['clone', 'fetch', 'pull', 'push', 'ls-remote', 'archive', 'submodule'] } },
    { effect: 'send', when: { sub: ['push', 'send-email', 'request-pull'] } },
    { effect: 'delete', of: 'after_sub', recursive_flags: ['r'], when: { sub: ['rm'], no_flags: ['--cached'] } },
    // Outside a repository's history, diff compares (and prints) any two files it is given.
    { effect: 'read', of: 'after_sub', when: { sub: ['diff'], flags: ['--no-index'] } },
    { effect: 'read', of: 'after_sub', when: { sub: ['hash-object'], no_flags: ['--stdin'] } },
    { effect: 'delete', of: 'after_sub', recursive: true, relative_to: ['C'], default_operand: '.', when: { sub: ['clean'], flags: ['f', '--force'] } },
    { effect: 'write', of: 'after_sub', mode: 'edit', when: { sub: ['checkout', 'restore'], no_flags: ['--staged', 'S', 'b', 'B'] } },
    { effect: 'command_line', options: ['x', '--exec'], when: { sub: ['rebase'] } },
    { effect: 'command_line', operands_from: 2, skip_leading: ['--recursive', '-q', '--quiet', '--'], when: { sub: ['submodule'], sub2: ['foreach'] } },
    { effect: 'command_line', operands_from: 2, argv: true, when: { sub: ['bisect'], sub2: ['run'] } },
    { effect: 'command_line', options: FILTER_BRANCH_SCRIPTS, when: { sub: ['filter-branch'] } },
    { effect: 'command_line', options: ['--upload-pack', '--receive-pack', 'u'], when: { sub: ['clone', 'fetch', 'pull', 'push', 'ls-remote', 'archive'] } },
    // Settings that hold a secret: actions/checkout's http.extraheader, tokens, smtp passwords.
    { effect: 'reveal', secret: 'stored credential', when: { sub: ['config'], flags: ['--get', '--get-all', '--get-regexp', '--get-urlmatch'], operand_pattern: GIT_SECRET_KEYS } },
    { effect: 'reveal', secret: 'stored credential', when: { sub: ['config'], sub2: ['get'], operand_pattern: GIT_SECRET_KEYS } },
    { effect: 'config', tool: 'git', when: { sub: ['config'], no_flags: ['l', '--list', '--get', '--get-all', '--get-regexp', '--unset', '--unset-all', '--show-origin'] } },
    { effect: 'config', tool: 'git', key: 'remote.url', key_at: 1, value_at: 2, when: { sub: ['remote'], sub2: ['add', 'set-url'] } },
    { effect: 'file_commands', files: ['.git/hooks/pre-commit', '.git/hooks/commit-msg'], when: { sub: ['commit'], no_flags: ['n', '--no-verify'] } },
    { effect: 'file_commands', files: ['.git/hooks/pre-push'], when: { sub: ['push'], no_flags: ['--no-verify'] } },
  ],
};

export const GIT: Family = { git };

/**
 * One effect, one judgment, whatever the tool: each row is one thing a call does (delete the
 * home folder, write a shell rc file, read an SSH key, …) spelled through the Bash tool, the
 * built-in Write/Edit/Read tools and the real tools and fields of the MCP servers people run
 * (the reference filesystem server, desktop-commander, git, and common file servers' delete
 * tools). Every spelling must get the same decision, the row's strongest: a rule written over
 * an effect holds for every producer that states it, and a producer that states less than the
 * call does shows up here as a weaker decision.
 */
import { describe, expect, it } from 'vitest';
import { runCase } from '../../src/testing/cases.js';
import { LoadedRevision, readBundle } from '../../src/policy/index.js';
import { DEFAULT_BUNDLE_DIR } from '../../src/paths.js';

const revision = new LoadedRevision(readBundle(DEFAULT_BUNDLE_DIR));

type Spelling = [tool: string, input: Record<string, unknown>];
interface Row {
  effect: string;
  decision: 'deny' | 'ask';
  spellings: Spelling[];
}

const HOME = '/home/dev';

/** The effects of DESIGN.md's stance, each through every tool that can state it. */
export const ROWS: Row[] = [
  {
    effect: 'delete the home folder',
    decision: 'deny',
    spellings: [
      ['Bash', { command: 'rm -rf ~' }],
      ['Bash', { command: `rm -rf ${HOME}` }],
      ['mcp__filesystem__delete_directory', { path: HOME, recursive: true }],
      ['mcp__filesystem__delete_directory', { path: '~' }],
      ['mcp__filesystem__delete_file', { path: HOME }],
      ['mcp__filesystem__delete_file', { path: '~/' }],
      ['mcp__filesystem__move_file', { source: HOME, destination: '/tmp/trash/dev' }],
      ['mcp__desktop-commander__move_file', { source: '~', destination: '/tmp/old-home' }],
      ['mcp__desktop-commander__start_process', { command: 'rm -rf ~', timeout_ms: 10000 }],
      ['mcp__files__remove', { path: HOME, recursive: true }],
      ['mcp__fs__rm', { target: '~' }],
    ],
  },
  {
    effect: 'delete a protected folder',
    decision: 'deny',
    spellings: [
      ['Bash', { command: 'rm -rf /etc' }],
      ['Bash', { command: 'rm -rf ~/.ssh' }],
      ['mcp__filesystem__delete_directory', { path: '/etc', recursive: true }],
      ['mcp__filesystem__delete_file', { path: '/etc' }],
      ['mcp__filesystem__delete_file', { path: '~/.ssh' }],
      ['mcp__filesystem__move_file', { source: '/etc', destination: '/tmp/etc.bak' }],
      ['mcp__desktop-commander__move_file', { source: `${HOME}/.ssh`, destination: '/tmp/x' }],
      ['mcp__desktop-commander__start_process', { command: 'rm -rf /etc' }],
      ['mcp__files__delete_path', { path: '/usr', recursive: true }],
    ],
  },
  {
    effect: 'move a protected location away',
    decision: 'deny',
    spellings: [
      ['Bash', { command: 'mv ~/Documents /tmp/docs' }],
      ['Bash', { command: 'mv /etc/hosts /tmp/hosts' }],
      ['Bash', { command: 'mv ~/.bashrc ~/.bashrc.bak' }],
      ['mcp__filesystem__move_file', { source: '~/Documents', destination: '/tmp/docs' }],
      ['mcp__filesystem__move_file', { source: '/etc/hosts', destination: '/tmp/hosts' }],
      ['mcp__desktop-commander__move_file', { source: `${HOME}/.bashrc`, destination: `${HOME}/.bashrc.bak` }],
      ['mcp__filesystem__rename_file', { old_path: `${HOME}/Pictures`, new_path: '/tmp/p' }],
    ],
  },
  {
    effect: 'write a shell rc file',
    decision: 'deny',
    spellings: [
      ['Bash', { command: "echo 'alias ls=\"ls -la\"' >> ~/.bashrc" }],
      ['Write', { file_path: `${HOME}/.bashrc`, content: 'export PATH=$PATH:/opt/bin\n' }],
      ['Edit', { file_path: `${HOME}/.zshrc`, old_string: 'plugins=(git)', new_string: 'plugins=(git docker)' }],
      ['MultiEdit', { file_path: `${HOME}/.profile`, edits: [{ old_string: 'a', new_string: 'b' }] }],
      ['mcp__filesystem__write_file', { path: `${HOME}/.bashrc`, content: 'export EDITOR=vim\n' }],
      ['mcp__filesystem__edit_file', { path: '~/.zshrc', edits: [{ oldText: 'a', newText: 'b' }], dryRun: false }],
      ['mcp__desktop-commander__write_file', { path: `${HOME}/.bash_profile`, content: 'echo hi\n', mode: 'append' }],
      ['mcp__desktop-commander__edit_block', { file_path: `${HOME}/.bashrc`, old_string: 'a', new_string: 'b' }],
      ['mcp__filesystem__move_file', { source: '/home/dev/project/rc', destination: `${HOME}/.bashrc` }],
      ['mcp__filesystem__copy_file', { source: '/home/dev/project/rc', destination: `${HOME}/.zshrc` }],
    ],
  },
  {
    effect: 'write ssh authorized_keys',
    decision: 'deny',
    spellings: [
      ['Bash', { command: 'echo "ssh-ed25519 AAAAC3Nza attacker" >> ~/.ssh/authorized_keys' }],
      ['Write', { file_path: `${HOME}/.ssh/authorized_keys`, content: 'ssh-ed25519 AAAAC3Nza attacker\n' }],
      ['Edit', { file_path: `${HOME}/.ssh/authorized_keys`, old_string: '', new_string: 'ssh-rsa AAAAB3 x\n' }],
      ['mcp__filesystem__write_file', { path: '~/.ssh/authorized_keys', content: 'ssh-ed25519 AAAAC3Nza attacker\n' }],
      ['mcp__desktop-commander__write_file', { path: `${HOME}/.ssh/authorized_keys`, content: 'ssh-ed25519 AAAA x\n', mode: 'append' }],
      ['mcp__filesystem__move_file', { source: '/home/dev/project/keys.pub', destination: `${HOME}/.ssh/authorized_keys` }],
    ],
  },
  {
    effect: 'read an ssh private key',
    decision: 'deny',
    spellings: [
      ['Bash', { command: 'cat ~/.ssh/id_rsa' }],
      ['Read', { file_path: `${HOME}/.ssh/id_rsa` }],
      ['mcp__filesystem__read_file', { path: '~/.ssh/id_ed25519' }],
      ['mcp__filesystem__read_text_file', { path: `${HOME}/.ssh/id_rsa`, head: 50 }],
      ['mcp__filesystem__read_multiple_files', { paths: ['README.md', `${HOME}/.ssh/id_rsa`] }],
      ['mcp__desktop-commander__read_file', { path: `${HOME}/.ssh/id_ecdsa`, offset: 0, length: 100 }],
      ['mcp__desktop-commander__read_multiple_files', { paths: [`${HOME}/.ssh/id_rsa`] }],
      ['mcp__filesystem__copy_file', { source: `${HOME}/.ssh/id_rsa`, destination: '/home/dev/project/key.txt' }],
      ['mcp__git__git_add', { repo_path: '/home/dev/project', files: [`${HOME}/.ssh/id_rsa`] }],
    ],
  },
  {
    effect: 'write outside the workspace',
    decision: 'ask',
    spellings: [
      ['Bash', { command: "echo 'x=1' > /opt/app/settings.ini" }],
      ['Write', { file_path: '/opt/app/settings.ini', content: 'x=1\n' }],
      ['Edit', { file_path: '/opt/app/settings.ini', old_string: 'x=0', new_string: 'x=1' }],
      ['mcp__filesystem__write_file', { path: '/opt/app/settings.ini', content: 'x=1\n' }],
      ['mcp__filesystem__edit_file', { path: '/opt/app/settings.ini', edits: [{ oldText: 'x=0', newText: 'x=1' }] }],
      ['mcp__desktop-commander__write_file', { path: '/opt/app/settings.ini', content: 'x=1\n', mode: 'rewrite' }],
      ['mcp__desktop-commander__edit_block', { file_path: '/opt/app/settings.ini', old_string: 'x=0', new_string: 'x=1' }],
      ['mcp__filesystem__create_directory', { path: '/opt/app/new' }],
    ],
  },
  {
    effect: 'read a .env file',
    decision: 'ask',
    spellings: [
      ['Bash', { command: 'cat .env' }],
      ['Read', { file_path: '/home/dev/project/.env' }],
      ['mcp__filesystem__read_file', { path: '/home/dev/project/.env' }],
      ['mcp__filesystem__read_text_file', { path: '/home/dev/project/.env.production' }],
      ['mcp__filesystem__read_multiple_files', { paths: ['/home/dev/project/.env', 'package.json'] }],
      ['mcp__desktop-commander__read_file', { path: '/home/dev/project/.env.local' }],
    ],
  },
];

describe('one effect, one judgment, whatever the tool', () => {
  for (const row of ROWS) {
    describe(row.effect, () => {
      for (const [tool, input] of row.spellings) {
        it(`${tool} ${JSON.stringify(input)} → ${row.decision}`, () => {
          const { decision } = runCase(revision, { name: row.effect, tool, input, expect: {} } as never);
          expect(decision.decision, JSON.stringify(decision.reasons.map((r) => `${r.action} ${r.rule}`))).toBe(row.decision);
        });
      }
    });
  }
});

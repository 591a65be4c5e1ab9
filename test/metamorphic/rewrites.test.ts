/** The generator's own guards: a rewrite that would change what bash runs is not applied. */
import { describe, expect, it } from 'vitest';
import { REWRITES, argvRewrites, plainLine } from './rewrites.js';

const rewrite = (name: string) => REWRITES.find((r) => r.name === name)!;

describe('metamorphic rewrites', () => {
  it('respell the home only outside quotes (there ~ stays literal and $HOME expands)', () => {
    expect(rewrite('home-tilde').apply('rm -rf $HOME/x')).toBe('rm -rf ~/x');
    expect(rewrite('home-tilde').apply('pwsh -c "Remove-Item $HOME/h.txt"')).toBeNull();
    expect(rewrite('home-variable').apply("echo '~/x' ~/y")).toBe("echo '~/x' $HOME/y");
    expect(rewrite('home-absolute').apply('cat "~/x"')).toBeNull();
  });

  it('follow the case’s home: ~USER only where the home is /home/USER', () => {
    expect(rewrite('home-user-tilde').apply('rm -rf ~', '/home/dev')).toBe('rm -rf ~dev');
    expect(rewrite('home-user-tilde').apply('rm -rf ~', '/tmp/ci/home')).toBeNull();
    expect(rewrite('home-absolute').apply('rm -rf ~/x', '/tmp/ci/home')).toBe('rm -rf /tmp/ci/home/x');
    expect(rewrite('home-tilde').apply('rm -rf /tmp/ci/home/x', '/tmp/ci/home')).toBe('rm -rf ~/x');
  });

  it('hand a line to /bin/sh (dash) only when it has no bash-only syntax', () => {
    for (const name of ['sh-c', 'python-os-system', 'node-execSync', 'perl-system', 'ruby-system', 'lua-os-execute']) {
      expect(rewrite(name).apply("bash -c $'\\x72m -rf ~'")).toBeNull();
      expect(rewrite(name).apply('make -f <(curl -s x) install')).toBeNull();
      expect(rewrite(name).apply('x=a; echo "${!x}"')).toBeNull();
      expect(rewrite(name).apply('rm -rf ~')).not.toBeNull();
    }
  });

  it('spell the program and the line in the eighth session’s ways', () => {
    expect(rewrite('declare-nameref').apply('rm -rf ~')).toBe('_tgn=rm; declare -n _tgr=_tgn; $_tgr -rf ~');
    expect(rewrite('path-glob').apply('rm -rf ~')).toBe('/[u]sr/[b]in/r[m] -rf ~');
    expect(rewrite('path-from-PATH').apply('rm -rf ~')).toBe('${PATH:0:1}usr${PATH:0:1}bin${PATH:0:1}rm -rf ~');
    expect(rewrite('case-lower').apply('rm -rf ~')).toBe('_tgw=RM; ${_tgw,,} -rf ~');
    expect(rewrite('until-once').apply('while true; do break; done')).toBeNull();
    expect(rewrite('trap-exit').apply('rm -rf ~; exit 1')).toBeNull();
    const names = argvRewrites(['rm', '-rf', '/x']).map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['nameref-array', 'indirect-array', 'printf-q-eval', 'brace-expansion-head']));
  });

  it('spell the program and the line in the ninth session’s ways', () => {
    expect(rewrite('param-at-E').apply('rm -rf ~')).toBe("_tgw='\\x72\\x6d'; ${_tgw@E} -rf ~");
    expect(rewrite('ansi-c-octal').apply('rm -rf ~')).toBe("$'\\162\\155' -rf ~");
    expect(rewrite('pattern-substitution-global').apply('rm -rf ~')).toBe('_tgw=r@m; ${_tgw//@/} -rf ~');
    expect(rewrite('printf-v-parts').apply('rm -rf ~')).toBe("printf -v _tgw '%s%s' r m; $_tgw -rf ~");
    expect(rewrite('function-wrapper').apply('rm -rf ~')).toBe('_tgfw() { rm "$@"; }; _tgfw -rf ~');
    expect(rewrite('function-wrapper').apply('cd ~')).toBeNull();
    expect(rewrite('hash-p').apply('rm -rf ~')).toBe('hash -p /usr/bin/rm _tgh; _tgh -rf ~');
    expect(rewrite('tr-rot13').apply('rm -rf ~')).toBe("printf '%s\\n' 'ez -es ~' | tr 'A-Za-z' 'N-ZA-Mn-za-m' | bash");
    expect(rewrite('tr-rot13').apply('export X=1')).toBeNull();
    expect(argvRewrites(['rm', '-rf', '/x']).find((v) => v.name === 'ifs-joined')!.text).toBe("_tgs='rm:-rf:/x'; IFS=:; $_tgs");
    expect(argvRewrites(['echo', 'a:b']).map((v) => v.name)).not.toContain('ifs-joined');
  });

  it('re-express an argv through the shell’s own structures', () => {
    const names = (argv: string[]) => argvRewrites(argv).map((v) => v.name);
    expect(names(['chmod', '-R', '777', '/x'])).toEqual(expect.arrayContaining(['arithmetic-operands', 'env-S', 'ifs-separators', 'xargs-null', 'array']));
    expect(argvRewrites(['nice', '-5', 'x']).find((v) => v.name === 'arithmetic-operands')!.text).toBe("'nice' -$((5)) 'x'");
    // a word with a comma cannot go through IFS=, ; a `#` would start env -S's comment
    expect(names(['echo', 'a,b'])).not.toContain('ifs-read-array');
    expect(names(['echo', '#x'])).not.toContain('env-S');
    // an interpreter's argv list is held to the plain spelling
    expect(argvRewrites(['nmap', '-sV', '10.0.0.1']).find((v) => v.name === 'python-execvp')!.reference).toBe('plain');
    expect(plainLine(['nmap', 'a b'])).toBe("nmap 'a b'");
  });
});

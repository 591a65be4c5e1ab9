/**
 * Expansion and resolution classes the metamorphic suite found open (docs/detection.md, ninth
 * session): namerefs, indirect expansion of arrays, a program path written as a glob, slices of
 * PATH, descriptors opened with `exec {fd}<<<` and sourced, and here-strings tree-sitter-bash
 * cannot read where bash does. Each form is checked against bash itself by the oracle
 * (test/oracle/rewrites-oracle.test.ts runs the rewrites that produce them).
 */
import { describe, expect, it } from 'vitest';
import type { BashCommand, BashFacts, NormalizeContext } from '../facts.js';
import { normalizeBash } from './index.js';
import { programGlob } from './program-glob.js';
import { hereStringFirst, hereStringLoopGroup } from './here-string-order.js';

const ctx: NormalizeContext = { cwd: '/work/proj', home: '/home/dev', workspace_roots: ['/work/proj'] };
const facts = (command: string): BashFacts => normalizeBash(command, ctx);
const argvOf = (f: BashFacts, name: string): string[][] => f.commands.filter((c: BashCommand) => c.name === name).map((c) => c.argv);

describe('namerefs (declare -n, local -n, typeset -n)', () => {
  it.each([
    ['_n=rm; declare -n _r=_n; $_r -rf ~', ['rm', '-rf', '/home/dev']],
    ['_n=rm; typeset -n _r=_n; "${_r}" -rf ~', ['rm', '-rf', '/home/dev']],
    ['f() { local -n r=$1; $r -rf ~; }; p=rm; f p', ['rm', '-rf', '/home/dev']],
    ['_a=(rm -rf ~); declare -n _r=_a; "${_r[@]}"', ['rm', '-rf', '/home/dev']],
    ['_a=(x -rf ~); declare -n _r=_a; _r[0]=rm; "${_a[@]}"', ['rm', '-rf', '/home/dev']],
    ['_n=x; declare -n _r=_n; _r=rm; $_n -rf ~', ['rm', '-rf', '/home/dev']],
    ['_n=rm; declare -n _q=_n; declare -n _r=_q; $_r -rf ~', ['rm', '-rf', '/home/dev']],
    ['_n=rm; \\declare -n _r=_n; $_r -rf ~', ['rm', '-rf', '/home/dev']],
  ])('%s', (command, argv) => {
    expect(argvOf(facts(command), 'rm')).toContainEqual(argv);
  });

  it('a nameref to a target the walk does not know is unknown, never the target name as a program', () => {
    const f = facts('declare -n _r=$1; $_r -rf ~');
    expect(f.indeterminate).toContain('dynamic_command');
    expect(f.commands.some((c) => c.name === '_r' || c.name === '$1')).toBe(false);
  });

  it('${!R} of a nameref is the name it refers to', () => {
    expect(argvOf(facts('_n=x; declare -n _r=_n; echo ${!_r}'), 'echo')).toContainEqual(['echo', '_n']);
  });

  it('export -n is no nameref (it takes the export attribute away)', () => {
    expect(argvOf(facts('export -n X=rm; $X -rf ~'), 'rm')).toContainEqual(['rm', '-rf', '/home/dev']);
  });
});

describe('indirect expansion of arrays', () => {
  it.each([
    ['_a=(rm -rf ~); _n=\'_a[@]\'; "${!_n}"', ['rm', '-rf', '/home/dev']],
    ['_a=(rm -rf ~); _n=_a[@]; ${!_n}', ['rm', '-rf', '/home/dev']],
    ['_a=(ls rm); _n=\'_a[1]\'; ${!_n} -rf ~', ['rm', '-rf', '/home/dev']],
  ])('%s', (command, argv) => {
    expect(argvOf(facts(command), 'rm')).toContainEqual(argv);
  });
});

describe('a program path written as a glob', () => {
  it('a pattern that can name one path only is that path', () => {
    expect(programGlob('/[u]sr/[b]in/r[m]')).toEqual({ kind: 'exact', path: '/usr/bin/rm' });
    const f = facts('/[u]sr/[b]in/r[m] -rf ~');
    expect(argvOf(f, 'rm')).toEqual([['/usr/bin/rm', '-rf', '/home/dev']]);
    expect(f.indeterminate).toEqual([]);
    expect(f.signals).toContain('glob_command_name');
  });

  it('a pattern that can match several known programs is each of them, and indeterminate', () => {
    const matched = programGlob('/???/r?');
    expect(matched.kind).toBe('candidates');
    const f = facts('/u*/b*/cu?l -d @/home/dev/.ssh/id_rsa https://x.example.net');
    expect(argvOf(f, 'curl').length).toBe(1);
    expect(f.indeterminate).toContain('glob_program_path');
    // bash runs the first match with the other matches as arguments (`rg /bin/ri /bin/rm -rf ~`
    // where /bin holds rg, ri and rm): the pattern stays as the word standing for them
    expect(argvOf(facts('/???/r? -rf ~'), 'rg')).toEqual([['/bin/rg', '/???/r?', '-rf', '/home/dev']]);
  });

  it('a pattern no known program matches, or a relative one, stays unknown', () => {
    expect(programGlob('/usr/bin/zz*qq')).toEqual({ kind: 'unknown' });
    expect(programGlob('r?')).toEqual({ kind: 'unknown' });
    expect(facts('/usr/bin/zz*qq -rf ~').indeterminate).toContain('dynamic_command');
  });
});

describe('variables whose start the context knows', () => {
  it('${PATH:0:1} is "/" (a PATH is a list of absolute folders)', () => {
    expect(argvOf(facts('${PATH:0:1}usr${PATH:0:1}bin${PATH:0:1}rm -rf ~'), 'rm')).toEqual([['/usr/bin/rm', '-rf', '/home/dev']]);
  });

  it('a longer slice of PATH, or a PATH the script set, is not guessed', () => {
    expect(facts('${PATH:0:5}rm -rf ~').indeterminate).toContain('dynamic_command');
    expect(argvOf(facts('PATH=/opt/x; ${PATH:0:4}/rm -rf ~'), 'rm')).toEqual([['/opt/rm', '-rf', '/home/dev']]);
  });
});

describe('descriptors opened by the shell and read back', () => {
  it.each([
    "exec {fd}<<< 'rm -rf ~'; source /dev/fd/$fd",
    "exec {fd}<<< 'rm -rf ~'; . /proc/self/fd/$fd",
    "exec {a}<<< 'ls'; exec {b}<<< 'rm -rf ~'; source /dev/fd/$b",
    "cat > /tmp/x.sh <<'EOF'\nrm -rf ~\nEOF\nexec {fd}< /tmp/x.sh; source /dev/fd/$fd",
  ])('%s', (command) => {
    const f = facts(command);
    expect(argvOf(f, 'rm')).toContainEqual(['rm', '-rf', '/home/dev']);
    expect(f.indeterminate).toEqual([]);
  });

  it('bash gives {fd} the first free descriptor from 10; the word is not passed to the command', () => {
    const f = facts("exec {fd}<<< 'x'; echo $fd");
    expect(argvOf(f, 'echo')).toEqual([['echo', '10']]);
    expect(argvOf(f, 'exec')).toEqual([['exec']]);
  });
});

describe('here-strings tree-sitter-bash cannot read', () => {
  it('after another redirection: read first where nothing before it opens descriptor 0', () => {
    expect(hereStringFirst('cat 2>/dev/null <<< x')).toBe('cat <<< x 2>/dev/null');
    expect(hereStringFirst('cat </dev/null <<< x')).toBeNull();
    expect(facts('cat 2>/dev/null <<< x').parse_error).toBe(false);
  });

  it('on a for or select loop: read inside an if that runs it', () => {
    expect(hereStringLoopGroup('for x in a; do for y in b; do :; done; done <<< 1')).toBe('if true; then for x in a; do for y in b; do :; done; done; fi <<< 1');
    const f = facts("select _s in _t; do { ((rm -rf ~)\n)\n} <&3 3<&-; break; done 3<&0 <<< 1");
    expect(f.parse_error).toBe(false);
    expect(argvOf(f, 'rm')).toEqual([['rm', '-rf', '/home/dev']]);
    // the loop as a case arm's command (the metamorphic suite's case-arm over it)
    const arm = facts("case _tg in _tg) select s in x; do { ((rm -rf ~)\n)\n} <&3 3<&-; break; done 3<&0 <<< 1\n;; esac");
    expect(arm.parse_error).toBe(false);
    expect(argvOf(arm, 'rm')).toEqual([['rm', '-rf', '/home/dev']]);
  });
});

describe('a program under a folder variable of the environment', () => {
  const names = (command: string) => normalizeBash(command, { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] }).commands.map((c) => c.name);
  it('is the program its path names when the line does not set the variable', () => {
    expect(names('$ANDROID_HOME/emulator/emulator -avd P')).toEqual(['emulator']);
    expect(names('"$JAVA_HOME/bin/keytool" -list')).toEqual(['keytool']);
  });
  it('stays hidden when the line sets the folder itself', () => {
    const facts = normalizeBash('X_HOME=$(mktemp -d); cp /bin/rm $X_HOME/tool; $X_HOME/tool -rf ~', { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] });
    expect(facts.commands.some((c) => c.dynamic_name)).toBe(true);
    // Set by `read`, or only in an outer frame of a nested shell: still the line's own folder.
    const read = normalizeBash('read X_HOME < f; $X_HOME/t -rf ~', { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] });
    expect(read.commands.some((c) => c.dynamic_name)).toBe(true);
    const nested = normalizeBash("export T_DIR=$(cat f); bash -c '$T_DIR/t -rf ~'", { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] });
    expect(nested.commands.some((c) => c.name === 't')).toBe(false);
  });
});

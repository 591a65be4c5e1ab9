import { describe, expect, it } from 'vitest';
import type { NormalizeContext } from '../facts.js';
import { isInside, isPathLike, resolvePath } from './index.js';

const ctx: NormalizeContext = { cwd: '/work/proj', home: '/home/dev', workspace_roots: ['/work/proj'] };

describe('resolvePath', () => {
  // [raw, expected path]
  const table: Array<[string, string]> = [
    ['~', '/home/dev'],
    ['~/', '/home/dev'],
    ['~/.ssh/id_rsa', '/home/dev/.ssh/id_rsa'],
    ['$HOME', '/home/dev'],
    ['$HOME/.bashrc', '/home/dev/.bashrc'],
    ['${HOME}/.aws/credentials', '/home/dev/.aws/credentials'],
    ['$PWD/src', '/work/proj/src'],
    ['~+/src', '/work/proj/src'],
    ['src/index.ts', '/work/proj/src/index.ts'],
    ['./src/../README.md', '/work/proj/README.md'],
    ['.', '/work/proj'],
    ['..', '/work'],
    ['../../..', '/'],
    ['../../../../../../etc/passwd', '/etc/passwd'],
    ['/etc/./passwd', '/etc/passwd'],
    ['//etc//passwd', '/etc/passwd'],
    ['/etc/ssh/', '/etc/ssh'],
    ['/', '/'],
    ['///', '/'],
    ['/work/proj/', '/work/proj'],
    ['/work/proj/../proj2/x', '/work/proj2/x'],
    ['~root/.ssh', '/root/.ssh'],
    ['dist/', '/work/proj/dist'],
  ];
  it.each(table)('%s → %s', (raw, expected) => {
    const fact = resolvePath(raw, ctx);
    expect(fact.path).toBe(expected);
    expect(fact.raw).toBe(raw);
    expect(fact.dynamic).toBe(false);
  });

  it('places paths in the workspace, in home, or in system locations', () => {
    const inside = resolvePath('src/a.ts', ctx);
    expect(inside).toMatchObject({ in_workspace: true, in_home: false, system: false, is_workspace: false, basename: 'a.ts' });
    expect(resolvePath('.', ctx)).toMatchObject({ in_workspace: true, is_workspace: true, basename: 'proj' });
    expect(resolvePath('~', ctx)).toMatchObject({ in_home: true, is_home: true, in_workspace: false, system: false });
    expect(resolvePath('~/.ssh', ctx)).toMatchObject({ in_home: true, is_home: false, basename: '.ssh' });
    expect(resolvePath('/', ctx)).toMatchObject({ is_root: true, system: true, basename: '' });
    for (const p of ['/etc/passwd', '/usr/bin/rm', '/bin', '/sbin/x', '/lib', '/lib64/ld.so', '/boot', '/dev/sda', '/proc/1/environ', '/sys/kernel', '/var/log/syslog', '/root', '/opt/app', '/srv/www']) {
      expect(resolvePath(p, ctx).system, p).toBe(true);
    }
    for (const p of ['/tmp/x', '/home/dev/x', '/work/proj', '/library', '/etcetera', '/variable']) {
      expect(resolvePath(p, ctx).system, p).toBe(false);
    }
    // `..` leaves the workspace lexically, whatever comes after.
    expect(resolvePath('../proj-other/x', ctx).in_workspace).toBe(false);
    expect(resolvePath('../proj/x', ctx).in_workspace).toBe(true);
  });

  it('uses every configured workspace root, and defaults to cwd', () => {
    const multi: NormalizeContext = { ...ctx, workspace_roots: ['/work/proj', '/data/shared/'] };
    expect(resolvePath('/data/shared/a', multi).in_workspace).toBe(true);
    expect(resolvePath('/data/shared', multi).is_workspace).toBe(true);
    expect(resolvePath('/data/sharedX', multi).in_workspace).toBe(false);
    const noRoots: NormalizeContext = { ...ctx, workspace_roots: [] };
    expect(resolvePath('src', noRoots).in_workspace).toBe(true);
  });

  it('a workspace inside home is both', () => {
    const homeWs: NormalizeContext = { cwd: '/home/dev/code/app', home: '/home/dev', workspace_roots: [] };
    expect(resolvePath('x.ts', homeWs)).toMatchObject({ in_workspace: true, in_home: true });
    expect(resolvePath('~/.bashrc', homeWs)).toMatchObject({ in_workspace: false, in_home: true });
  });

  it('flags globs after resolution', () => {
    expect(resolvePath('*.ts', ctx)).toMatchObject({ glob: true, path: '/work/proj/*.ts', in_workspace: true });
    expect(resolvePath('/etc/*', ctx)).toMatchObject({ glob: true, system: true });
    expect(resolvePath('~/.ssh/id_*', ctx).glob).toBe(true);
    expect(resolvePath('file[12].txt', ctx).glob).toBe(true);
    expect(resolvePath('a?.txt', ctx).glob).toBe(true);
    expect(resolvePath('plain.txt', ctx).glob).toBe(false);
  });

  it('marks what cannot be resolved statically as dynamic', () => {
    const inner = resolvePath('/etc/$NAME', ctx);
    expect(inner).toMatchObject({ dynamic: true, system: true, path: '/etc/$NAME' });
    // An unknown start: no location is claimed.
    for (const raw of ['$TARGET/x', '${DIR}', '`pwd`/x', '$(pwd)/x']) {
      const fact = resolvePath(raw, ctx);
      expect(fact.dynamic, raw).toBe(true);
      expect(fact.in_workspace, raw).toBe(false);
      expect(fact.in_home, raw).toBe(false);
    }
    expect(resolvePath('src/$(whoami)', ctx)).toMatchObject({ dynamic: true, in_workspace: true });
    // `~user` is a home folder whichever user: stated beside ours, not as an unknown target.
    expect(resolvePath('~bob/.ssh', ctx)).toMatchObject({ dynamic: false, path: '/home/bob/.ssh', in_home: false });
    expect(resolvePath('~bob', { ...ctx, home: '/root' })).toMatchObject({ dynamic: false, path: '/home/bob' });
    expect(resolvePath('~dev', { ...ctx, home: '/srv/users/dev' })).toMatchObject({ dynamic: false, path: '/srv/users/dev', is_home: true });
    expect(resolvePath('~-/x', ctx).dynamic).toBe(true);
    // A drive-relative Windows path (what bash leaves of an unquoted `C:\Users`) has no known folder.
    expect(resolvePath('C:Usersdev', ctx)).toMatchObject({ dynamic: true, in_workspace: false });
    expect(resolvePath('\\\\server\\share', ctx)).toMatchObject({ dynamic: true, in_workspace: false });
    // $HOMEDIR is not $HOME.
    expect(resolvePath('$HOMEDIR/x', ctx)).toMatchObject({ dynamic: true, in_home: false });
  });

  it('never throws on odd input and says it is indeterminate', () => {
    const odd: unknown[] = ['', 'a\0b', 'x\ny', 'a'.repeat(100_000), '/'.repeat(10 * 1024 * 1024), '\uD800/x', null, undefined, 42, {}];
    for (const raw of odd) {
      const fact = resolvePath(raw as string, ctx);
      if (raw === '\uD800/x') {
        expect(fact.path).toBe('/work/proj/\uD800/x');
        continue;
      }
      expect(fact.dynamic).toBe(true);
      expect(fact.in_workspace).toBe(false);
    }
  });

  it('does not resolve against a broken context', () => {
    const broken: NormalizeContext = { cwd: 'relative', home: '', workspace_roots: [] };
    expect(resolvePath('src/x', broken)).toMatchObject({ dynamic: true, in_workspace: false });
    expect(resolvePath('~/.ssh', broken)).toMatchObject({ dynamic: true, in_home: false });
    expect(resolvePath('/etc/passwd', broken)).toMatchObject({ dynamic: false, system: true, path: '/etc/passwd' });
  });

  it('stays fast on long input', () => {
    const start = performance.now();
    for (let i = 0; i < 2000; i++) resolvePath(`src/${'a/'.repeat(200)}../x${i}`, ctx);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('isInside', () => {
  it('compares whole segments', () => {
    expect(isInside('/a/b', '/a')).toBe(true);
    expect(isInside('/a', '/a')).toBe(true);
    expect(isInside('/ab', '/a')).toBe(false);
    expect(isInside('/x', '/')).toBe(true);
  });
});

describe('isPathLike', () => {
  it.each([
    '/etc/passwd', './run.sh', '../x', '~', '~/.ssh', '~root', '$HOME/.aws', '${HOME}', '.', '..', 'src/index.ts',
    '.env', '.bashrc', 'id_rsa.pub', 'main.ts', 'install.sh', '*.ts', 'id_*', '*', 'a/b c', '/Users/me/My Documents/x',
  ])('%s is path-like', (word) => expect(isPathLike(word)).toBe(true));

  it.each([
    '', '-rf', '--force', 'https://example.com/x', 'file:///etc/passwd', 'user@host:/tmp/x', 'host:path', 'rm', 'hello',
    'some words here', 'x\ny/z', '1.2', 'C:Windows', 'example.com', 'api.github.io', 'registry.npmjs.org',
  ])('%s is not path-like', (word) => expect(isPathLike(word)).toBe(false));
});

describe('Windows drive paths', () => {
  it('resolve where WSL mounts the drive', () => {
    expect(resolvePath('C:\\Users\\dev\\.ssh\\id_rsa', ctx)).toMatchObject({ path: '/mnt/c/Users/dev/.ssh/id_rsa', dynamic: false, in_workspace: false });
    expect(resolvePath('d:/data/x.db', ctx)).toMatchObject({ path: '/mnt/d/data/x.db' });
    expect(isPathLike('C:\\Windows')).toBe(true);
  });
});


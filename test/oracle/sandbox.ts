/**
 * The execution oracle's sandbox: real bash runs a command line inside bubblewrap with no
 * network (--unshare-all), a throwaway root (bwrap's tmpfs root, /usr read-only, a few /etc
 * files, a fake $HOME with the workspace), its own pid namespace and resource limits. Every
 * program reached through PATH, and every absolute /usr/bin or /usr/sbin path the command
 * names, is a logging wrapper (programs.ts says which ones only record and exit 0 and
 * which then run the real binary), so the log is the list of programs bash really ran,
 * each with its argv.
 *
 * Nothing inside can reach the host: no network, no host files except read-only /usr and
 * the few /etc files bound below, unprivileged (a uid of its own on the host when we are
 * root, so RLIMIT_NPROC bounds fork bombs), and every process dies with the sandbox.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { ELEVATE, INTERPRETERS, RUN, stubNames } from './programs.js';

export const SANDBOX_HOME = '/home/dev';
/** The interpreter hooks kept as files (ruby, lua). */
const HOOKS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hooks');
export const SANDBOX_CWD = '/home/dev/project';

/** One program run inside the sandbox: the wrapper's name (the program's basename) and its arguments. */
export interface Ran {
  name: string;
  args: string[];
  /**
   * Who started it, as "via>parent>grandparent": the program that exec'd it in the same process (if a wrapped
   * one did), then the parent's and grandparent's names (/proc/…/comm, at most 15 characters).
   */
  parent: string;
}

export interface RunResult {
  ran: Ran[];
  timedOut: boolean;
  /** Audit events (name and args rendered as text), when the python or node hook was on. */
  audit: AuditEvent[];
}

/** Which hook records the code's attempts: python's audit hook, node's preloaded wrappers, or none. */
type Audit = 'pyaudit' | 'nodeaudit' | 'perlaudit' | 'rubyaudit' | 'luaaudit' | null;

export interface AuditEvent {
  event: string;
  args: string[];
}

/** A sandbox for the tests of the enclosing describe: opened before them and handed to `set`, closed after. */
export function withSandbox(set: (sandbox: Sandbox) => void): void {
  let sandbox: Sandbox | undefined;
  beforeAll(() => {
    sandbox = new Sandbox({ concurrency: Number(process.env.TOOLGATE_ORACLE_JOBS ?? 3) });
    set(sandbox);
  });
  afterAll(() => sandbox?.close());
}

/** Why the sandbox cannot run here, or null when it can. */
export function sandboxUnavailable(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' });
  if (which.status !== 0) return 'bubblewrap (bwrap) is not installed: apt-get install -y bubblewrap (.ci/run installs it)';
  for (const dir of ['bin', 'sbin']) {
    if (!lstatSync(`/${dir}`, { throwIfNoEntry: false })?.isSymbolicLink()) return `/${dir} is not a link into /usr: the sandbox's program folders (Sandbox.mirror) assume a merged /usr, as Debian 12 and later have`;
  }
  const probe = spawnSync(which.stdout.trim(), ['--unshare-all', '--ro-bind', '/usr', '/usr', ...rootLinks(), '--proc', '/proc', '--dev', '/dev', '/usr/bin/true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `bwrap cannot create a sandbox here: ${probe.stderr.trim().slice(0, 200)}`;
  return null;
}

/** /bin, /sbin, /lib… as the host has them: symlinks into /usr on merged-/usr systems, read-only binds otherwise. */
function rootLinks(): string[] {
  const out: string[] = [];
  for (const dir of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    const host = `/${dir}`;
    const stat = lstatSync(host, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isSymbolicLink()) out.push('--symlink', readlinkRelative(host), host);
    else out.push('--ro-bind', host, host);
  }
  return out;
}

function readlinkRelative(link: string): string {
  return path.relative('/', realpathSync(link));
}

/**
 * Inside the sandbox, around the command: fill the fake home, run the command from the
 * workspace, then give what it left running (a process substitution bash does not wait for,
 * a `&` job) up to a second to finish before the sandbox ends, so that whether such a
 * program got to run and be recorded does not depend on the machine's load. Builtins only
 * while waiting (the /proc glob), so the wait sees no process of its own.
 */
const SETUP = [
  '/real/usr/bin/cp -r /oracle-lib/home/. ~/ 2>/dev/null; cd ~/project || exit 1',
  '"$@"; rc=$?',
  'for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do',
  '  left=; for p in /proc/[0-9]*; do case ${p#/proc/} in 1|$$) ;; *) left=1; break ;; esac; done',
  '  [ -z "$left" ] && break; /real/usr/bin/sleep 0.05',
  'done',
  'exit $rc',
].join('\n');

/**
 * The shells stay the host's own file at /usr/bin unless the command spells their path: the
 * C library's system() and popen(), make's recipes, git's aliases and every `#!/bin/sh` script
 * reach /bin/sh on their own, and what such a shell runs is recorded anyway.
 */
const TRANSPARENT_SHELLS = new Set(['sh', 'dash', 'bash', 'rbash']);

/** The program folders the sandbox has of its own, and whether the host's programs show through (see Sandbox.mirror). */
const MIRRORED: Array<[string, boolean]> = [['/usr/bin', true], ['/usr/sbin', true], ['/usr/local/bin', false], ['/usr/local/sbin', false]];

/** Host /etc files the programs need (users, loader, alternatives, interpreter configs). */
const ETC_FILES = ['nsswitch.conf', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'alternatives', 'localtime', 'hosts', 'python3.11', 'python3', 'perl', 'magic', 'mime.types', 'inputrc'];

const PY_HOOK = `# The python oracle's audit hook: every event the code attempts, one JSON line each.
import sys, os, json
if os.path.exists('/oracle/pyaudit'):
    _log = open('/oracle/pyaudit.log', 'a', buffering=1)
    _open = open
    _WATCH = ('os.system', 'subprocess.Popen', 'os.exec', 'os.posix_spawn', 'os.spawn', 'os.fork', 'os.forkpty', 'pty.spawn',
              'open', 'os.remove', 'os.unlink', 'os.rmdir', 'shutil.rmtree', 'os.rename', 'shutil.move', 'shutil.copyfile',
              'os.chmod', 'os.chown', 'os.symlink', 'os.link', 'os.truncate', 'os.kill', 'os.killpg', 'os.mkdir',
              'socket.connect', 'socket.bind', 'socket.getaddrinfo', 'socket.sendto', 'urllib.Request', 'http.client.connect',
              'ctypes.dlopen', 'compile', 'exec', 'import', 'os.putenv')
    def _hook(event, args):
        if not event.startswith(_WATCH):
            return
        if event == 'open':
            mode = args[1] if len(args) > 1 else 'r'
            flags = args[2] if len(args) > 2 else 0
            if not (isinstance(mode, str) and any(c in mode for c in 'wax+')) and not (isinstance(flags, int) and flags & 0o3):
                return
        if event == 'compile' or event == 'exec' or event == 'import':
            return
        try:
            _log.write(json.dumps({'event': event, 'args': [a if isinstance(a, str) else repr(a) for a in args]}) + '\\n')
        except Exception:
            pass
    sys.addaudithook(_hook)
`;

/**
 * The node oracle's hook, preloaded with `--require`: node has no audit hooks, so the public
 * APIs that act on the world are wrapped before the code runs (child_process, fs and
 * fs.promises writes, deletes, permission changes and links, net, tls, http(s), dns, dgram,
 * fetch, process.kill), and ESM imports see the wrapped functions (syncBuiltinESMExports).
 * Each call is recorded as one JSON line, then the real function runs (and fails or lands in
 * the throwaway root). What it cannot see: node's internal bindings (`process.binding('fs')`)
 * and native addons, which code can reach without these APIs.
 */
const NODE_HOOK = `'use strict';
const fs = require('fs');
if (fs.existsSync('/oracle/nodeaudit')) {
  const fd = fs.openSync('/oracle/nodeaudit.log', 'a');
  const writeSync = fs.writeSync;
  const text = (a) => { if (typeof a === 'string') return a; try { return JSON.stringify(a) ?? String(a); } catch { return String(a); } };
  const record = (event, args) => { try { writeSync(fd, JSON.stringify({ event, args: args.slice(0, 4).map(text) }) + '\\n'); } catch {} };
  const wrap = (obj, name, event, when) => {
    const real = obj && obj[name];
    if (typeof real !== 'function') return;
    obj[name] = function (...args) { if (!when || when(args)) record(event, args); return real.apply(this, args); };
  };
  const writes = (flags) => (typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' ? (flags & 3) !== 0 : false);
  const cp = require('child_process');
  for (const n of ['exec', 'execSync', 'execFile', 'execFileSync', 'spawn', 'spawnSync', 'fork']) wrap(cp, n, 'child_process.' + n);
  for (const mod of [fs, fs.promises]) {
    for (const n of ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'truncate', 'truncateSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'rename', 'renameSync']) wrap(mod, n, 'fs.write');
    for (const n of ['open', 'openSync']) wrap(mod, n, 'fs.write', (a) => writes(a[1]));
    for (const n of ['unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync']) wrap(mod, n, 'fs.delete');
    for (const n of ['chmod', 'chmodSync', 'lchmod', 'chown', 'chownSync', 'lchown', 'lchownSync', 'fchmod', 'fchmodSync', 'fchown', 'fchownSync']) wrap(mod, n, 'fs.chmod');
    for (const n of ['symlink', 'symlinkSync', 'link', 'linkSync']) wrap(mod, n, 'fs.link');
  }
  const net = require('net');
  wrap(net, 'connect', 'net.connect');
  wrap(net, 'createConnection', 'net.connect');
  wrap(net.Socket.prototype, 'connect', 'net.connect');
  wrap(require('tls'), 'connect', 'net.connect');
  for (const m of ['http', 'https']) for (const n of ['request', 'get']) wrap(require(m), n, m + '.' + n);
  const dns = require('dns');
  for (const n of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveTxt', 'resolveAny']) { wrap(dns, n, 'dns.lookup'); wrap(dns.promises, n, 'dns.lookup'); }
  wrap(require('dgram').Socket.prototype, 'send', 'net.connect');
  wrap(globalThis, 'fetch', 'fetch');
  wrap(process, 'kill', 'process.kill');
  require('module').syncBuiltinESMExports();
}
`;

/**
 * The perl oracle's hook, loaded with `-MOracleHook` before the code is compiled: perl has no
 * audit hooks, but a builtin overridden in CORE::GLOBAL is what every later-compiled call of it
 * runs, the code's own and the modules it loads (File::Path's unlink and rmdir, IO::Socket's
 * connect, HTTP::Tiny through them). Processes (system, exec, backticks, pipe opens, fork),
 * opens for writing, deletes, renames, permission changes, links, connects and signals are
 * recorded as one JSON line each, then the real builtin runs in the throwaway root. What it
 * cannot see: XS code calling the C library directly, and `CORE::unlink` spelled out.
 */
const PERL_HOOK = `package OracleHook;
use strict;
no strict 'refs';
my $log;
if (-e '/oracle/perlaudit') { open($log, '>>', '/oracle/perlaudit.log'); my $old = select($log); $| = 1; select($old); }
sub _json { my $t = shift; $t = '' unless defined $t; $t =~ s/(["\\\\])/\\\\$1/g; $t =~ s/([\\x00-\\x1f])/sprintf('\\\\u%04x', ord($1))/ge; return '"' . $t . '"'; }
sub _rec { return unless $log; my ($event, @args) = @_; @args = @args[0 .. 3] if @args > 4; print {$log} '{"event":' . _json($event) . ',"args":[' . join(',', map { _json(defined $_ ? "$_" : '') } @args) . "]}\\n"; }
sub _qualify { my $fh = shift; return $fh if ref $fh || !defined $fh || $fh =~ /::/; my $pkg = caller(1); return $pkg . '::' . $fh; }
BEGIN {
  *CORE::GLOBAL::system = sub { _rec('system', @_); CORE::system(@_) };
  *CORE::GLOBAL::exec = sub { _rec('exec', @_); CORE::exec(@_) };
  *CORE::GLOBAL::readpipe = sub { _rec('readpipe', $_[0]); CORE::readpipe($_[0]) };
  *CORE::GLOBAL::fork = sub { _rec('fork'); CORE::fork() };
  *CORE::GLOBAL::unlink = sub { my @a = @_ ? @_ : ($_); _rec('unlink', @a); CORE::unlink(@a) };
  *CORE::GLOBAL::rmdir = sub { my @a = @_ ? @_ : ($_); _rec('rmdir', @a); CORE::rmdir($a[0]) };
  *CORE::GLOBAL::rename = sub { _rec('rename', @_); CORE::rename($_[0], $_[1]) };
  *CORE::GLOBAL::chmod = sub { _rec('chmod', @_[1 .. $#_]); CORE::chmod(@_) };
  *CORE::GLOBAL::chown = sub { _rec('chown', @_[2 .. $#_]); CORE::chown(@_) };
  *CORE::GLOBAL::symlink = sub { _rec('symlink', @_); CORE::symlink($_[0], $_[1]) };
  *CORE::GLOBAL::link = sub { _rec('link', @_); CORE::link($_[0], $_[1]) };
  *CORE::GLOBAL::truncate = sub { _rec('truncate', $_[0]); CORE::truncate($_[0], $_[1]) };
  *CORE::GLOBAL::kill = sub { _rec('kill', @_); CORE::kill(@_) };
  *CORE::GLOBAL::connect = sub { _rec('connect', 'socket'); CORE::connect($_[0], $_[1]) };
  *CORE::GLOBAL::open = sub (*;$@) {
    my $mode = defined $_[1] ? $_[1] : '';
    if (@_ >= 3) {
      if ($mode =~ /\\|/) { _rec('open-pipe', @_[2 .. $#_]) } elsif ($mode =~ /[>+]/ && $mode !~ /&/) { _rec('open-write', $_[2]) }
    } elsif ($mode =~ /^\\s*\\||\\|\\s*$/) { _rec('open-pipe', $mode) } elsif ($mode =~ /^\\s*(?:\\+|>)/ && $mode !~ /^\\s*\\+?>>?&/) { _rec('open-write', $mode) }
    # A bareword handle comes as a read-only name: open it by its name in the caller's package;
    # anything else (\`open(my $fh, …)\`) through the alias, so the caller's variable gets the handle.
    if (defined $_[0] && !ref $_[0]) {
      my $fh = _qualify($_[0]);
      return CORE::open($fh) if @_ == 1;
      return CORE::open($fh, $_[1]) if @_ == 2;
      return CORE::open($fh, $_[1], $_[2]) if @_ == 3;
      return CORE::open($fh, $_[1], $_[2], @_[3 .. $#_]);
    }
    return CORE::open($_[0]) if @_ == 1;
    return CORE::open($_[0], $_[1]) if @_ == 2;
    return CORE::open($_[0], $_[1], $_[2]) if @_ == 3;
    return CORE::open($_[0], $_[1], $_[2], @_[3 .. $#_]);
  };
}
1;
`;

/** The shell the wrappers are written in: the host's /bin/sh (dash on Debian) under the untouched /real/usr. */
const WRAPPER_SHELL = '/real/usr/bin/sh';

function stubScript(kind: 'stub' | 'run' | 'elevate', name: string, real: string | null): string {
  // The parent's name tells a program bash (or a runner) started from one a tool ran for its own work (tar → gzip).
  // Also the program that exec'd this one in the same process (ORACLE_PID/ORACLE_VIA, set by a wrapper before it
  // execs the real binary: gunzip → gzip) and the grandparent (tar → sh -c → gzip).
  const record = [
    'via=; [ "$ORACLE_PID" = "$$" ] && via=$ORACLE_VIA',
    // (Own names for the fields: \`_\` is in the environment bash gives a program, and dash exports what it imported.)
    'parent=; gp=; gpid=; read -r parent < /proc/$PPID/comm 2>/dev/null; read -r _tgs1 _tgs2 _tgs3 gpid _tgs5 < /proc/$PPID/stat 2>/dev/null',
    '[ -n "$gpid" ] && read -r gp < /proc/$gpid/comm 2>/dev/null',
    `printf '%s\\0' "$#" '${name}' "$via>$parent>$gp" "$@" >> /oracle/log 2>/dev/null`,
  ].join('\n');
  // The wrappers' own shell is the real one under /real: /bin/sh inside may be a wrapper itself
  // (`/bin/sh -c …` spelled in the command), and a wrapper interpreted by itself never runs.
  if (kind === 'stub') return `#!${WRAPPER_SHELL}\n${record}\nexit 0\n`;
  if (kind === 'run') {
    const py = /^python/.test(name) ? 'export PYTHONPATH=/oracle-lib/py${PYTHONPATH:+:$PYTHONPATH}\n' : '';
    // A shell library found through PATH and sourced (`. gettext.sh` in git's script
    // subcommands) is no program run: source the real one, record nothing, and do not exec
    // (exec would replace the sourcing script, which then never does its work). Run as a
    // program, $0 ends in the wrapper's name; sourced, it is the sourcing script's.
    const sourced = `case "$0" in */'${name}'|'${name}') ;; *) . ${real}; return $? ;; esac`;
    // Started by the kernel for a script's `#!` line, the script a real program is (pg_dump is
    // postgresql-common's perl script, under /real/usr since its wrapper ran it from there): the
    // program's own machinery, not a program the command ran.
    const shebang = `case "$1" in /real/*) exec ${real} "$@" ;; esac`;
    return `#!${WRAPPER_SHELL}\n${sourced}\n${shebang}\n${record}\n${py}export ORACLE_PID=$$ ORACLE_VIA='${name}'\nexec ${real} "$@"\n`;
  }
  // sudo/doas/pkexec drop their options; gosu/su-exec also their user operand.
  const operand = name === 'gosu' || name === 'su-exec' ? '[ $# -gt 0 ] && shift\n' : '';
  return `#!${WRAPPER_SHELL}
${record}
while [ $# -gt 0 ]; do
  case "$1" in
    -u|-g|-C|-D|-h|-p|-r|-t|-U|-T|--user|--group|--chdir|--prompt) shift 2 ;;
    --) shift; break ;;
    -*) shift ;;
    *=*) export "$1"; shift ;;
    *) break ;;
  esac
done
${operand}[ $# -eq 0 ] && exit 0
exec "$@"
`;
}

/** Where the real binary of a name lives inside the sandbox (/real/usr/…), or null when the host has none. */
function realBinary(name: string): string | null {
  for (const dir of ['/usr/bin', '/usr/sbin']) {
    const host = path.join(dir, name);
    if (!existsSync(host)) continue;
    const target = realpathSync(host);
    if (!target.startsWith('/usr/')) return null;
    return `/real${target}`;
  }
  return null;
}

export interface SandboxOptions {
  /** Wall time per case, ms. */
  timeoutMs?: number;
  /** Cases run at once. */
  concurrency?: number;
}

export class Sandbox {
  readonly root: string;
  private readonly bwrap: string;
  private readonly kinds = new Map<string, 'stub' | 'run' | 'elevate'>();
  private readonly wrappers: string;
  private readonly skeleton: string;
  private counter = 0;
  /** Program folders built so far, by the names spelled as absolute paths (mirror()). */
  private readonly mirrors = new Map<string, string>();
  readonly timeoutMs: number;
  readonly concurrency: number;

  /** Not root: RLIMIT_NPROC counts every process of our uid, so the bound is what runs already plus room per slot. */
  private readonly userProcesses: number;

  constructor(options: SandboxOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.userProcesses = spawnSync('ps', ['-U', String(process.getuid?.() ?? 0), '-o', 'pid='], { encoding: 'utf8' }).stdout?.split('\n').filter(Boolean).length ?? 0;
    this.concurrency = options.concurrency ?? 2;
    this.bwrap = spawnSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).stdout.trim();
    this.root = mkdtempSync(path.join(tmpdir(), 'toolgate-oracle-'));
    chmodSync(this.root, 0o755);
    // One read-only library bound at /oracle-lib: the wrappers (PATH) and the python hook.
    this.wrappers = path.join(this.root, 'lib', 'stubs');
    mkdirSync(this.wrappers, { recursive: true });
    // Every host program: a wrapper that records and runs the real one; then stubs and elevators over them.
    for (const dir of ['/usr/bin', '/usr/sbin']) {
      for (const name of readdirSync(dir)) {
        if (this.kinds.has(name) || !/^[A-Za-z0-9_.+\[-]+$/.test(name)) continue;
        const real = realBinary(name);
        if (real === null) continue;
        this.write(name, 'run', real);
      }
    }
    for (const name of RUN) {
      const real = realBinary(name);
      if (real !== null) this.write(name, 'run', real);
      else if (INTERPRETERS.has(name)) this.write(name, 'stub', null);
    }
    for (const name of stubNames()) this.write(name, 'stub', null);
    for (const name of ELEVATE) this.write(name, 'elevate', null);
    // /etc: copies of the host files programs need (one mount instead of one per file), our own users (dev = 1000).
    const etc = path.join(this.root, 'etc');
    mkdirSync(etc);
    for (const file of ETC_FILES) {
      if (existsSync(`/etc/${file}`)) cpSync(`/etc/${file}`, path.join(etc, file), { recursive: true, verbatimSymlinks: true, dereference: false });
    }
    writeFileSync(path.join(etc, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\ndev:x:1000:1000:dev:/home/dev:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
    writeFileSync(path.join(etc, 'group'), 'root:x:0:\ndev:x:1000:\nnogroup:x:65534:\n');
    const py = path.join(this.root, 'lib', 'py');
    mkdirSync(py);
    writeFileSync(path.join(py, 'sitecustomize.py'), PY_HOOK);
    mkdirSync(path.join(this.root, 'lib', 'perl'));
    writeFileSync(path.join(this.root, 'lib', 'perl', 'OracleHook.pm'), PERL_HOOK);
    // The ruby and lua hooks are files of their own beside this one (hooks/): copied into the library.
    for (const hook of ['hook.rb', 'hook.lua']) cpSync(path.join(HOOKS, hook), path.join(this.root, 'lib', hook));
    mkdirSync(path.join(this.root, 'lib', 'node'));
    writeFileSync(path.join(this.root, 'lib', 'node', 'hook.cjs'), NODE_HOOK);
    // The fake home: a workspace, the usual dotfiles, fake credentials for readers to find.
    this.skeleton = path.join(this.root, 'lib', 'home');
    const files: Record<string, string> = {
      '.bashrc': '# fake\n',
      '.profile': '# fake\n',
      '.ssh/id_rsa': '-----BEGIN FAKE KEY-----\n',
      '.ssh/config': 'Host *\n',
      '.aws/credentials': '[default]\naws_access_key_id = FAKE\n',
      '.gitconfig': '[user]\n\tname = dev\n\temail = dev@example.com\n',
      'project/README.md': '# project\n',
      'project/src/main.py': 'print(1)\n',
      'project/.env': 'TOKEN=fake\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.skeleton, file)), { recursive: true });
      writeFileSync(path.join(this.skeleton, file), text);
    }
    // The workspace is a git checkout with one commit, so git commands (hooks, aliases, filters) really run.
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: path.join(this.skeleton, 'project'), stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'initial');
    rmSync(path.join(this.skeleton, 'project', '.git', 'hooks'), { recursive: true, force: true });
    mkdirSync(path.join(this.root, 'cases'));
    chmodTree(this.root);
  }

  private write(name: string, kind: 'stub' | 'run' | 'elevate', real: string | null): void {
    if (!/^[A-Za-z0-9_+\[-][A-Za-z0-9_.+\[-]*$/.test(name)) return;
    this.kinds.set(name, kind);
    writeFileSync(path.join(this.wrappers, name), stubScript(kind, name, real), { mode: 0o755 });
  }

  /** How a name is treated inside: 'stub', 'run', 'elevate', or undefined when it does not exist there. */
  kind(name: string): 'stub' | 'run' | 'elevate' | undefined {
    return this.kinds.get(name);
  }

  /**
   * The sandbox's program folders (/usr/bin, /usr/sbin, /usr/local/bin, /usr/local/sbin), built
   * once per set of program names the command spells as an absolute path, so that every path
   * spelling of a program hits its recording wrapper, whatever the host has installed:
   * - every program the sandbox knows (a stub, an elevator, a host program that runs for real)
   *   is its wrapper in all four folders, also where the host lacks it (`/sbin/iptables -F`,
   *   `/usr/bin/aws …`), so that a path bash finds by a glob (`/[u]sr/[b]in/ca[t]`), an
   *   expansion (`${PATH:0:1}usr…`) or the default PATH (`command -p`) is recorded too;
   * - the shells (TRANSPARENT_SHELLS) are links to the real file under /real/usr, unless the
   *   command spells their path (`/bin/sh -c …`): programs reach /bin/sh on their own all the time;
   * - /usr/local holds only wrappers: what the host keeps there (which differs between
   *   machines) is not seen.
   * /bin and /sbin are links into /usr (a merged /usr, which sandboxUnavailable requires).
   */
  private mirror(spelled: string[]): Array<[string, string]> {
    const named = spelled.filter((n) => this.kinds.has(n)).sort();
    const key = named.join('\u0000');
    let dir = this.mirrors.get(key);
    if (dir === undefined) {
      dir = path.join(this.root, 'mirrors', String(this.mirrors.size));
      const wrapped = new Set([...named, ...[...this.kinds].filter(([name]) => !TRANSPARENT_SHELLS.has(name)).map(([name]) => name)]);
      for (const [folder, host] of MIRRORED) {
        const out = path.join(dir, folder.replace(/\//g, '_'));
        mkdirSync(out, { recursive: true, mode: 0o755 });
        if (host) for (const name of readdirSync(folder)) if (!wrapped.has(name)) symlinkSync(`/real${folder}/${name}`, path.join(out, name));
        for (const name of wrapped) symlinkSync(`/oracle-lib/stubs/${name}`, path.join(out, name));
      }
      chmodTree(dir);
      this.mirrors.set(key, dir);
    }
    return MIRRORED.filter(([folder]) => existsSync(folder)).map(([folder]) => [folder, path.join(dir!, folder.replace(/\//g, '_'))]);
  }

  private args(caseDir: string, command: string, argv: string[]): string[] {
    const out = [
      '--unshare-all', '--unshare-user', '--die-with-parent', '--new-session', '--uid', '1000', '--gid', '1000',
      '--ro-bind', '/usr', '/usr', '--ro-bind', '/usr', '/real/usr', ...rootLinks(),
      '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--dir', '/var/tmp',
      '--ro-bind', path.join(this.root, 'etc'), '/etc', '--ro-bind', path.join(this.root, 'lib'), '/oracle-lib',
    ];
    out.push('--bind', caseDir, '/oracle', '--tmpfs', SANDBOX_HOME);
    // The program folders as the sandbox's own (mirrors.ts of this file): every spelling of a program's path reaches its wrapper.
    for (const [dir, mirror] of this.mirror(absoluteNames(command))) out.push('--ro-bind', mirror, dir);
    out.push(
      '--clearenv', '--setenv', 'PATH', '/oracle-lib/stubs', '--setenv', 'HOME', SANDBOX_HOME, '--setenv', 'USER', 'dev', '--setenv', 'LOGNAME', 'dev',
      '--setenv', 'SHELL', '/bin/bash', '--setenv', 'PYTHONPATH', '/oracle-lib/py', '--setenv', 'LANG', 'C.UTF-8', '--setenv', 'TERM', 'dumb', '--setenv', 'PWD', SANDBOX_CWD,
      '--chdir', SANDBOX_HOME,
      // The fake home is filled inside (cheaper than a host copy per case), then the command runs from the workspace.
      '/real/usr/bin/bash', '-c', SETUP, 'oracle',
      // The time limit is kept inside: killing bwrap from outside would orphan its pid-1 process, and a
      // container's init may never reap it (zombies count against the slot uid's RLIMIT_NPROC).
      '/real/usr/bin/timeout', '-s', 'KILL', `${this.timeoutMs / 1000}`,
      ...argv,
    );
    return out;
  }

  /** Run one bash command line; returns the programs it ran, in order. */
  async run(command: string, options: { python?: boolean } = {}): Promise<RunResult> {
    return this.exec(command, ['/real/usr/bin/bash', '-c', command], options.python ? 'pyaudit' : null);
  }

  /** Run python code (`python3 -c CODE`) with the audit hook on. */
  async runPython(code: string): Promise<RunResult> {
    return this.exec('', ['/real/usr/bin/python3', '-c', code], 'pyaudit');
  }

  /** Run javascript code (`node -e CODE`) with the node hook preloaded. */
  async runNode(code: string): Promise<RunResult> {
    return this.exec('', ['/real/usr/bin/node', '--require', '/oracle-lib/node/hook.cjs', '-e', code], 'nodeaudit');
  }

  /** Run perl code (`perl -e CODE`) with the CORE::GLOBAL hook loaded first. */
  async runPerl(code: string): Promise<RunResult> {
    return this.exec('', ['/real/usr/bin/perl', '-I/oracle-lib/perl', '-MOracleHook', '-e', code], 'perlaudit');
  }

  /** Run ruby code (`ruby -e CODE`) with hooks/hook.rb required first; null when the host has no ruby. */
  async runRuby(code: string): Promise<RunResult> {
    return this.exec('', [realBinary('ruby') ?? '/real/usr/bin/ruby', '-r/oracle-lib/hook.rb', '-e', code], 'rubyaudit');
  }

  /** Run lua code (`lua -e CODE`) after hooks/hook.lua. */
  async runLua(code: string): Promise<RunResult> {
    return this.exec('', [realBinary('lua') ?? '/real/usr/bin/lua', '-e', 'dofile("/oracle-lib/hook.lua")', '-e', code], 'luaaudit');
  }

  private async exec(command: string, argv: string[], audit: Audit): Promise<RunResult> {
    const slot = await this.acquire();
    try {
      return await this.execIn(slot, command, argv, audit);
    } finally {
      this.release(slot);
    }
  }

  /**
   * Each concurrent case runs as its own host uid (root only), so RLIMIT_NPROC, which the kernel
   * counts per uid, bounds each case alone: a fork bomb in one case cannot starve the others, and
   * the next case in the slot waits until the last one's processes are gone.
   */
  private readonly free: number[] = [];
  private readonly waiting: Array<(slot: number) => void> = [];
  private slotsMade = 0;

  private acquire(): Promise<number> {
    const slot = this.free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    if (this.slotsMade < this.concurrency) return Promise.resolve(this.slotsMade++);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }

  private async drain(uid: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      // Zombies (stat Z) are left to whoever reaps them; only live processes hold the slot.
      const left = spawnSync('ps', ['-U', String(uid), '-o', 'stat='], { encoding: 'utf8' });
      if (!(left.stdout ?? '').split('\n').some((stat) => stat.trim() !== '' && !stat.trim().startsWith('Z'))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async execIn(slot: number, command: string, argv: string[], audit: Audit): Promise<RunResult> {
    const caseDir = path.join(this.root, 'cases', String(this.counter++));
    mkdirSync(caseDir, { mode: 0o777 });
    chmodSync(caseDir, 0o777);
    for (const file of audit ? ['log', audit] : ['log']) {
      writeFileSync(path.join(caseDir, file), '');
      chmodSync(path.join(caseDir, file), 0o666);
    }
    const bwrapArgs = this.args(caseDir, command, argv);
    // As root, drop to a uid of this slot's own so that RLIMIT_NPROC holds (the kernel never applies it to uid 0).
    // The uid is this process's own too: vitest runs test files in parallel workers, each with its
    // sandbox, and a fork bomb in one worker's slot must not use up the processes of another's.
    const uid = 61000 + (process.pid % 2000) * 16 + (slot % 16);
    const root = process.getuid?.() === 0;
    const limits = ['--as=2147483648', '--fsize=16777216', '--cpu=10', '--nofile=256'];
    const [file, args] = root
      ? ['setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', 'prlimit', '--nproc=128', ...limits, '--', this.bwrap, ...bwrapArgs]]
      : ['prlimit', [`--nproc=${this.userProcesses + 256 * this.concurrency}`, ...limits, '--', this.bwrap, ...bwrapArgs]];
    const timedOut = await new Promise<boolean>((resolve) => {
      const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'ignore'] });
      let expired = false;
      // Last resort only: the sandbox's own timeout normally ends the case (exit status 137).
      const timer = setTimeout(() => {
        expired = true;
        child.kill('SIGKILL');
      }, this.timeoutMs + 5000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(expired || code === 137 || code === 124);
      });
      child.on('error', () => {
        clearTimeout(timer);
        resolve(expired);
      });
    });
    if (root && timedOut) await this.drain(uid);
    const ran = parseLog(readFileSync(path.join(caseDir, 'log')));
    const events = audit ? parseAudit(path.join(caseDir, `${audit}.log`)) : [];
    rmSync(caseDir, { recursive: true, force: true });
    return { ran, timedOut, audit: events };
  }

  /** Run many inputs with bounded concurrency; results in input order. */
  async map<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await run(items[i]!);
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    return out;
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Names written after /bin/, /usr/bin/, /sbin/, /usr/sbin/ or /usr/local/bin/ anywhere in the text. */
export function absoluteNames(command: string): string[] {
  const names = new Set<string>();
  for (const m of command.matchAll(/\/(?:usr\/)?(?:local\/)?s?bin\/+([A-Za-z0-9_.+-]+)/g)) names.add(m[1]!);
  return [...names];
}

/** The wrappers' log: records of NUL-terminated fields: count, name, parent, then count arguments. */
export function parseLog(buffer: Buffer): Ran[] {
  const fields = buffer.toString('utf8').split('\0');
  const out: Ran[] = [];
  let i = 0;
  while (i + 2 < fields.length && out.length < 2000) {
    const count = Number(fields[i]);
    if (!Number.isInteger(count) || count < 0) break;
    const name = fields[i + 1]!;
    const parent = fields[i + 2]!;
    const args = fields.slice(i + 3, i + 3 + count);
    if (args.length < count) break;
    out.push({ name, args, parent });
    i += 3 + count;
  }
  return out;
}

function parseAudit(file: string): AuditEvent[] {
  if (!existsSync(file)) return [];
  const out: AuditEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as AuditEvent);
    } catch {
      // A line cut by the time limit.
    }
  }
  return out;
}

function chmodTree(dir: string): void {
  chmodSync(dir, 0o777);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(full);
    else if (entry.isFile()) chmodSync(full, entry.name === 'log' || entry.name === 'pyaudit' || /audit$/.test(entry.name) ? 0o666 : statSync(full).mode & 0o111 ? 0o755 : 0o666);
  }
}

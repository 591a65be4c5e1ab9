/**
 * Commands that run another command: how to find the command inside. Each entry knows
 * the wrapper's options that take a value; unknown options are taken as plain flags, so
 * an unexpected flag never hides the command behind it.
 */
import { hasOption, optionValue, scanOptions, splitCommandLine, type OptionSpec } from './options.js';

export type Peeled =
  /** The command starts at argv[next]; argv may be rewritten (env -S, busybox). */
  | { kind: 'wrap'; next: number; argv?: string[]; assignments?: Record<string, string>; via?: string }
  /** The wrapper runs a shell command line (su -c, ssh host cmd, watch, flock -c). */
  | { kind: 'script'; script: string; via: string; ownArgs: number }
  /** Nothing runs inside (sudo -v, command -v, su with no -c): the wrapper is the command. */
  | { kind: 'self' };

interface WrapperSpec {
  options: OptionSpec;
  /** Positional words the wrapper itself takes before the command (timeout's duration, chroot's dir). */
  positionals?: number;
  /** Options whose presence means no command is run. */
  noCommand?: readonly string[];
  via?: string;
  /** `VAR=value` words between the options and the command set the command's environment (sudo VAR=value cmd). */
  assignmentOperands?: boolean;
  custom?: (argv: string[]) => Peeled;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    options: { short: 'CDghpRrtTUu', long: ['close-from', 'chdir', 'group', 'host', 'prompt', 'chroot', 'role', 'type', 'command-timeout', 'other-user', 'user'] },
    noCommand: ['v', 'k', 'K', 'l', 'V', '--validate', '--list', '--version', '--reset-timestamp', '--remove-timestamp'],
    assignmentOperands: true,
  },
  doas: { options: { short: 'uCa' } },
  nice: { options: { short: 'n', long: ['adjustment'], numericFlag: true } },
  ionice: { options: { short: 'cnpPu', long: ['class', 'classdata', 'pid', 'pgid', 'uid'] }, noCommand: ['p', 'P', 'u', '--pid', '--pgid', '--uid'] },
  nohup: { options: {} },
  coproc: { options: {}, custom: coproc },
  timeout: { options: { short: 'sk', long: ['signal', 'kill-after'] }, positionals: 1 },
  stdbuf: { options: { short: 'ioe', long: ['input', 'output', 'error'] } },
  time: { options: { short: 'fo', long: ['format', 'output'] } },
  builtin: { options: {} },
  exec: { options: { short: 'a' } },
  command: { options: {}, noCommand: ['v', 'V'] },
  busybox: { options: {}, noCommand: ['--list', '--help', '--install'] },
  chroot: { options: { long: ['userspec', 'groups'] }, positionals: 1 },
  setsid: { options: {} },
  unbuffer: { options: {} },
  nsenter: {
    options: { short: 'tSGmuinpUCTrw', long: ['target', 'setuid', 'setgid', 'root', 'wd', 'wdns', 'env'] },
  },
  unshare: { options: { short: 'S', long: ['setuid', 'setgid', 'map-user', 'map-group', 'propagation', 'setgroups', 'wd', 'root'] } },
  chrt: { options: { short: 'T', long: ['sched-runtime', 'sched-deadline', 'sched-period'] }, positionals: 1 },
  taskset: { options: { short: 'c' }, positionals: 1, custom: taskset },
  fakeroot: { options: { short: 'si', long: ['lib', 'faked'] } },
  eatmydata: { options: {} },
  proxychains: { options: { short: 'f' } },
  proxychains4: { options: { short: 'f' } },
  torsocks: { options: { short: 'uapP', long: ['user', 'pass', 'address', 'port'] } },
  firejail: { options: {} },
  strace: { options: { short: 'abeEIoOpPsSuUX', long: ['output', 'trace', 'attach', 'user'] }, noCommand: ['p', '--attach'] },
  ltrace: { options: { short: 'aAeFlnopsuX', long: ['output'] }, noCommand: ['p'] },
  catchsegv: { options: {} },
  'xvfb-run': { options: { short: 'afnpsew', long: ['server-args', 'server-num', 'xauth-protocol', 'error-file', 'auth-file', 'wait'] } },
  'dbus-launch': { options: {} },
  'systemd-run': {
    options: { short: 'pEMHu', long: ['unit', 'property', 'description', 'slice', 'uid', 'gid', 'nice', 'working-directory', 'setenv', 'on-calendar', 'on-active', 'machine', 'host'] },
  },
  sshpass: { options: { short: 'pfdP' } },
  pkexec: { options: { long: ['user'] } },
  gosu: { options: {}, positionals: 1 },
  'su-exec': { options: {}, positionals: 1 },
  setpriv: {
    options: { long: ['reuid', 'regid', 'groups', 'inh-caps', 'ambient-caps', 'bounding-set', 'securebits', 'selinux-label', 'apparmor-profile', 'pdeathsig', 'landlock-access', 'landlock-rule'] },
  },
  faketime: { options: { short: 'm' }, positionals: 1 },
  cpulimit: { options: { short: 'lpPe', long: ['limit', 'pid', 'exe', 'path'] }, noCommand: ['p', 'P', 'e', '--pid', '--exe', '--path'] },
  numactl: { options: { short: 'CNmpiP', long: ['cpunodebind', 'physcpubind', 'membind', 'preferred', 'interleave', 'localalloc'] } },
  trickle: { options: { short: 'udwtnL' } },
  nocache: { options: {} },
  // Sandboxed apps' and toolboxes' way out to the host (`flatpak-spawn --host rm -rf ~`).
  'flatpak-spawn': { options: { long: ['env', 'directory', 'forward-fd', 'sandbox-expose', 'sandbox-expose-ro', 'sandbox-expose-path', 'sandbox-expose-path-ro', 'app-path', 'usr-path'] } },
  'host-spawn': { options: { long: ['cwd', 'env'] } },
  caffeinate: { options: { short: 'tw' }, noCommand: ['w'] },
  sg: { options: {}, custom: sg },
  runuser: { options: { short: 'ugGcsw', long: ['user', 'group', 'supp-group', 'command', 'shell', 'whitelist-environment'] }, custom: runuser },
  su: { options: { short: 'cgGsw', long: ['command', 'group', 'supp-group', 'shell', 'whitelist-environment'] }, custom: su },
  flock: { options: { short: 'wEc', long: ['timeout', 'conflict-exit-code', 'command'] }, custom: flock },
  script: { options: { short: 'cEIOBTm', long: ['command', 'echo', 'log-in', 'log-out', 'log-io', 'log-timing', 'logging-format'] }, custom: scriptCommand },
  watch: { options: { short: 'nq', long: ['interval', 'equexit', 'differences'] }, custom: watch },
  env: { options: { short: 'uCSP', long: ['unset', 'chdir', 'split-string', 'default-signal', 'ignore-signal', 'block-signal'] }, custom: env },
  // Package runners: `npx rimraf ~` runs rimraf's binary with `~`. The package word is the
  // runner's own operand (its install is judged on the runner); the binary is named after it.
  npx: { options: { short: 'pc', long: ['package', 'registry', 'call', 'cache', 'userconfig'] }, custom: (argv) => packageRunner(argv, 1, WRAPPERS.npx.options) },
  pnpx: { options: { short: 'pc', long: ['package', 'registry', 'call'] }, custom: (argv) => packageRunner(argv, 1, WRAPPERS.pnpx.options) },
  bunx: { options: { short: 'p', long: ['package'] }, custom: (argv) => packageRunner(argv, 1, WRAPPERS.bunx.options) },
  uvx: { options: { short: 'p', long: ['from', 'with', 'with-requirements', 'python', 'index-url', 'extra-index-url', 'index', 'default-index'] }, custom: (argv) => packageRunner(argv, 1, WRAPPERS.uvx.options) },
  // Package managers that run a command in their environment through a subcommand.
  npm: { options: { short: 'pcw', long: ['package', 'call', 'workspace', 'registry', 'prefix', 'userconfig'] }, custom: (argv) => subcommandRunner(argv, { exec: 'package', x: 'package' }, WRAPPERS.npm.options) },
  pnpm: { options: { short: 'pcCF', long: ['package', 'filter', 'dir', 'workspace-root', 'shell-mode', 'registry'] }, custom: (argv) => subcommandRunner(argv, { dlx: 'package', exec: 'command' }, WRAPPERS.pnpm.options) },
  yarn: { options: { short: 'p', long: ['package', 'cwd'] }, custom: (argv) => subcommandRunner(argv, { dlx: 'package', exec: 'command' }, WRAPPERS.yarn.options) },
  bun: { options: { short: 'p', long: ['package', 'cwd'] }, custom: (argv) => subcommandRunner(argv, { x: 'package' }, WRAPPERS.bun.options) },
  pipx: { options: { long: ['spec', 'python', 'pip-args', 'index-url'] }, custom: (argv) => subcommandRunner(argv, { run: 'package' }, WRAPPERS.pipx.options) },
  uv: {
    options: { short: 'p', long: ['with', 'with-requirements', 'python', 'package', 'project', 'directory', 'env-file', 'index-url', 'extra-index-url', 'index', 'default-index', 'from', 'group', 'extra', 'only-group'] },
    custom: (argv) => subcommandRunner(argv, { run: 'command', 'tool run': 'package' }, WRAPPERS.uv.options),
  },
  poetry: { options: { short: 'C', long: ['directory', 'project'] }, custom: (argv) => subcommandRunner(argv, { run: 'command' }, WRAPPERS.poetry.options) },
  pipenv: { options: {}, custom: (argv) => subcommandRunner(argv, { run: 'command' }, WRAPPERS.pipenv.options) },
  pdm: { options: { short: 'p', long: ['project'] }, custom: (argv) => subcommandRunner(argv, { run: 'command' }, WRAPPERS.pdm.options) },
  rye: { options: {}, custom: (argv) => subcommandRunner(argv, { run: 'command' }, WRAPPERS.rye.options) },
  bundle: { options: { long: ['gemfile'] }, custom: (argv) => subcommandRunner(argv, { exec: 'command' }, WRAPPERS.bundle.options) },
  conda: { options: { short: 'np', long: ['name', 'prefix', 'cwd'] }, custom: (argv) => subcommandRunner(argv, { run: 'command' }, WRAPPERS.conda.options) },
  mamba: { options: { short: 'np', long: ['name', 'prefix', 'cwd'] }, custom: (argv) => subcommandRunner(argv, { run: 'command' }, WRAPPERS.mamba.options) },
  micromamba: { options: { short: 'np', long: ['name', 'prefix', 'cwd'] }, custom: (argv) => subcommandRunner(argv, { run: 'command' }, WRAPPERS.micromamba.options) },
  // `mise exec node@20 -- cmd`, `asdf exec cmd`, `direnv exec DIR cmd`.
  mise: { options: { short: 'C', long: ['cd', 'env'] }, custom: (argv) => afterDoubleDash(argv, ['exec', 'x']) },
  asdf: { options: {}, custom: (argv) => subcommandRunner(argv, { exec: 'command' }, WRAPPERS.asdf.options) },
  direnv: { options: {}, custom: (argv) => (argv[1] === 'exec' && argv.length > 3 ? { kind: 'wrap', next: 3 } : { kind: 'self' }) },
  // moreutils and job spoolers that run their operands as a command (`chronic rm -rf x`, `tsp make`).
  chronic: { options: { short: 'ev' } },
  ifne: { options: { short: 'n' } },
  lckdo: { options: { short: 'qw' }, positionals: 1 },
  tsp: { options: { short: 'nfgLDNEB' } },
  nq: { options: { short: 'cqw' } },
  // Profilers and debuggers that run the program they are given (`valgrind --leak-check=full ./a.out`).
  valgrind: { options: {} },
  heaptrack: { options: { short: 'o', long: ['output'] } },
  'py-spy': { options: {}, custom: (argv) => afterDoubleDash(argv, ['record', 'top']) },
  rr: { options: { short: 'ceo', long: ['output-trace-dir'] }, custom: (argv) => subcommandRunner(argv, { record: 'command' }, WRAPPERS.rr.options) },
  // Process supervisors' entry points (`tini -- cmd`, `dumb-init cmd`).
  tini: { options: { short: 'pe' } },
  'dumb-init': { options: { short: 'r', long: ['rewrite'] } },
};

/** The wrappers' names, for matching a program written as a glob (program-glob.ts). */
export const WRAPPER_NAMES: readonly string[] = Object.keys(WRAPPERS);

/** `ssh host cmd…`-style remote execution; the ssh command itself stays a command too. */
const SSH_OPTIONS: OptionSpec = { short: 'BbcDEeFIiJLlmOoPpQRSWw' };

export function isWrapper(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(WRAPPERS, name);
}

/** Find the command inside `argv` (argv[0] is the wrapper). Null when `name` is no wrapper. */
export function peelWrapper(name: string, argv: string[]): Peeled | null {
  if (!isWrapper(name)) return null;
  const spec = WRAPPERS[name];
  if (spec.custom) return spec.custom(argv);
  const scan = scanOptions(argv, 1, spec.options);
  if (spec.noCommand && hasOption(scan, ...spec.noCommand.map((f) => f.replace(/^-(?!-)/, '')))) return { kind: 'self' };
  let next = scan.next + (spec.positionals ?? 0);
  const assignments: Record<string, string> = {};
  while (spec.assignmentOperands && next < argv.length && ASSIGNMENT.test(argv[next])) {
    const eq = argv[next].indexOf('=');
    assignments[argv[next].slice(0, eq)] = argv[next].slice(eq + 1);
    next++;
  }
  if (next >= argv.length) return { kind: 'self' };
  return Object.keys(assignments).length > 0 ? { kind: 'wrap', next, via: spec.via, assignments } : { kind: 'wrap', next, via: spec.via };
}

/** An environment assignment as env and sudo read it: any name without `=` (env takes `a-b=1` too), then `=`. */
const ASSIGNMENT = /^[^=\s/][^=]*=/;

function env(argv: string[]): Peeled {
  const scan = scanOptions(argv, 1, WRAPPERS.env.options);
  const assignments: Record<string, string> = {};
  let i = scan.next;
  while (i < argv.length && (ASSIGNMENT.test(argv[i]) || argv[i] === '--')) {
    const eq = argv[i].indexOf('=');
    if (eq > 0) assignments[argv[i].slice(0, eq)] = argv[i].slice(eq + 1);
    i++;
  }
  const split = optionValue(scan, 'S', '--split-string');
  if (split !== null) {
    // `env -S 'cmd args'`: the string is split into words and becomes the command line.
    const words = splitCommandLine(split);
    const rest = argv.slice(i);
    const inner = [...words, ...rest];
    if (inner.length === 0) return { kind: 'self' };
    return { kind: 'wrap', next: argv.length, argv: [...argv, ...inner], assignments };
  }
  if (i >= argv.length) return { kind: 'self' };
  return { kind: 'wrap', next: i, assignments };
}

function taskset(argv: string[]): Peeled {
  const scan = scanOptions(argv, 1, { short: '' });
  if (hasOption(scan, 'p', '--pid')) return { kind: 'self' };
  const next = scan.next + 1;
  return next < argv.length ? { kind: 'wrap', next } : { kind: 'self' };
}

/**
 * `coproc [NAME] { …; }`: tree-sitter-bash does not know the keyword and reads it as a command
 * whose words are the name, `{` and the first command of the group (the rest of the group comes
 * out as the commands after it). The command inside starts after the name and the brace; with
 * neither (`coproc rm -rf ~`) it is the simple command itself.
 */
function coproc(argv: string[]): Peeled {
  let next = 1;
  if (argv[next] !== '{' && argv[next + 1] === '{' && /^[A-Za-z_]\w*$/.test(argv[next] ?? '')) next += 1;
  if (argv[next] === '{') next += 1;
  return next < argv.length ? { kind: 'wrap', next } : { kind: 'self' };
}

/** su and runuser take options before and after the user name: find `-c` anywhere. */
function commandOption(argv: string[]): string | null {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return null;
    if (a.startsWith('--command=')) return a.slice('--command='.length);
    if ((a === '--command' || /^-[a-zA-Z]*c$/.test(a)) && i + 1 < argv.length) return argv[i + 1];
    if (/^-c./.test(a)) return a.slice(2);
  }
  return null;
}

/** `sg group cmd…` / `sg group -c cmd`: the command line runs through a shell. */
function sg(argv: string[]): Peeled {
  const rest = argv.slice(2).filter((a, i) => !(i === 0 && a === '-c'));
  if (rest.length === 0) return { kind: 'self' };
  return { kind: 'script', script: rest.join(' '), via: 'su -c', ownArgs: 2 };
}

function su(argv: string[]): Peeled {
  const command = commandOption(argv);
  if (command !== null) return { kind: 'script', script: command, via: 'su -c', ownArgs: argv.length };
  return { kind: 'self' };
}

function runuser(argv: string[]): Peeled {
  const scan = scanOptions(argv, 1, WRAPPERS.runuser.options);
  const command = commandOption(argv);
  if (command !== null) return { kind: 'script', script: command, via: 'su -c', ownArgs: argv.length };
  // `runuser -u user -- cmd args`: a plain wrapper.
  if (hasOption(scan, 'u', '--user') && scan.next < argv.length) return { kind: 'wrap', next: scan.next };
  return { kind: 'self' };
}

function flock(argv: string[]): Peeled {
  const scan = scanOptions(argv, 1, WRAPPERS.flock.options);
  const command = optionValue(scan, 'c', '--command');
  if (command !== null) return { kind: 'script', script: command, via: 'flock -c', ownArgs: argv.length };
  // flock FILE cmd args… (flock FD alone runs nothing).
  let next = scan.next + 1;
  // `flock FILE -c cmd` puts -c after the file.
  if (next < argv.length && (argv[next] === '-c' || argv[next] === '--command') && next + 1 < argv.length) {
    return { kind: 'script', script: argv[next + 1], via: 'flock -c', ownArgs: argv.length };
  }
  if (next < argv.length && argv[next] === '--') next++;
  return next < argv.length ? { kind: 'wrap', next } : { kind: 'self' };
}

function scriptCommand(argv: string[]): Peeled {
  const scan = scanOptions(argv, 1, WRAPPERS.script.options);
  const command = optionValue(scan, 'c', '--command');
  if (command !== null) return { kind: 'script', script: command, via: 'script -c', ownArgs: argv.length };
  return { kind: 'self' };
}

function watch(argv: string[]): Peeled {
  const scan = scanOptions(argv, 1, WRAPPERS.watch.options);
  if (scan.next >= argv.length) return { kind: 'self' };
  if (hasOption(scan, 'x', '--exec')) return { kind: 'wrap', next: scan.next, via: 'watch' };
  // Without -x, watch hands its arguments joined by spaces to `sh -c`.
  return { kind: 'script', script: argv.slice(scan.next).join(' '), via: 'watch', ownArgs: scan.next };
}

/**
 * The binary a package word names: `wrangler@3` → wrangler, `@scope/cli@latest` → cli,
 * `github:user/repo` and URLs → unknown (the word itself).
 */
export function packageBinary(word: string): string {
  if (/^[a-z]+:|\//.test(word) && !word.startsWith('@')) return word;
  const unscoped = word.startsWith('@') ? word.slice(word.indexOf('/') + 1) : word;
  const at = unscoped.indexOf('@');
  return at > 0 ? unscoped.slice(0, at) : unscoped;
}

/**
 * `npx [opts] pkg args…`: the runner keeps its options and the package word; the command
 * inside is the package's binary with the remaining words. With `-p pkg` the first operand
 * is already the command; with `-c 'line'` the line runs through a shell.
 */
function packageRunner(argv: string[], from: number, options: OptionSpec): Peeled {
  const scan = scanOptions(argv, from, options);
  // `npx -c 'line'`, `pnpm dlx -c`/`--shell-mode`: the line (and the words after it) runs in a shell.
  const line = optionValue(scan, 'c', '--call', '--shell-mode');
  if (line !== null) return { kind: 'script', script: [line, ...argv.slice(scan.next)].join(' '), via: argv[0], ownArgs: argv.length };
  if (scan.next >= argv.length) return { kind: 'self' };
  if (optionValue(scan, 'p', '--package', '--from') !== null) return { kind: 'wrap', next: scan.next, via: argv[0] };
  const word = argv[scan.next];
  const binary = packageBinary(word);
  return { kind: 'wrap', next: scan.next + 1, argv: [...argv.slice(0, scan.next + 1), binary, ...argv.slice(scan.next + 1)], via: argv[0] };
}

/**
 * `npm exec pkg …`, `pnpm dlx pkg …` (a package word) and `poetry run cmd …`, `bundle exec
 * cmd …` (a command): the runner's global options may come before the subcommand.
 * `uv run script.py` runs python on the script.
 */
function subcommandRunner(argv: string[], subcommands: Record<string, 'package' | 'command'>, options: OptionSpec): Peeled {
  const global = scanOptions(argv, 1, options);
  let at = global.next;
  let kind = subcommands[argv[at]];
  if (kind === undefined && argv[at + 1] !== undefined) {
    kind = subcommands[`${argv[at]} ${argv[at + 1]}`];
    if (kind !== undefined) at++;
  }
  if (kind === undefined) return { kind: 'self' };
  if (kind === 'package') return packageRunner(argv, at + 1, options);
  const scan = scanOptions(argv, at + 1, options);
  const line = optionValue(scan, 'c', '--shell-mode');
  if (line !== null) return { kind: 'script', script: [line, ...argv.slice(scan.next)].join(' '), via: argv[0], ownArgs: argv.length };
  if (scan.next >= argv.length) return { kind: 'self' };
  if (/\.py$/.test(argv[scan.next])) return { kind: 'wrap', next: scan.next, argv: [...argv.slice(0, scan.next), 'python', ...argv.slice(scan.next)], via: argv[0] };
  return { kind: 'wrap', next: scan.next, via: argv[0] };
}

/** `mise exec tool@1 -- cmd args`: the command follows `--`. */
function afterDoubleDash(argv: string[], subcommands: string[]): Peeled {
  if (!subcommands.includes(argv[1] ?? '')) return { kind: 'self' };
  const dash = argv.indexOf('--', 2);
  return dash !== -1 && dash + 1 < argv.length ? { kind: 'wrap', next: dash + 1 } : { kind: 'self' };
}

/** `ssh [opts] host [command…]`: the remote command line, when there is one. */
export function sshRemoteCommand(argv: string[]): { host: string; hostIndex: number; script: string | null } | null {
  const scan = scanOptions(argv, 1, SSH_OPTIONS);
  if (scan.next >= argv.length) return null;
  const rest = argv.slice(scan.next + 1);
  return { host: argv[scan.next], hostIndex: scan.next, script: rest.length > 0 ? rest.join(' ') : null };
}

export const XARGS_OPTIONS: OptionSpec = {
  short: 'adEILnPs',
  long: ['arg-file', 'delimiter', 'eof', 'replace', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
};

export const PARALLEL_OPTIONS: OptionSpec = {
  short: 'jSaIdNnLPXC',
  long: ['jobs', 'sshlogin', 'arg-file', 'colsep', 'delimiter', 'delay', 'timeout', 'joblog', 'results', 'tmpdir', 'workdir', 'max-args', 'max-lines', 'replace', 'basefile', 'env', 'retries', 'memfree', 'load', 'nice', 'halt', 'tag-string', 'sshloginfile'],
};

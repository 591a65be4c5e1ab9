/**
 * Programs whose job is to run a command line they are given: file watchers and dev-loop
 * runners (watchexec, entr, nodemon, reflex, chokidar, onchange), benchmark and job runners
 * (hyperfine, pueue, pm2), development environments and secret injectors that run one command
 * inside them (nix, devbox, devcontainer, toolbox, distrobox, op/infisical/aws-vault/chamber
 * run), and fleet runners that run it on other machines (pdsh, pssh, clush, salt, fabric, the
 * VM and PaaS consoles). Each line's command is parsed as the nested script it is
 * (carriers.ts), so what it does is judged like the same line typed directly; a fleet runner's
 * command is read as ssh's remote command is. Sources: each tool's own manual.
 */
import type { Family, ProgramKnowledge } from './types.js';

/** A secret injector: `<tool> <sub> [opts] -- cmd args` runs cmd with the secrets in its environment. */
function injector(sub: readonly string[], long: readonly string[] = [], lineOptions: readonly string[] = []): ProgramKnowledge {
  return {
    options: { long: [...long, ...lineOptions.map((o) => o.replace(/^--/, ''))] },
    options_anywhere: true,
    rules: [{ effect: 'command_line', after_dash: true, ...(lineOptions.length > 0 ? { options: lineOptions } : {}), when: { sub } }],
  };
}

const SALT_COMMANDS = ['cmd.run', 'cmd.run_all', 'cmd.run_stdout', 'cmd.run_stderr', 'cmd.shell', 'cmd.run_bg', 'cmd.powershell'];
const salt: ProgramKnowledge = {
  options: { short: 'tbclsSEGNRLCIP', long: ['timeout', 'batch-size', 'out', 'config-dir', 'log-level', 'return', 'roster-file', 'priv', 'user', 'subset'] },
  rules: [{ effect: 'command_line', operands_from: 2, remote: true, when: { sub2: SALT_COMMANDS } }],
};

export const RUNNERS: Family = {
  // File watchers: the command runs on every change (through `sh -c` unless told otherwise).
  watchexec: {
    options: {
      short: 'ewfidsEj',
      long: ['exts', 'watch', 'filter', 'ignore', 'debounce', 'signal', 'shell', 'env', 'project-origin', 'workdir', 'on-busy-update', 'stop-signal', 'stop-timeout', 'delay-run', 'emit-events-to', 'filter-file', 'ignore-file', 'fs-events', 'filter-prog', 'watch-file', 'timeout', 'wrap-process', 'color', 'poll'],
    },
    rules: [{ effect: 'command_line', operands_from: 0 }],
  },
  // entr -s 'line' hands the line to $SHELL; otherwise its operands are the argv run.
  entr: {
    rules: [
      { effect: 'command_line', operands_from: 0, when: { flags: ['s'] } },
      { effect: 'command_line', operands_from: 0, argv: true, when: { no_flags: ['s'] } },
    ],
  },
  nodemon: { options: { short: 'ewixdV', long: ['ext', 'watch', 'ignore', 'exec', 'delay', 'signal', 'config', 'spawn'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['x', '--exec'] }] },
  reflex: { options: { short: 'rRgGcd', long: ['regex', 'inverse-regex', 'glob', 'inverse-glob', 'config', 'decoration'] }, rules: [{ effect: 'command_line', operands_from: 0, argv: true }] },
  chokidar: { options: { short: 'cdit', long: ['command', 'debounce', 'ignore', 'throttle'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['c', '--command'] }] },
  onchange: { options: { short: 'ekdj', long: ['exclude', 'kill', 'delay', 'jobs', 'outpath', 'filter', 'cwd'] }, rules: [{ effect: 'command_line', after_dash: true }] },
  // Benchmark and job runners.
  hyperfine: {
    options: { short: 'wmMrpcsSnuL', long: ['warmup', 'min-runs', 'max-runs', 'runs', 'prepare', 'cleanup', 'setup', 'conclude', 'shell', 'command-name', 'time-unit', 'export-json', 'export-csv', 'export-markdown', 'export-asciidoc', 'export-orgmode', 'style', 'sort', 'input', 'output', 'parameter-list', 'parameter-step-size'] },
    options_anywhere: true,
    rules: [{ effect: 'command_line', operands_from: 0, each: true }, { effect: 'command_line', options: ['p', '--prepare', 'c', '--cleanup', 's', '--setup', '--conclude'] }],
  },
  pueue: { options: { short: 'wgdal', long: ['working-directory', 'group', 'delay', 'after', 'label', 'priority'] }, options_anywhere: true, rules: [{ effect: 'command_line', operands_from: 1, when: { sub: ['add'] } }] },
  // `pm2 start 'python worker.py' --name w`: a quoted command line is run as given.
  pm2: {
    options: { short: 'niox', long: ['name', 'interpreter', 'cwd', 'instances', 'log', 'output', 'error', 'max-memory-restart', 'cron', 'node-args', 'env', 'namespace', 'interpreter-args'] },
    options_anywhere: true,
    rules: [{ effect: 'command_line', operands_from: 1, each: true, not_lines: '^[^\\s]+$', when: { sub: ['start'] } }],
  },
  // Development environments that run one command inside them.
  nix: { options: { short: 'cI', long: ['command', 'include', 'option', 'arg', 'argstr', 'expr', 'file'] }, rules: [{ effect: 'command_line', options: ['c', '--command'], argv: true, when: { sub: ['develop', 'shell'] } }] },
  devbox: { options: { short: 'c', long: ['config', 'environment'] }, options_anywhere: true, rules: [{ effect: 'command_line', operands_from: 1, skip_leading: ['--'], when: { sub: ['run'] } }, { effect: 'file_commands', files: ['devbox.json'], when: { sub: ['run', 'shell', 'services'] } }] },
  devcontainer: { options: { long: ['workspace-folder', 'container-id', 'config', 'id-label', 'remote-env', 'docker-path'] }, options_anywhere: false, rules: [{ effect: 'command_line', operands_from: 1, argv: true, when: { sub: ['exec'] } }] },
  toolbox: { options: { short: 'cdr', long: ['container', 'distro', 'release'] }, rules: [{ effect: 'command_line', operands_from: 1, argv: true, when: { sub: ['run'] } }] },
  distrobox: { options: { short: 'n', long: ['name'] }, options_anywhere: true, rules: [{ effect: 'command_line', after_dash: true, when: { sub: ['enter'] } }] },
  // Secret injectors: the command runs with secrets in its environment (`op run -- env` prints them).
  op: injector(['run'], ['env-file', 'account']),
  infisical: injector(['run'], ['env', 'path', 'projectId', 'token'], ['--command']),
  'aws-vault': injector(['exec'], ['duration', 'region', 'mfa-token', 'backend']),
  chamber: injector(['exec'], ['backend', 'kms-key-alias']),
  berglas: injector(['exec'], ['local']),
  dotenvx: injector(['run'], ['env-file', 'env', 'convention', 'f']),
  teller: injector(['run'], ['config']),
  saml2aws: injector(['exec'], ['exec-profile', 'profile', 'idp-account']),
  // Fleet runners: the command runs on every host named (read as ssh's remote command).
  pdsh: { options: { short: 'wxgXlRtufF' }, rules: [{ effect: 'command_line', operands_from: 0, remote: true }] },
  // Android's debug bridge: `adb shell CMD` runs CMD on the device, as ssh's remote command; `wait-for-device` may come first.
  adb: { options: { short: 'stHPL' }, rules: [
    { effect: 'command_line', operands_from: 1, remote: true, when: { sub: ['shell'] } },
    { effect: 'command_line', operands_from: 2, remote: true, when: { sub: ['wait-for-device', 'wait-for-any-device', 'wait-for-usb-device'], sub2: ['shell'] } },
  ] },
  pssh: { options: { short: 'hHlpoetOxX', long: ['hosts', 'host', 'user', 'par', 'outdir', 'errdir', 'timeout', 'option', 'extra-args', 'extra-arg'] }, rules: [{ effect: 'command_line', operands_from: 0, remote: true }] },
  'parallel-ssh': { options: { short: 'hHlpoetOxX', long: ['hosts', 'host', 'user', 'par', 'outdir', 'errdir', 'timeout', 'option', 'extra-args', 'extra-arg'] }, rules: [{ effect: 'command_line', operands_from: 0, remote: true }] },
  clush: { options: { short: 'wxgXlftuoOR', long: ['nodes', 'group', 'user', 'fanout', 'options', 'worker', 'topology', 'pick', 'distant', 'rcopy', 'copy', 'dest'] }, rules: [{ effect: 'command_line', operands_from: 0, remote: true }] },
  salt,
  'salt-ssh': salt,
  'salt-call': { options: { short: 'lc', long: ['log-level', 'config-dir', 'out', 'local'] }, rules: [{ effect: 'command_line', operands_from: 1, when: { sub: SALT_COMMANDS } }] },
  // Fabric: `fab -H hosts -- 'cmd'` runs the words after `--` on each host; tasks come from fabfile.py.
  fab: { options: { short: 'HiSfcr', long: ['hosts', 'identity', 'ssh-config', 'fabfile', 'config', 'search-root'] }, options_anywhere: true, rules: [{ effect: 'file_commands', files: ['fabfile.py'], file_options: ['f', '--fabfile'], language: 'python', when: { no_flags: ['--'] } }, { effect: 'command_line', after_dash: true, remote: true }] },
  vagrant: { options: { short: 'c', long: ['command'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['c', '--command'], remote: true, when: { sub: ['ssh'] } }] },
  multipass: { options: { short: 'd', long: ['working-directory'] }, rules: [{ effect: 'command_line', after_dash: true, remote: true, when: { sub: ['exec'] } }] },
  lxc: { options: { long: ['env', 'cwd', 'user', 'group', 'project'] }, rules: [{ effect: 'command_line', after_dash: true, remote: true, when: { sub: ['exec'] } }] },
  incus: { options: { long: ['env', 'cwd', 'user', 'group', 'project'] }, rules: [{ effect: 'command_line', after_dash: true, remote: true, when: { sub: ['exec'] } }] },
  limactl: { options: { long: ['workdir', 'shell'] }, rules: [{ effect: 'command_line', operands_from: 2, argv: true, remote: true, when: { sub: ['shell'] } }] },
  fly: { options: { short: 'aCs', long: ['app', 'command', 'select', 'machine', 'region'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['C', '--command'], remote: true, when: { sub: ['ssh'] } }] },
  flyctl: { options: { short: 'aCs', long: ['app', 'command', 'select', 'machine', 'region'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['C', '--command'], remote: true, when: { sub: ['ssh'] } }] },
  heroku: { options: { short: 'aser', long: ['app', 'size', 'env', 'remote', 'type'] }, options_anywhere: true, rules: [{ effect: 'command_line', operands_from: 1, remote: true, when: { sub: ['run', 'run:detached'] } }] },
  gcloud: { options: { long: ['command', 'zone', 'project'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['--command'], remote: true, when: { sub: ['compute', 'cloud-shell'], any_operand: ['ssh'] } }] },
  az: { options: { long: ['scripts', 'command-id', 'resource-group', 'name', 'g', 'n'] }, options_anywhere: true, rules: [{ effect: 'command_line', options: ['--scripts'], remote: true, when: { sub: ['vm', 'vmss'], any_operand: ['run-command'] } }] },
};

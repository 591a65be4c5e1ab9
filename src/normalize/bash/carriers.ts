/**
 * Command lines carried inside another command's options or environment, which that
 * command hands to a shell: `tar --to-command=…`, `rsync -e …`, `ssh -o ProxyCommand=…`,
 * `git -c core.sshCommand=…`, `GIT_SSH_COMMAND=…`, `vim -c '!…'`, `docker run img cmd…`,
 * `kubectl exec pod -- cmd…`, `tmux new 'cmd'`. Each is parsed as a nested script.
 */
import { scanOptions, splitCommandLine } from './options.js';

export interface Carried {
  script: string;
  via: string;
}

/** Environment variables whose value is a command line some tool runs. */
const COMMAND_VARIABLES = new Set([
  'GIT_SSH_COMMAND', 'GIT_EDITOR', 'GIT_PAGER', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'SSH_ASKPASS', 'SUDO_ASKPASS', 'PAGER',
  'EDITOR', 'VISUAL', 'LESSOPEN', 'LESSCLOSE', 'PROMPT_COMMAND', 'BASH_ENV', 'ENV', 'MANPAGER', 'GIT_SEQUENCE_EDITOR',
]);

/** git -c keys whose value is a command (a `!` alias is a shell command too). */
const GIT_COMMAND_KEYS = /^(?:core\.(?:sshcommand|pager|editor|fsmonitor|askpass)|diff\.external|sequence\.editor|credential\.helper|gpg\.program|pager\.\w+|alias\.[\w-]+|uploadpack\.packobjectshook|filter\.[\w.-]+\.(?:clean|smudge|process)|diff\.[\w.-]+\.textconv|merge\.[\w.-]+\.driver)$/i;

export function carriedByAssignments(assignments: Record<string, string>): Carried[] {
  const out: Carried[] = [];
  for (const [name, value] of Object.entries(assignments)) {
    if (COMMAND_VARIABLES.has(name) && value.trim() !== '') out.push({ script: value, via: 'environment' });
  }
  return out;
}

export function carriedByOptions(name: string, argv: string[]): Carried[] {
  switch (name) {
    case 'tar':
    case 'gtar':
      return tar(argv);
    case 'rsync':
      return optionValues(argv, ['-e', '--rsh', '--rsync-path']).map((script) => ({ script, via: 'rsync -e' }));
    case 'ssh':
    case 'scp':
    case 'sftp':
      return sshOptions(argv);
    case 'git':
      return git(argv);
    case 'zip':
      return optionValues(argv, ['-TT', '--unzip-command']).map((script) => ({ script, via: 'zip -TT' }));
    case 'vim':
    case 'vi':
    case 'nvim':
    case 'view':
    case 'ex':
      return vim(argv);
    case 'docker':
    case 'podman':
    case 'nerdctl':
      return container(argv);
    case 'kubectl':
    case 'oc':
      return kubectl(argv);
    case 'tmux':
      return tmux(argv);
    case 'screen':
      return screen(argv);
    default:
      return [];
  }
}

/** Values of the given options, in `-x value`, `-xvalue` (single-letter only), `--opt=value` and `--opt value` forms. */
function optionValues(argv: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    for (const n of names) {
      if (a === n && i + 1 < argv.length) out.push(argv[i + 1]);
      else if (n.startsWith('--') && a.startsWith(n + '=')) out.push(a.slice(n.length + 1));
      else if (/^-[A-Za-z]$/.test(n) && a.startsWith(n) && a.length > 2 && !a.startsWith('--')) out.push(a.slice(2));
    }
  }
  return out;
}

function tar(argv: string[]): Carried[] {
  const out = optionValues(argv, ['--to-command', '--use-compress-program', '-I', '--info-script', '--new-volume-script', '--rsh-command', '-F']).map(
    (script) => ({ script, via: 'tar' }),
  );
  for (const a of argv) {
    const m = /^--checkpoint-action=(?:exec|ex)=(.+)$/.exec(a);
    if (m) out.push({ script: m[1], via: 'tar' });
  }
  return out;
}

function sshOptions(argv: string[]): Carried[] {
  const out: Carried[] = [];
  for (const value of optionValues(argv, ['-o'])) {
    const m = /^(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*[= ]\s*(.+)$/is.exec(value);
    if (m && m[2].trim().toLowerCase() !== 'none') out.push({ script: m[2], via: 'ssh -o' });
  }
  if (argv[0] === 'scp') for (const program of optionValues(argv, ['-S'])) out.push({ script: program, via: 'ssh -o' });
  return out;
}

function git(argv: string[]): Carried[] {
  const out: Carried[] = [];
  for (const value of optionValues(argv, ['-c'])) {
    const eq = value.indexOf('=');
    if (eq === -1) continue;
    const key = value.slice(0, eq);
    let script = value.slice(eq + 1);
    if (!GIT_COMMAND_KEYS.test(key)) continue;
    if (/^alias\./i.test(key) || /^credential\.helper$/i.test(key)) {
      // Only `!`-prefixed aliases and helpers run a shell.
      if (!script.startsWith('!')) continue;
      script = script.slice(1);
    }
    out.push({ script, via: 'git -c' });
  }
  return out;
}

function vim(argv: string[]): Carried[] {
  const out: Carried[] = [];
  const commands = [...optionValues(argv, ['-c', '--cmd']), ...argv.slice(1).filter((a) => a.startsWith('+') && a.length > 1).map((a) => a.slice(1))];
  for (const command of commands) {
    const m = /^\s*:?\s*(?:!|(?:sil(?:ent)?!?\s+)?!|(?:call\s+)?system\s*\(\s*['"])(.+?)(?:['"]\s*\))?\s*$/.exec(command);
    if (m) out.push({ script: m[1], via: 'vim' });
  }
  return out;
}

const DOCKER_VALUE_OPTIONS = {
  short: 'vpeuwlhcmoa',
  long: [
    'volume', 'publish', 'env', 'user', 'workdir', 'label', 'name', 'network', 'mount', 'entrypoint', 'hostname', 'env-file', 'cap-add',
    'cap-drop', 'device', 'pid', 'ipc', 'security-opt', 'platform', 'memory', 'cpus', 'restart', 'add-host', 'dns', 'log-driver',
    'log-opt', 'ulimit', 'tmpfs', 'cgroupns', 'userns', 'uts', 'runtime', 'gpus', 'volumes-from', 'link', 'expose', 'health-cmd',
    'stop-signal', 'detach-keys', 'cidfile', 'group-add', 'shm-size', 'pull', 'attach', 'mac-address', 'ip', 'ip6', 'network-alias',
  ],
};

/** `docker run [opts] IMAGE [CMD…]`, `docker exec [opts] CONTAINER CMD…`: CMD runs in the container. */
function container(argv: string[]): Carried[] {
  const sub = argv.findIndex((a, i) => i > 0 && !a.startsWith('-'));
  if (sub === -1) return [];
  let verb = argv[sub];
  let at = sub;
  if (verb === 'container' && argv[sub + 1] !== undefined) {
    at = sub + 1;
    verb = argv[at];
  }
  if (verb !== 'run' && verb !== 'exec' && verb !== 'create') return [];
  const scan = scanOptions(argv, at + 1, DOCKER_VALUE_OPTIONS);
  const rest = argv.slice(scan.next + 1);
  const entrypoint = scan.options.find((o) => o.flag === '--entrypoint')?.value ?? null;
  const words = entrypoint !== null ? [entrypoint, ...rest] : rest;
  return words.length > 0 ? [{ script: words.map(quote).join(' '), via: 'container' }] : [];
}

/** `kubectl exec [opts] POD -- CMD…`, `kubectl run NAME --image=x -- CMD…`. */
function kubectl(argv: string[]): Carried[] {
  if (!argv.includes('exec') && !argv.includes('run') && !argv.includes('debug')) return [];
  const dash = argv.indexOf('--');
  if (dash === -1 || dash + 1 >= argv.length) return [];
  return [{ script: argv.slice(dash + 1).map(quote).join(' '), via: 'container' }];
}

/** `tmux new[-session|-window] … 'cmd'`, `tmux send-keys 'cmd' Enter`, `tmux run-shell 'cmd'`. */
function tmux(argv: string[]): Carried[] {
  const verbIndex = argv.findIndex((a, i) => i > 0 && /^(?:new(?:-session|-window)?|neww|send(?:-keys)?|run(?:-shell)?|split(?:-window)?|splitw|respawn-pane)$/.test(a));
  if (verbIndex === -1) return [];
  const verb = argv[verbIndex];
  const scan = scanOptions(argv, verbIndex + 1, { short: 'cefnstxyNFS' });
  let words = argv.slice(scan.next);
  if (/^send/.test(verb)) words = words.filter((w) => !/^(?:Enter|C-m|KPEnter|C-j)$/.test(w));
  if (words.length === 0) return [];
  return [{ script: words.join(' '), via: 'tmux' }];
}

/** `screen [-dmS name] cmd args`. */
function screen(argv: string[]): Carried[] {
  const scan = scanOptions(argv, 1, { short: 'SpcehLT', long: [] });
  const words = argv.slice(scan.next);
  if (words.length === 0 || scan.options.some((o) => o.flag === 'r' || o.flag === 'R' || o.flag === 'x' || o.flag === '--list')) return [];
  return [{ script: words.map(quote).join(' '), via: 'screen' }];
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export { splitCommandLine };

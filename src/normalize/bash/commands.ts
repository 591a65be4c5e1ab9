/**
 * Per-command knowledge used to state facts: which commands take file operands, which
 * fetch from the network, decode, or run what they are given. Names only; what is risky
 * is the policy's business.
 */
import { scanOptions, type OptionSpec } from './options.js';
import { isInterpreter } from './inline-code.js';

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'yash', 'posh', 'rbash', 'busybox-sh']);

/** Commands whose bare-name operands are files relative to cwd. */
export const FILE_COMMANDS = new Set([
  'rm', 'rmdir', 'unlink', 'cp', 'mv', 'ln', 'chmod', 'chown', 'chgrp', 'chattr', 'cat', 'tac', 'less', 'more', 'head', 'tail',
  'tee', 'touch', 'truncate', 'shred', 'source', '.', 'mkdir', 'nano', 'vi', 'vim', 'nvim', 'emacs', 'stat', 'file', 'wc',
  'diff', 'cmp', 'base64', 'xxd', 'od', 'strings', 'hexdump', 'gpg', 'install', 'srm', 'wipe', 'dd', 'sort', 'uniq', 'nl',
  'openssl', 'scp', 'rsync', 'tar', 'zip', 'unzip', 'gzip', 'gunzip', 'bzip2', 'xz', 'sed', 'grep', 'egrep', 'fgrep', 'rg',
  'ls', 'du', 'find', 'readlink', 'realpath', 'setfacl', 'getfacl', 'mkfifo', 'mknod', 'sqlite3', 'bat', 'code', 'open',
]);

/** The first operand is not a file (mode, owner, pattern, expression). */
const FIRST_OPERAND_NOT_FILE = new Set(['chmod', 'chown', 'chgrp', 'chattr', 'grep', 'egrep', 'fgrep', 'rg', 'sed', 'setfacl']);

/** Tools that fetch from (or connect to) the network. */
export const FETCHERS = new Set(['curl', 'wget', 'fetch', 'http', 'https', 'xh', 'aria2c', 'lynx', 'links', 'w3m', 'curlie', 'httpie', 'lwp-request', 'GET', 'POST', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ftp', 'tftp', 'scp', 'sftp', 'rsync']);

/** Tools whose bare `host/path` operands are URLs (`curl 169.254.169.254/latest`). */
const URL_TOOLS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'aria2c', 'lynx', 'links', 'w3m', 'curlie', 'httpie', 'lwp-request', 'GET', 'POST', 'fetch']);

/** Options of some tools that take a value, so that values are not mistaken for operands. */
/** openssl's options are single-dash words; these take a value (`-in FILE`, `-passin SRC`). */
export const OPENSSL_OPTIONS: OptionSpec = { single: ['in', 'out', 'key', 'cert', 'connect', 'passin', 'passout', 'pass', 'inkey', 'CAfile', 'config', 'name', 'subj', 'days', 'newkey', 'keyout', 'md', 'inform', 'outform', 'certfile', 'CApath', 'keyform', 'certform', 'caname', 'macalg', 'keypbe', 'certpbe', 'iter', 'servername', 'extfile', 'extensions', 'set_serial', 'CA', 'CAkey', 'sigopt', 'pkeyopt', 'algorithm', 'cipher', 'iv', 'K', 'S'], singleDashWords: true };

const VALUE_OPTIONS: Record<string, OptionSpec> = {
  curl: {
    short: 'AbcCdDeEFHKmoPQrTtuUwxXyYz',
    long: ['data', 'data-raw', 'data-binary', 'data-urlencode', 'data-ascii', 'json', 'header', 'output', 'request', 'user', 'user-agent', 'referer', 'cookie', 'cookie-jar', 'form', 'form-string', 'upload-file', 'proxy', 'max-time', 'connect-timeout', 'config', 'url', 'resolve', 'cacert', 'cert', 'key', 'retry', 'write-out', 'range', 'continue-at', 'dump-header', 'oauth2-bearer', 'interface', 'limit-rate', 'max-filesize', 'output-dir', 'proxy-user', 'socks5', 'socks5-hostname', 'unix-socket', 'connect-to', 'aws-sigv4', 'variable', 'expand-url', 'expand-data', 'trace', 'trace-ascii', 'stderr'],
  },
  wget: {
    short: 'OoaeiPUtTwQBlARDIX',
    long: ['output-document', 'output-file', 'append-output', 'execute', 'input-file', 'directory-prefix', 'user-agent', 'tries', 'timeout', 'wait', 'quota', 'base', 'level', 'accept', 'reject', 'domains', 'include-directories', 'exclude-directories', 'header', 'post-data', 'post-file', 'body-data', 'body-file', 'method', 'user', 'password', 'http-user', 'http-password', 'load-cookies', 'save-cookies', 'ca-certificate', 'certificate', 'private-key'],
  },
  ssh: { short: 'BbcDEeFIiJLlmOoPpQRSWw' },
  scp: { short: 'cFiJloPS' },
  nc: { short: 'eIiOPpqsTVwXx' },
  ncat: { short: 'eciopsdwx', long: ['exec', 'sh-exec', 'lua-exec', 'source-port', 'output', 'proxy', 'wait', 'idle-timeout'] },
  git: { short: 'Cc', long: ['git-dir', 'work-tree', 'namespace', 'exec-path', 'config-env', 'super-prefix', 'list-cmds', 'attr-source'] },
  tar: { short: 'fCTXbgHKNV', long: ['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'transform', 'owner', 'group', 'mode'] },
  grep: { short: 'efABCmd', long: ['regexp', 'file', 'after-context', 'before-context', 'context', 'max-count', 'include', 'exclude', 'exclude-dir', 'devices', 'directories', 'label', 'color', 'colour'] },
  rg: { short: 'efgtTABCEjmM', long: ['regexp', 'file', 'glob', 'type', 'type-not', 'after-context', 'before-context', 'context', 'max-count', 'max-columns', 'encoding', 'threads', 'max-depth', 'iglob', 'sort', 'sortr', 'replace'] },
  docker: { short: 'vpeuwlHc', long: ['volume', 'publish', 'env', 'user', 'workdir', 'label', 'name', 'network', 'mount', 'entrypoint', 'host', 'config', 'context', 'log-level', 'env-file', 'cap-add', 'cap-drop', 'device', 'pid', 'ipc', 'security-opt', 'platform', 'hostname', 'memory', 'cpus', 'restart', 'tag', 'file', 'build-arg', 'target'] },
  kubectl: { short: 'nlcofs', long: ['namespace', 'selector', 'container', 'output', 'filename', 'context', 'kubeconfig', 'cluster', 'user', 'server', 'field-selector', 'image', 'replicas'] },
  chmod: { long: ['reference'] },
  chown: { long: ['reference', 'from'] },
  cp: { short: 'tS', long: ['target-directory', 'suffix', 'backup'] },
  mv: { short: 'tS', long: ['target-directory', 'suffix', 'backup'] },
  ln: { short: 'tS', long: ['target-directory', 'suffix', 'backup'] },
  rsync: { short: 'efT', long: ['rsh', 'exclude', 'include', 'exclude-from', 'include-from', 'filter', 'files-from', 'temp-dir', 'rsync-path', 'password-file', 'log-file', 'chown', 'chmod', 'backup-dir', 'link-dest', 'compare-dest', 'copy-dest'] },
  sed: { short: 'ef', long: ['expression', 'file'] },
  head: { short: 'nc', long: ['lines', 'bytes'] },
  tail: { short: 'ncsF', long: ['lines', 'bytes', 'sleep-interval', 'pid'] },
  truncate: { short: 'sr', long: ['size', 'reference'] },
  shred: { short: 'ns', long: ['iterations', 'size', 'random-source'] },
  openssl: OPENSSL_OPTIONS,
  gpg: { short: 'oru', long: ['output', 'recipient', 'local-user', 'homedir', 'keyring', 'secret-keyring', 'default-key', 'passphrase', 'passphrase-file'] },
  kill: { short: 'sn', long: ['signal'] },
  sort: { short: 'otkSTy', long: ['output', 'key', 'field-separator', 'buffer-size', 'temporary-directory'] },
  xargs: { short: 'adEILnPs' },
  npm: { long: ['registry', 'prefix', 'cache', 'userconfig', 'tag', 'otp', 'workspace'] },
  pip: { short: 'ierc', long: ['index-url', 'extra-index-url', 'requirement', 'constraint', 'target', 'trusted-host', 'find-links', 'prefix', 'root', 'src', 'cache-dir'] },
};

export interface Operands {
  flags: string[];
  operands: string[];
  /** Values of options (`-o out.txt`, `--output=x`), for path and URL extraction. */
  optionValues: string[];
}

/** Split args into flags and operands. Short flags split into letters; long flags keep `--`. */
export function splitArgs(name: string, args: string[]): Operands {
  if (name === 'find') return findArgs(args);
  if (name === 'kill') return killArgs(args);
  const spec = VALUE_OPTIONS[name] ?? (/^pip[0-9.]*$/.test(name) ? VALUE_OPTIONS.pip : {});
  const flags: string[] = [];
  const operands: string[] = [];
  const optionValues: string[] = [];
  const argv = ['', ...args];
  let i = 1;
  let afterDoubleDash = false;
  while (i < argv.length) {
    if (afterDoubleDash) {
      operands.push(argv[i++]);
      continue;
    }
    const scan = scanOptions(argv, i, spec);
    for (const o of scan.options) {
      flags.push(o.flag);
      if (o.value !== null) optionValues.push(o.value);
    }
    if (scan.doubleDash) afterDoubleDash = true;
    i = scan.next;
    if (!afterDoubleDash && i < argv.length) operands.push(argv[i++]);
  }
  return { flags, operands, optionValues };
}

/**
 * find: the starting points are the operands; primaries become flags without their dash
 * ("name", "delete", "exec"); their values are option values.
 */
function findArgs(args: string[]): Operands {
  const flags: string[] = [];
  const operands: string[] = [];
  const optionValues: string[] = [];
  let i = 0;
  while (i < args.length && /^-[HLP]$|^-O\d$/.test(args[i])) flags.push(args[i++].slice(1));
  while (i < args.length && !args[i].startsWith('-') && args[i] !== '(' && args[i] !== '!' && args[i] !== '\\(') operands.push(args[i++]);
  while (i < args.length) {
    const a = args[i++];
    if (/^-[a-z]/.test(a)) {
      const primary = a.slice(1);
      flags.push(primary);
      if (/^(?:exec|execdir|ok|okdir)$/.test(primary)) {
        while (i < args.length && args[i] !== ';' && args[i] !== '+') i++;
        i++;
      } else if (!FIND_NO_VALUE.has(primary) && i < args.length) {
        optionValues.push(args[i++]);
      }
    }
  }
  return { flags, operands, optionValues };
}

const FIND_NO_VALUE = new Set([
  'delete', 'print', 'print0', 'ls', 'prune', 'quit', 'depth', 'mount', 'xdev', 'noleaf', 'daystart', 'follow', 'ignore_readdir_race',
  'noignore_readdir_race', 'true', 'false', 'empty', 'executable', 'readable', 'writable', 'nouser', 'nogroup', 'not', 'and', 'or',
  'a', 'o', 'warn', 'nowarn', 'd', 'x', 'help', 'version',
]);

/**
 * kill: `-9`, `-KILL`, `-SIGKILL` are one signal flag ("9", "KILL"); `-s SIG`/`-n N` take a
 * value; after the signal, `-1` and other negative numbers are targets (process groups).
 */
function killArgs(args: string[]): Operands {
  const flags: string[] = [];
  const operands: string[] = [];
  const optionValues: string[] = [];
  let i = 0;
  let signalSeen = false;
  while (i < args.length) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if ((a === '-s' || a === '-n' || a === '--signal') && i + 1 < args.length) {
      flags.push(a.replace(/^-+/, '') === 'signal' ? '--signal' : a.slice(1));
      optionValues.push(args[i + 1]);
      signalSeen = true;
      i += 2;
    } else if (a.startsWith('--signal=')) {
      flags.push('--signal');
      optionValues.push(a.slice('--signal='.length));
      signalSeen = true;
      i++;
    } else if (a === '-l' || a === '-L' || a === '--list' || a === '--table') {
      flags.push(a.replace(/^-(?!-)/, ''));
      i++;
    } else if (!signalSeen && /^-(?:\d+|[A-Za-z][A-Za-z0-9+-]*)$/.test(a) && operands.length === 0) {
      flags.push(a.slice(1));
      signalSeen = true;
      i++;
    } else {
      operands.push(a);
      i++;
    }
  }
  return { flags, operands, optionValues };
}

/** `find … -exec cmd args {} ;` invocations, in order. */
export function findExecs(args: string[]): Array<{ primary: string; argv: string[] }> {
  const out: Array<{ primary: string; argv: string[] }> = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^-(exec|execdir|ok|okdir)$/.exec(args[i]);
    if (!m) continue;
    const argv: string[] = [];
    let j = i + 1;
    while (j < args.length && args[j] !== ';' && args[j] !== '+') argv.push(args[j++]);
    if (argv.length > 0) out.push({ primary: m[1], argv });
    i = j;
  }
  return out;
}

/** Operands (and option values) of `name` that should be read as file paths. */
export function pathCandidates(name: string, split: Operands, isPathLike: (word: string) => boolean): string[] {
  const out: string[] = [];
  const fileCommand = FILE_COMMANDS.has(name);
  split.operands.forEach((operand, index) => {
    if (index === 0 && FIRST_OPERAND_NOT_FILE.has(name)) return;
    if (name === 'dd') {
      const m = /^(?:if|of)=(.+)$/.exec(operand);
      if (m) out.push(m[1]);
      return;
    }
    if (isPathLike(operand)) out.push(operand);
    else if (fileCommand && isBareFileName(operand)) out.push(operand);
    else {
      // key=/path and --opt=/path style operands.
      const eq = /^[A-Za-z_][\w.-]*=(.+)$/.exec(operand);
      if (eq && isPathLike(eq[1])) out.push(eq[1]);
    }
  });
  for (const value of split.optionValues) {
    const upload = UPLOAD_TOOLS.has(name) ? /^(?:[^=@<\s]*=)?[@<](.+)$/.exec(value) : null;
    if (upload) {
      // curl -d @file, -F name=@file, --data-binary @~/.ssh/id_rsa: the file is read and sent.
      if (upload[1] !== '-') out.push(upload[1].replace(/;.*$/, ''));
    } else if (isPathLike(value)) out.push(value);
  }
  return out;
}

/** Tools where `@file` / `name=@file` / `<file` in a data option names a file whose content is sent. */
const UPLOAD_TOOLS = new Set(['curl', 'curlie', 'http', 'https', 'xh', 'httpie']);

function isBareFileName(word: string): boolean {
  return word !== '' && !word.startsWith('-') && !/[\s:=]/.test(word) && word.length < 4096;
}

/** Operands that are URLs, plus `host/path` operands of fetching tools. */
export function urlCandidates(name: string, split: Operands): Array<{ raw: string; text: string }> {
  const out: Array<{ raw: string; text: string }> = [];
  const operands = new Set(split.operands);
  for (const word of [...split.operands, ...split.optionValues]) {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(word) || /^(?:file|data|javascript):/i.test(word)) out.push({ raw: word, text: word });
    else if (URL_TOOLS.has(name) && operands.has(word) && /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)(?::\d+)?(?:[/?#].*)?$/.test(word) && /[.:]|^localhost/i.test(word) && !/^\.{1,2}(?:\/|$)/.test(word)) {
      out.push({ raw: word, text: 'http://' + word });
    }
  }
  return out;
}

/** Commands that decode or unescape their input (base64 -d, xxd -r, rev, tr, printf escapes). */
export function isDecoder(name: string, args: string[]): boolean {
  switch (name) {
    case 'base64':
    case 'base32':
    case 'basenc':
      return args.some((a) => a === '--decode' || /^-[a-zA-Z]*[dD]/.test(a));
    case 'xxd':
      return args.some((a) => /^-r/.test(a) || a === '-revert');
    case 'openssl':
      return args.includes('-d') || args.includes('base64');
    case 'gzip':
    case 'bzip2':
    case 'xz':
    case 'zstd':
      return args.some((a) => a === '--decompress' || /^-[a-zA-Z]*d/.test(a));
    case 'rev':
    case 'uudecode':
    case 'gunzip':
    case 'zcat':
    case 'bzcat':
    case 'xzcat':
    case 'unxz':
    case 'tr':
    case 'rot13':
      return true;
    case 'printf':
      return args.some((a) => /\\(?:x[0-9a-fA-F]|[0-7]|u[0-9a-fA-F])/.test(a));
    case 'echo':
      return args.some((a) => /^-[nE]*e/.test(a)) && args.some((a) => /\\(?:x[0-9a-fA-F]|0[0-7]|u[0-9a-fA-F])/.test(a));
    default:
      return false;
  }
}

/** Commands that run the text they receive as code. */
export function runsCode(name: string): boolean {
  return SHELLS.has(name) || isInterpreter(name) || name === 'eval' || name === 'source' || name === '.' || name === 'at' || name === 'batch';
}

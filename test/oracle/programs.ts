/**
 * Which programs the execution oracle's sandbox stubs and which it lets run for real.
 *
 * Every program reached through PATH (and every absolute path a case names) goes through
 * a tiny logging wrapper that records its argv. Then either:
 * - STUB: the program acts on the world (deletes, fetches, connects, kills, installs, asks a
 *   cloud or a database, blocks forever): the wrapper records and exits 0, so `&&` chains go on;
 * - RUN: the program runs commands of its own (shells, env, xargs, find, awk, sed, make,
 *   git, timeout, nice, the interpreters) or is a pure text tool whose output feeds the
 *   next stage (cat, base64, tr, printf): the wrapper records and execs the real binary;
 * - ELEVATE: sudo and friends cannot work without privileges; a fake one records itself,
 *   drops its own options and runs the rest, which is what the real one would do.
 *
 * The stub list is built from every program name the normalizer and the policy data know
 * (policies/data.json, src/normalize/bash/commands.ts) plus the generous list below; RUN
 * wins over STUB, so a name in both runs for real.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FETCHERS, FILE_COMMANDS } from '../../src/normalize/bash/commands.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** Programs that run commands or code of their own, and pure text tools: real. */
export const RUN = new Set([
  // shells and command runners
  'bash', 'sh', 'dash', 'rbash', 'env', 'xargs', 'find', 'timeout', 'nice', 'nohup', 'stdbuf', 'setsid', 'ionice', 'chrt',
  'taskset', 'flock', 'time', 'parallel', 'unbuffer', 'busybox',
  // programs with a language of their own
  'awk', 'gawk', 'mawk', 'nawk', 'sed', 'gsed', 'make', 'gmake', 'git', 'perl', 'python3', 'python', 'python3.11', 'node', 'nodejs',
  // interpreters .ci/run installs for their oracles (ruby, lua); stubs where the host lacks them (INTERPRETERS).
  // tclsh, php and Rscript stay stubs even where installed: .ci/run does not install them, and the
  // figures must be the same on every machine.
  'ruby', 'lua',
  'ed', 'm4', 'jq',
  // pure text tools: read stdin or files, write stdout
  'cat', 'tac', 'echo', 'printf', 'true', 'false', 'test', '[', 'ls', 'grep', 'egrep', 'fgrep', 'head', 'tail', 'tr', 'cut', 'sort', 'uniq',
  'wc', 'base64', 'base32', 'basenc', 'xxd', 'od', 'hexdump', 'rev', 'basename', 'dirname', 'seq', 'date', 'id', 'whoami', 'uname', 'pwd',
  'expr', 'realpath', 'readlink', 'stat', 'file', 'diff', 'cmp', 'comm', 'paste', 'join', 'fold', 'fmt', 'nl', 'column', 'strings',
  'printenv', 'tee', 'gzip', 'gunzip', 'zcat', 'bzip2', 'bunzip2', 'xz', 'unxz', 'rot13', 'iconv', 'md5sum', 'sha256sum', 'sha1sum',
  'uuencode', 'uudecode', 'getconf', 'nproc', 'hostname', 'which', 'type', 'mktemp',
  // file tools whose results a later stage may run (`cp a b.sh; bash b.sh`): harmless in the throwaway root
  'touch', 'mkdir', 'cp', 'mv', 'ln', 'tar', 'zip', 'unzip',
  // a named pipe the next stage opens (`mkfifo f; nc … < f | sh > f`): stubbed, whether `< f` found a
  // file depended on which side of the pipe opened it first, so the same line ran nc or did not
  'mkfifo',
]);

/** Interpreters that run for real where the host has them and are stubs (recorded, exit 0) where it does not. */
export const INTERPRETERS = new Set(['ruby', 'lua']);

/** Fake elevators: record, drop their own options, run the rest. */
export const ELEVATE = new Set(['sudo', 'doas', 'pkexec', 'run0', 'gosu', 'su-exec']);

/** A generous list of programs that act on the world or block: deletes, network, processes, packages, system. */
const GENEROUS = [
  'rm', 'rmdir', 'unlink', 'shred', 'srm', 'wipe', 'truncate', 'dd', 'mv', 'cp', 'ln', 'install', 'rsync', 'scp', 'sftp',
  'chmod', 'chown', 'chgrp', 'chattr', 'setfacl', 'mkfs', 'mkfs.ext4', 'mkswap', 'wipefs', 'fdisk', 'parted', 'mount', 'umount',
  'curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'ftp', 'tftp', 'openssl', 'ping', 'nmap', 'dig', 'nslookup', 'host',
  'kill', 'pkill', 'killall', 'skill', 'shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit', 'systemctl', 'service', 'journalctl',
  'crontab', 'at', 'batch', 'launchctl', 'useradd', 'usermod', 'userdel', 'passwd', 'chpasswd', 'visudo', 'su', 'login', 'newgrp',
  'iptables', 'ip6tables', 'nft', 'ufw', 'ip', 'ifconfig', 'route', 'sysctl', 'modprobe', 'insmod', 'rmmod', 'setenforce', 'auditctl',
  'apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'rpm', 'apk', 'pacman', 'brew', 'snap', 'pip', 'pip3', 'npm', 'npx', 'yarn', 'pnpm', 'gem',
  'cargo', 'go', 'docker', 'podman', 'kubectl', 'helm', 'aws', 'gcloud', 'gsutil', 'az', 'terraform', 'psql', 'mysql', 'mongo',
  'mongosh', 'redis-cli', 'sqlite3', 'sleep', 'yes', 'watch', 'top', 'htop', 'less', 'more', 'vi', 'vim', 'nvim', 'nano', 'emacs',
  'man', 'script', 'screen', 'tmux', 'expect', 'gdb', 'strace', 'ltrace', 'nsenter', 'unshare', 'chroot', 'ssh-keygen', 'ssh-add',
  'ssh-copy-id', 'gpg', 'tar', 'zip', 'unzip', '7z', 'mail', 'sendmail', 'mkfifo', 'mknod', 'xdg-open', 'open', 'osascript',
  'history', 'logger', 'wall', 'write', 'ruby', 'php', 'lua', 'pwsh', 'deno', 'bun', 'tclsh', 'Rscript', 'java', 'gcc', 'cc',
];

/** Every string in the policy data that looks like a program name (names the rules reason about). */
function dataProgramNames(): string[] {
  const data = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'policies', 'data.json'), 'utf8')) as Record<string, unknown>;
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (/^[A-Za-z][A-Za-z0-9_+-]*(?:\.[A-Za-z0-9]+)?$/.test(value) && value.length <= 40) out.push(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk((data as { config?: { bash?: unknown } }).config?.bash ?? data);
  return out;
}

/** Names the sandbox stubs: knowledge-table and policy-data names plus the generous list, minus what runs for real. */
export function stubNames(): string[] {
  const names = new Set([...GENEROUS, ...FILE_COMMANDS, ...FETCHERS, ...dataProgramNames()]);
  return [...names].filter((n) => !RUN.has(n) && !ELEVATE.has(n) && !n.includes('/')).sort();
}

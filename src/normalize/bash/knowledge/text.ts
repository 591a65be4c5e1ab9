/**
 * Programs whose arguments are data, never a command line of their own: printing,
 * searching, measuring, the shell's own inspection. Knowing them keeps a string that
 * merely looks like a command (`echo "rm -rf build"`, `git commit -m "run make"`) from
 * being taken for one (see unknown_program_runs_command in effects/commands.ts).
 */
import type { Family } from './types.js';

const NAMES = [
  'echo', 'printf', 'true', 'false', 'test', '[', '[[', 'pwd', 'ls', 'tree', 'date', 'whoami', 'id', 'uname', 'hostname', 'which',
  'type', 'command', 'env', 'printenv', 'export', 'local', 'declare', 'typeset', 'readonly', 'unset', 'let', 'shift', 'set', 'shopt',
  'cd', 'pushd', 'popd', 'dirs', 'jobs', 'wait', 'sleep', 'read', 'mapfile', 'readarray', 'getopts', 'exit', 'return', 'break',
  'continue', 'history', 'help', 'logger', 'tput', 'clear', 'stty', 'seq', 'yes', 'jq', 'yq', 'cut', 'tr', 'paste', 'column', 'fold',
  'fmt', 'expand', 'unexpand', 'rev', 'basename', 'dirname', 'du', 'df', 'free', 'uptime', 'ps', 'top', 'htop', 'pgrep', 'lsof',
  'netstat', 'ss', 'ip', 'ifconfig', 'gh', 'glab', 'node', 'tsc', 'eslint', 'prettier', 'vitest', 'jest', 'mocha', 'black', 'ruff',
  'mypy', 'flake8', 'pylint', 'isort', 'gofmt', 'rustc', 'rustfmt', 'clang', 'gcc', 'g++', 'cc', 'javac', 'java', 'kotlinc',
  'notify-send', 'say', 'xdg-open', 'open', 'code', 'diff3', 'comm', 'join', 'split', 'csplit', 'shuf', 'numfmt', 'factor', 'bc',
  'expr', 'awk', 'sed', 'timeout', 'nice', 'time', 'nohup', 'sudo', 'xargs', 'parallel', 'docker', 'podman', 'kubectl', 'helm',
  'terraform', 'aws', 'gcloud', 'az', 'systemctl', 'journalctl', 'service', 'tmux', 'screen', 'zip', 'openssl', 'gpg',
  // Builtins whose command-line arguments the walk itself reads (trap, alias) or the effect
  // producer states (hash -p, fc, enable -f, mapfile -C: effects/shell.ts).
  'trap', 'alias', 'unalias', 'hash', 'fc', 'enable', 'complete', 'compgen', 'bind', 'ulimit', 'umask', 'disown', 'suspend',
  'caller', 'times', 'kill', 'builtin',
];

export const TEXT: Family = Object.fromEntries(NAMES.map((name) => [name, { rules: [] }]));

/**
 * Filters: programs that print (a transform of) what they read and do nothing else with it.
 * A secret piped through them still ends in the agent's context (`gh auth token | tr -d '\\n'`).
 */
export const FILTERS: ReadonlySet<string> = new Set([
  'cat', 'tac', 'less', 'more', 'head', 'tail', 'jq', 'yq', 'cut', 'tr', 'paste', 'column', 'fold', 'fmt', 'rev', 'sort', 'uniq',
  'grep', 'egrep', 'fgrep', 'rg', 'sed', 'awk', 'gawk', 'mawk', 'base64', 'base32', 'xxd', 'od', 'hexdump', 'strings', 'tee', 'nl',
  'wc', 'expand', 'unexpand', 'iconv', 'dos2unix', 'bat',
]);

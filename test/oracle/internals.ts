/**
 * What a known program may run on its own, for its own work: the programs the oracle counts
 * as internal to a tool the analysis named, never as the agent's command line (compare.ts).
 *
 * Each row names the program (as the analysis names it), the process names it shows as a
 * launcher (/proc/PID/comm: 15 characters, the versioned interpreter, git's script
 * subcommands), an optional condition on its argv (python is a command runner: only its
 * own modules' helpers are its doing, never what `-c` code runs), the programs it may start
 * and why. Anything else a named tool starts is the agent's and must be named by the
 * analysis: a missed program the agent asked for is still caught, whatever tool started it.
 */

export interface Internal {
  /** The program as the analysis names it. */
  program: string;
  /** Its process names as launchers (comm): exact names. */
  comm: readonly string[];
  /** When set, every run of the program in the case must match: its helpers are its own only in these modes. */
  when?: RegExp;
  /** The programs it may start for its own work: a name, or a name with the argv (joined by NUL) it must have. */
  runs: ReadonlyArray<string | { name: string; args: RegExp }>;
  reason: string;
}

const PYTHON_COMM = ['python3', 'python', 'python3.11', 'python3.12', 'python3.13', 'python3.10', 'python3.9'];

/** Programs that run a command string through /bin/sh -c: the name the analysis gives, their process names, how. */
const SHELL_RUNNERS: ReadonlyArray<[string, readonly string[], string]> = [
  ...['awk', 'gawk', 'mawk', 'nawk'].map((name): [string, readonly string[], string] => [name, ['awk', 'gawk', 'mawk', 'nawk', 'original-awk'], "awk runs system()'s command and the command of `print | cmd` and `cmd | getline`"]),
  ...['python3', 'python'].map((name): [string, readonly string[], string] => [name, PYTHON_COMM, 'python runs os.system(), os.popen() and subprocess with shell=True']),
  ['perl', ['perl'], "perl runs system(), exec() and backticks given one string with shell characters"],
  ...['node', 'nodejs'].map((name): [string, readonly string[], string] => [name, ['node', 'nodejs'], 'node runs child_process.exec/execSync and spawn with shell: true']),
];

export const INTERNALS: readonly Internal[] = [
  {
    program: 'tar',
    comm: ['tar'],
    runs: ['gzip', 'gunzip', 'bzip2', 'xz', 'lzip', 'lzma', 'lzop', 'zstd', 'compress'],
    reason: 'GNU tar compresses and decompresses through the compressor program its z/j/J/--zstd options name (through sh -c)',
  },
  {
    program: 'gunzip',
    comm: ['gunzip'],
    runs: ['gzip'],
    reason: 'gunzip and zcat are shell scripts that exec gzip -d',
  },
  {
    program: 'zcat',
    comm: ['zcat'],
    runs: ['gzip'],
    reason: 'zcat is a shell script that execs gzip -cd',
  },
  {
    program: 'git',
    comm: ['git'],
    runs: ['ssh', 'gettext.sh'],
    reason: 'git reaches an ssh remote through ssh (git clone git@host:…); its script subcommands source gettext.sh',
  },
  {
    program: 'git',
    comm: ['git-submodule', 'git-bisect', 'git-filter-bran', 'git-sh-setup', 'git-request-pul', 'git-merge-octop', 'git-web--browse'],
    runs: [
      'sed', 'basename', 'dirname', 'cat', 'tr', 'sleep', 'uname', 'gettext.sh', 'gettext', 'envsubst', 'grep', 'wc', 'sort', 'uniq', 'date',
      // filter-branch's scratch folder (.git-rewrite, or -d's): made, then removed; never anything else.
      { name: 'mkdir', args: /^(?:-p\u0000)?(?:[^\u0000]*\.git-rewrite\/t|\.\.\/map)$/ },
      { name: 'rm', args: /^-rf\u0000[^\u0000]*\/\.git-rewrite$/ },
    ],
    reason: "git's shell-script subcommands (git-submodule, git-bisect, git-filter-branch) run text tools to read their arguments, translate and print their messages (gettext, envsubst), uname to know the platform (filter-branch also waits 10 s after its warning, dates its run, and makes and removes its scratch folder .git-rewrite)",
  },
  {
    program: 'python3',
    comm: PYTHON_COMM,
    when: /^-m\u0000(?:venv|ensurepip|pip)(?:\u0000|$)/,
    runs: ['lsb_release', 'uname'],
    reason: "python -m venv installs pip through ensurepip; pip's vendored distro module runs lsb_release -a and uname -rs to describe the platform in its user agent",
  },
  {
    program: 'python',
    comm: PYTHON_COMM,
    when: /^-m\u0000(?:venv|ensurepip|pip)(?:\u0000|$)/,
    runs: ['lsb_release', 'uname'],
    reason: 'python is python3 (python-is-python3): the same modules, the same helpers',
  },
  {
    program: 'lsb_release',
    comm: ['lsb_release'],
    runs: ['getopt', 'cut', 'tr', 'sed', 'grep', 'head', 'cat', 'uname'],
    reason: "Debian's lsb_release (lsb-release 12) is a shell script: getopt reads its options, cut and tr format /etc/os-release",
  },
  // The shell a command runner starts for a command string is the runner's, not the agent's:
  // what the string runs is still compared. It shows only where the command also spells
  // /bin/sh (the sandbox then puts the sh wrapper at that path, Sandbox.mirror).
  ...SHELL_RUNNERS.map(([program, comm, how]): Internal => ({
    program,
    comm,
    runs: [{ name: 'sh', args: /^-c\u0000[^\u0000]*$/ }],
    reason: `${how} through /bin/sh -c, as POSIX's system() and popen() do`,
  })),
];

/** Does a row let its program start this run? */
export function rowRuns(row: Internal, name: string, args: readonly string[]): boolean {
  return row.runs.some((r) => (typeof r === 'string' ? r === name : r.name === name && r.args.test(args.join('\u0000'))));
}

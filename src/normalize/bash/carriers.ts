/**
 * Command lines carried inside another command's options or environment, which that
 * command hands to a shell: `tar --to-command=…`, `rsync -e …`, `ssh -o ProxyCommand=…`,
 * `git -c core.sshCommand=…`, `GIT_SSH_COMMAND=…`, `vim -c '!…'`, `docker run img cmd…`,
 * `kubectl exec pod -- cmd…`, `tmux new 'cmd'`. Each is parsed as a nested script.
 */
import { applies, optionValues as valuesOf, parseArgs, tablePattern } from './knowledge/args.js';
import { knowledgeOf } from './knowledge/index.js';
import { environmentVariable } from './knowledge/environment.js';
import type { CommandLineRule } from './knowledge/types.js';
import { scanOptions, splitCommandLine } from './options.js';
import { listingOf } from './knowledge/listings.js';
import { inlineCodeLine } from './knowledge/run-files.js';

export interface Carried {
  script: string;
  via: string;
}

/** git -c keys whose value is a command (a `!` alias is a shell command too). */
const GIT_COMMAND_KEYS = /^(?:core\.(?:sshcommand|pager|editor|fsmonitor|askpass)|diff\.external|sequence\.editor|credential\.helper|gpg\.program|pager\.\w+|alias\.[\w-]+|uploadpack\.packobjectshook|filter\.[\w.-]+\.(?:clean|smudge|process)|diff\.[\w.-]+\.textconv|merge\.[\w.-]+\.driver)$/i;

export function carriedByAssignments(assignments: Record<string, string>): Carried[] {
  const out: Carried[] = [];
  for (const [name, value] of Object.entries(assignments)) {
    // A variable whose value is a command line some program runs (knowledge/environment.ts).
    if (environmentVariable(name)?.value === 'command_line' && value.trim() !== '') out.push({ script: value, via: 'environment' });
  }
  for (const { key, value } of gitConfigFromEnvironment(assignments)) {
    const script = gitCommandValue(key, value);
    if (script !== null) out.push({ script, via: 'git config environment' });
  }
  return out;
}

/**
 * Settings given to git through its environment: `GIT_CONFIG_COUNT=n` with
 * `GIT_CONFIG_KEY_i`/`GIT_CONFIG_VALUE_i`, and `GIT_CONFIG_PARAMETERS="'k'='v' …"`.
 */
export function gitConfigFromEnvironment(assignments: Record<string, string>): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const [name, key] of Object.entries(assignments)) {
    const m = /^GIT_CONFIG_KEY_(\d+)$/.exec(name);
    if (m) out.push({ key, value: assignments[`GIT_CONFIG_VALUE_${m[1]}`] ?? '' });
  }
  const parameters = assignments.GIT_CONFIG_PARAMETERS;
  if (parameters) {
    for (const m of parameters.matchAll(/'([^']*)'(?:='([^']*)')?/g)) {
      const eq = m[2] === undefined ? m[1].indexOf('=') : -1;
      if (m[2] !== undefined) out.push({ key: m[1], value: m[2] });
      else if (eq > 0) out.push({ key: m[1].slice(0, eq), value: m[1].slice(eq + 1) });
    }
  }
  return out;
}

/** The shell command a git setting runs, or null when the key runs none (`!`-aliases and helpers only with `!`). */
export function gitCommandValue(key: string, value: string): string | null {
  if (!GIT_COMMAND_KEYS.test(key) || value.trim() === '') return null;
  if (/^alias\./i.test(key) || /^credential\.helper$/i.test(key)) return value.startsWith('!') ? value.slice(1) : null;
  return value;
}

/**
 * Command lines a program runs per the command-knowledge table (`command_line` rules):
 * option values, operands from a position, and lines of its standard input; with a
 * `prefix`, only the tool's shell escape (`!cmd`, `.shell cmd`, `\\! cmd`) is a command line.
 */
export function carriedByKnowledge(name: string, argv: string[], stdin: string | null): Carried[] {
  const entry = knowledgeOf(name);
  if (entry === undefined) return [];
  const rules = entry.rules.filter((r): r is CommandLineRule => r.effect === 'command_line');
  if (rules.length === 0) return [];
  const parsed = parseArgs(name, argv.slice(1), entry);
  const out: Carried[] = [];
  for (const rule of rules) {
    if (!applies(rule.when, parsed)) continue;
    // A command run elsewhere is read as ssh's remote command is (config: elsewhere_vias).
    const via = rule.remote ? 'ssh' : `knowledge:${name}`;
    const texts: string[] = [...valuesOf(parsed, rule.options)];
    if (rule.after_dash) {
      const dash = argv.indexOf('--', 1);
      if (dash !== -1 && dash + 1 < argv.length) texts.push(argv.slice(dash + 1).map(quote).join(' '));
    }
    if (rule.operands_from !== undefined) {
      let words = rawFrom(argv.slice(1), parsed.operands, rule.operands_from);
      while (words.length > 0 && rule.skip_leading?.includes(words[0])) words = words.slice(1);
      if (rule.not_lines !== undefined) words = words.filter((w) => !tablePattern(rule.not_lines as string).test(w));
      if (words.length > 0) {
        if (rule.prefix !== undefined || rule.each) texts.push(...words);
        else texts.push(rule.argv ? words.map(quote).join(' ') : words.join(' '));
      }
    }
    if (rule.stdin && stdin !== null && rule.prefix !== undefined) texts.push(stdin);
    for (const text of texts) {
      if (rule.prefix === undefined) out.push({ script: text, via });
      else for (const line of escapes(text, rule.prefix)) out.push({ script: rule.language === undefined ? line : inlineCodeLine(rule.language, line), via });
    }
  }
  return out;
}

/**
 * The words from operand `n` on, as written: after the subcommand words nothing is an
 * option of the program any more (`git bisect run sh -c 'x'`: `-c` belongs to sh).
 */
function rawFrom(args: string[], operands: string[], n: number): string[] {
  if (n === 0) return operands;
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = args.indexOf(operands[k], at + 1);
    if (at === -1) return operands.slice(n);
  }
  return args.slice(at + 1);
}

/** The shell command lines behind a tool's own escape prefix, one per line or `;`-separated command. */
function escapes(text: string, prefix: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`(?:^|[\\n;])\\s*:?\\s*${prefix}\\s*([^\\n]*)`, 'g');
  for (const m of text.matchAll(pattern)) if (m[1].trim() !== '') out.push(m[1]);
  return out;
}

/**
 * awk hands strings to the shell with `system("…")`, `print … | "cmd"` and `"cmd" | getline`;
 * when the command is a shell, what is printed into it is its script.
 */
function awk(argv: string[]): Carried[] {
  const scan = scanOptions(argv, 1, { short: 'fvFe', long: ['file', 'assign', 'field-separator', 'source'] });
  const program = scan.options.find((o) => o.flag === 'e' || o.flag === '--source')?.value ?? argv[scan.next];
  if (program === undefined) return [];
  const out: Carried[] = [];
  for (const m of program.matchAll(/\|\s*"((?:\\.|[^"\\])*)"/g)) {
    const target = m[1];
    out.push({ script: target, via: 'awk' });
    if (/^\s*(?:\/\S*\/)?(?:ba|da|z|k)?sh\b/.test(target)) {
      const printed = /print[f]?\s*\(?\s*"((?:\\.|[^"\\])*)"\s*\)?\s*\|/.exec(program.slice(0, m.index + m[0].length));
      if (printed) out.push({ script: printed[1], via: 'awk' });
    }
  }
  for (const m of program.matchAll(/"((?:\\.|[^"\\])*)"\s*\|&?\s*getline/g)) out.push({ script: m[1], via: 'awk' });
  return out;
}

/**
 * sed runs a command line with the `e command` command (GNU) and runs the pattern space
 * with the `s///e` flag (that one is data: stated by the effect producer as unknown).
 */
function sed(argv: string[]): Carried[] {
  const scan = scanOptions(argv, 1, { short: 'efl', long: ['expression', 'file', 'line-length'] });
  const scripts = scan.options.filter((o) => (o.flag === 'e' || o.flag === '--expression') && o.value !== null).map((o) => o.value as string);
  if (scripts.length === 0 && argv[scan.next] !== undefined) scripts.push(argv[scan.next]);
  const out: Carried[] = [];
  for (const script of scripts) {
    for (const m of script.matchAll(/(?:^|[;\n{}])\s*(?:\d+|\$|\/(?:\\.|[^/\\])*\/)?(?:,\s*(?:\d+|\$|\/(?:\\.|[^/\\])*\/))?\s*e\s+([^;\n}]+)/g)) out.push({ script: m[1], via: 'sed' });
  }
  return out;
}

/** `s/x/y/e` and a bare `e` run text that comes from the data: nothing static to parse. */
export function sedRunsData(argv: string[]): boolean {
  const scan = scanOptions(argv, 1, { short: 'efl', long: ['expression', 'file', 'line-length'] });
  const scripts = scan.options.filter((o) => (o.flag === 'e' || o.flag === '--expression') && o.value !== null).map((o) => o.value as string);
  if (scripts.length === 0 && argv[scan.next] !== undefined) scripts.push(argv[scan.next]);
  return scripts.some((s) => SED_S_EXEC.test(s) || /(?:^|[;\n{}])\s*(?:\d+|\$)?\s*e\s*(?:$|[;\n}])/.test(s));
}

/** One sed address (`12`, `$`, `/re/`, `\%re%`), with an optional second one and `!`. */
const SED_ADDRESS = String.raw`(?:(?:\d+(?:~\d+)?|\$|\/(?:\\.|[^/\\])*\/[IM]*|\\(.)(?:\\.|(?!\1).)*\1[IM]*)(?:\s*,\s*(?:[+~]?\d+|\$|\/(?:\\.|[^/\\])*\/[IM]*))?\s*!?)?`;
/**
 * An `s` command with the `e` flag, at the start of a sed command (after `;`, a newline, `{`
 * or `}` and an address): `s/x/y/ge`. Only there: the letters of a pattern or a replacement
 * (`s/console.log/logger.debug/g`) are no command.
 */
const SED_S_EXEC = new RegExp(String.raw`(?:^|[;\n{}])\s*${SED_ADDRESS}\s*s(.)(?:\\.|(?!\2).)*\2(?:\\.|(?!\2).)*\2[gpiImM0-9]*e`);

/** The programs whose options carry code or commands, each with the reader of its options (a table: one line per family). */
const OPTION_CARRIERS: [names: string[], read: (argv: string[]) => Carried[]][] = [
  [['tar', 'gtar'], tar],
  [['awk', 'gawk', 'mawk', 'nawk'], awk],
  [['sed', 'gsed'], sed],
  [['ssh', 'scp', 'sftp'], sshOptions],
  [['git'], git],
  [['vim', 'vi', 'nvim', 'view', 'ex'], vim],
  [['docker', 'podman', 'nerdctl', 'crictl', 'ctr', 'lima', 'finch'], container],
  [['adb'], adbShell],
  [['kubectl', 'oc'], kubectl],
  [['tmux'], tmux],
  [['screen'], screen],
  [['ansible'], ansibleAdhoc],
  [['fd', 'fdfind'], fdExec],
  [['expect'], expectScript],
  [['osascript'], osascript],
];
const OPTION_CARRIER_BY_NAME = new Map(OPTION_CARRIERS.flatMap(([names, read]) => names.map((name) => [name, read] as const)));

export function carriedByOptions(name: string, argv: string[]): Carried[] {
  return OPTION_CARRIER_BY_NAME.get(name)?.(argv) ?? [];
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

/** tar's options that take a command line are in the knowledge table; `--checkpoint-action=exec=` is a value inside a value. */
function tar(argv: string[]): Carried[] {
  const out: Carried[] = [];
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

/** git's global options that take the next word as their value. */
const GIT_GLOBAL_VALUE_OPTIONS = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix', '--attr-source']);

function git(argv: string[]): Carried[] {
  const out: Carried[] = [];
  for (const value of optionValues(argv, ['-c'])) {
    const eq = value.indexOf('=');
    if (eq === -1) continue;
    const script = gitCommandValue(value.slice(0, eq), value.slice(eq + 1));
    if (script !== null) out.push({ script, via: 'git -c' });
  }
  // An alias defined on the command line and used as the subcommand
  // (`git -c alias.ship='push --force' ship origin main`) runs git with its words in place.
  const aliases = new Map<string, string>();
  for (const value of optionValues(argv, ['-c'])) {
    const m = /^alias\.([^=]+)=(.*)$/is.exec(value);
    if (m && !m[2].startsWith('!')) aliases.set(m[1].toLowerCase(), m[2]);
  }
  if (aliases.size > 0) {
    let at = 1;
    while (at < argv.length && argv[at].startsWith('-')) at += GIT_GLOBAL_VALUE_OPTIONS.has(argv[at]) ? 2 : 1;
    const expansion = argv[at] === undefined ? undefined : aliases.get(argv[at].toLowerCase());
    if (expansion !== undefined) out.push({ script: `git ${expansion} ${argv.slice(at + 1).map(quote).join(' ')}`, via: 'git alias' });
  }
  // `ext::<command>` remotes run the command, with `% ` for a space and `%%` for `%`.
  for (const a of argv.slice(1)) {
    const m = /^ext::(.+)$/s.exec(a);
    if (m) {
      // Words are split at spaces; `% ` is a space inside a word, `%%` a percent sign.
      const words = m[1].split(/(?<!%) /).filter((w) => w !== '').map((w) => w.replace(/%([ %])/g, '$1'));
      out.push({ script: words.map(quote).join(' '), via: 'git ext::' });
    }
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

/**
 * `adb [-s SERIAL] shell CMD…`: the device's shell runs the words joined by blanks, as ssh
 * does with its command words (an Android device or emulator is another machine).
 */
function adbShell(argv: string[]): Carried[] {
  const scan = scanOptions(argv, 1, { short: 'stHPL', long: ['serial'] });
  if (argv[scan.next] !== 'shell') return [];
  const words = argv.slice(scan.next + 1).filter((w, i) => !(i === 0 && /^-[ntTx]+$/.test(w)));
  return words.length > 0 ? [{ script: words.join(' '), via: 'ssh' }] : [];
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

/**
 * `ansible HOSTS -m shell -a 'cmd'`: the command and shell modules (the default module is
 * command) run their `-a` line on every host, as `ssh host 'cmd'` does; the file module with
 * `state=absent` removes its path (`rm -rf` of it).
 */
function ansibleAdhoc(argv: string[]): Carried[] {
  const module = optionValues(argv, ['-m', '--module-name']).pop() ?? 'command';
  const args = optionValues(argv, ['-a', '--args']).pop();
  if (args === undefined || args.trim() === '') return [];
  if (/(?:^|\.)(?:shell|command|raw)$/.test(module)) return [{ script: args, via: 'ansible' }];
  if (/(?:^|\.)file$/.test(module) && /(?:^|\s)state=absent(?:\s|$)/.test(args)) {
    const path = /(?:^|\s)(?:path|dest|name)=(\S+)/.exec(args)?.[1];
    if (path !== undefined) return [{ script: `rm -rf -- ${quote(path.replace(/^(['"])(.*)\1$/, '$2'))}`, via: 'ansible' }];
  }
  return [];
}

/** `screen [-dmS name] cmd args`; `screen -S s -X stuff 'cmd\n'` types a command line into the session's shell. */
function screen(argv: string[]): Carried[] {
  const stuff = argv.findIndex((a, i) => i > 1 && a === 'stuff' && argv.slice(1, i).includes('-X'));
  if (stuff !== -1) {
    const typed = argv.slice(stuff + 1).join(' ').replace(/\\n|\\r|\^M|\^J/g, '\n');
    return typed.trim() === '' ? [] : [{ script: typed, via: 'screen' }];
  }
  const scan = scanOptions(argv, 1, { short: 'SpcehLT', long: [] });
  const words = argv.slice(scan.next);
  if (words.length === 0 || scan.options.some((o) => o.flag === 'r' || o.flag === 'R' || o.flag === 'x' || o.flag === '--list')) return [];
  return [{ script: words.map(quote).join(' '), via: 'screen' }];
}

/**
 * `fd PATTERN DIR -x cmd {}` / `-X cmd`: fd runs the command on what it finds; the found
 * items are the listing's glob (knowledge/listings.ts), as `find -exec` runs on `root/*`.
 */
function fdExec(argv: string[]): Carried[] {
  const at = argv.findIndex((a, i) => i > 0 && (a === '-x' || a === '-X' || a === '--exec' || a === '--exec-batch'));
  if (at === -1 || at + 1 >= argv.length) return [];
  const end = argv.indexOf(';', at + 1);
  const command = argv.slice(at + 1, end === -1 ? undefined : end);
  const items = listingOf(argv[0].replace(/^.*\//, ''), [...argv.slice(1, at), ...(end === -1 ? [] : argv.slice(end + 1))]) ?? [];
  const word = (w: string): string => (/^[\w@%+=:,./*-]+$/.test(w) ? w : quote(w));
  const line = command.some((w) => w.includes('{}')) ? command.map((w) => w.split('{}').join(items.join(' '))).map((w) => (items.some((i) => w.includes(i)) ? w : quote(w))).join(' ') : [...command.map(quote), ...items.map(word)].join(' ');
  return [{ script: line, via: 'fd -x' }];
}

/**
 * `expect -c 'spawn bash -c "…"; send "cmd\r"; expect eof'` (or `-f`-less script operands are
 * files, not read): what `spawn` and `exec` start is a command (Tcl words read as shell
 * words), and what `send` types goes to the program spawned, a shell in the cases that matter.
 */
function expectScript(argv: string[]): Carried[] {
  const scan = scanOptions(argv, 1, { short: 'cfbD' });
  const scripts = scan.options.filter((o) => o.flag === 'c' && o.value !== null).map((o) => o.value!);
  const out: Carried[] = [];
  for (const script of scripts) {
    for (const statement of script.split(/[;\n]/)) {
      const m = /^\s*(spawn|exec|send)\s+(?:-\w+\s+)*([\s\S]*)$/.exec(statement);
      if (m === null) continue;
      if (m[1] === 'send') {
        const text = m[2].trim().replace(/^"([\s\S]*)"$/, '$1').replace(/^\{([\s\S]*)\}$/, '$1').replace(/\\[rn]/g, '\n');
        if (text.trim() !== '') out.push({ script: text, via: 'expect' });
      } else out.push({ script: m[2], via: 'expect' });
    }
  }
  return out;
}

/** `osascript -e 'do shell script "…"'`: AppleScript's shell escape runs its string through sh. */
function osascript(argv: string[]): Carried[] {
  const out: Carried[] = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] !== '-e' || argv[i + 1] === undefined) continue;
    for (const m of argv[i + 1].matchAll(/do\s+shell\s+script\s+"((?:[^"\\]|\\.)*)"/gi)) out.push({ script: m[1].replace(/\\(["\\])/g, '$1'), via: 'osascript' });
  }
  return out;
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export { splitCommandLine };

/**
 * The shape of the command-knowledge table: for each program, which options and operands
 * delete, write, read, change modes, link, connect, send, kill, install, configure, or run
 * a command line or code of their own. Every family file (files.ts, network.ts, git.ts, …)
 * is plain data of this shape; src/normalize/bash/effects/ turns a command and its entry
 * into effects. Adding a program means adding an entry, never a `case`.
 */
import type { OptionSpec } from '../options.js';

/** Which words a rule acts on, after options (and the subcommands in `when.sub`) are skipped. */
export type Operands =
  | 'all'
  | 'first'
  | 'rest'
  | 'last'
  | 'all_but_last'
  /** After the subcommand(s) matched by `when.sub`/`when.sub2`. */
  | 'after_sub';

/** When a rule applies: subcommand words, flags present or absent. All given parts must hold. */
export interface When {
  /** The first operand (git's "commit", npm's "install"). */
  sub?: readonly string[];
  /** The second operand (git's "remote add", "submodule foreach"). */
  sub2?: readonly string[];
  /** Any of these flags ("r", "--recursive"; find primaries without dash: "delete"). */
  flags?: readonly string[];
  /** All of these flags. */
  all_flags?: readonly string[];
  /** The last operand is one of these (`mv x /dev/null`). */
  last_in?: readonly string[];
  /** None of these flags. */
  no_flags?: readonly string[];
  /** No option has one of the values listed for it (`kubectl get secret -o name` shows names, not data). */
  no_values?: Readonly<Record<string, readonly string[]>>;
  /** Some operand is one of these, wherever it stands (`gcloud auth application-default print-access-token`). */
  any_operand?: readonly string[];
  /** Every one of these is an operand. */
  all_operands?: readonly string[];
  /** None of these is an operand. */
  no_operands?: readonly string[];
  /** Some operand after the subcommands matches this pattern (git config keys that hold secrets). */
  operand_pattern?: string;
}
/* Words in `sub`, `sub2` and the operand lists match exactly, or by prefix when they end in `*` (`secret*`). */

interface RuleBase {
  when?: When;
}

export interface DeleteRule extends RuleBase {
  effect: 'delete';
  of?: Operands;
  /** Option values that are deleted (find -delete deletes the search roots' contents). */
  options?: readonly string[];
  recursive_flags?: readonly string[];
  recursive?: boolean;
  /** Options whose value is the folder relative operands are in (`git -C ~ clean`). */
  relative_to?: readonly string[];
  /** The operand meant when none is given (`git clean -fdx` cleans the working tree: "."). */
  default_operand?: string;
  /** Locations the program deletes whatever its operands (`journalctl --vacuum-time` the journal, `log erase` the unified log). */
  fixed?: readonly string[];
  /**
   * Tests that narrow what is deleted under each operand (find -name, -mtime): the effect
   * names `<operand>/<pattern>` (the -name pattern, else `*`) rather than the operand itself.
   */
  filtered_by?: readonly string[];
}

export interface WriteRule extends RuleBase {
  effect: 'write';
  of?: Operands;
  /** Options whose value is the file written (`-o out`, `of=`-style handled by `assign`). */
  options?: readonly string[];
  /** `key=value` operands whose value is written (dd's `of=`). */
  assign?: readonly string[];
  mode: 'create' | 'append' | 'edit' | 'truncate' | 'device';
}

export interface ReadRule extends RuleBase {
  effect: 'read';
  of?: Operands;
  options?: readonly string[];
  assign?: readonly string[];
  /** Options whose value is the folder the operands are relative to (`tar -C ~ .gnupg`). */
  relative_to?: readonly string[];
}

export interface ChmodRule extends RuleBase {
  effect: 'chmod';
  /** chown/chgrp: the first operand is an owner, not a mode. */
  owner?: boolean;
  recursive_flags?: readonly string[];
}

export interface LinkRule extends RuleBase {
  effect: 'link';
  symbolic_flags?: readonly string[];
  /** Always symbolic (`link` is hard, `ln -s`, `symlink`). */
  symbolic?: boolean;
}

export interface ConnectRule extends RuleBase {
  effect: 'connect';
  /** Where the peer is: URL operands, `host [port]` operands, or `[user@]host[:path]` destinations. */
  peer: 'urls' | 'host_port' | 'destination';
  /** Flags that make it a listener. */
  listen_flags?: readonly string[];
  /** Options whose presence wires the connection to a program (`nc -e`, `ncat --sh-exec`). */
  shell_options?: readonly string[];
  /** Options whose value is the HTTP method (`curl -X PUT`, `wget --method=PATCH`). */
  method_options?: readonly string[];
  /** The method is the first operand when it is an HTTP verb (`http PUT url`, `xh patch url`). */
  method_operand?: boolean;
}

export interface SendRule extends RuleBase {
  effect: 'send';
  /** Options whose value is data sent (curl -d/-H/-F/-T, wget --post-data); `@file` names a file read and sent. */
  data_options?: readonly string[];
  /** Options whose value is a file sent as it is, no `@` needed (curl -T, wget --post-file). */
  file_options?: readonly string[];
  /** Operands sent as files to a destination (scp/rsync sources): all but the last operand. */
  file_operands?: boolean;
  /** stdin flows to the peer (nc, curl -T -, ssh). */
  stdin?: boolean;
  /**
   * Operands are httpie request items, not destinations: `Name:value` is a header, `f@path`
   * and `f=@path`/`f:=@path` send the file, `k=v` is data (http, xh).
   */
  request_items?: boolean;
  /** Options whose value names where it goes (swaks `--to addr`, `--server host:port`): the sink. */
  sink_options?: readonly string[];
}

export interface KillRule extends RuleBase {
  effect: 'kill';
  /** Operands are pids (kill), process names or patterns (pkill, killall). */
  target: 'pids' | 'names';
  /** Options whose value is the signal. */
  signal_options?: readonly string[];
}

export interface InstallRule extends RuleBase {
  effect: 'install';
  manager: string;
  /** Options whose value is a registry or index other than the default. */
  source_options?: readonly string[];
}

export interface ConfigRule extends RuleBase {
  effect: 'config';
  tool: string;
  /** Operand positions of key and value after the subcommand ("after_sub"); defaults 0 and 1. */
  key_at?: number;
  value_at?: number;
  /** Fixed key when the subcommand itself is the setting (git remote add → "remote.url"). */
  key?: string;
  /** Each operand from key_at on is one `key=value` setting (`npm pkg set scripts.x=cmd`). */
  assignments?: boolean;
  /** Each `-Name value` pair of the line is one setting, the name lower-cased without its dash (PowerShell cmdlets' parameters). */
  option_pairs?: boolean;
}

/**
 * The program runs a command line or code defined in a file it reads (make's Makefile,
 * npm's package.json scripts, pytest's conftest.py, setup.py): an exec effect of origin "file".
 */
export interface FileCommandsRule extends RuleBase {
  effect: 'file_commands';
  /** Files read by default, relative to the working directory. */
  files: readonly string[];
  /** Options whose value names the file instead. */
  file_options?: readonly string[];
  /** Options whose value is the folder the program works in, where the default files are read (`make -C d`). */
  dir_options?: readonly string[];
  language?: string;
}

/**
 * The program runs a command line it is given (`git rebase --exec`, `gdb -ex '!…'`,
 * `sqlite3 db '.shell …'`). The bash walk parses each one as a nested script (carriers.ts),
 * so the commands inside are stated like any other.
 */
export interface CommandLineRule extends RuleBase {
  effect: 'command_line';
  /** Options whose value is a command line (or, with `prefix`, a command of the tool's own language). */
  options?: readonly string[];
  /** Operands from this position (after the subcommands) are the command (`bisect run cmd args`: argv; `foreach 'cmd'`: one line). */
  operands_from?: number;
  /** Operand words joined as argv (quoted) rather than as one command line. */
  argv?: boolean;
  /** The subcommand's own options that may come first (`submodule foreach --recursive 'cmd'`). */
  skip_leading?: readonly string[];
  /** Each operand is a command line of its own (`concurrently "npm run api" "vite"`). */
  each?: boolean;
  /** Operands matching this pattern name something else, not a command line (`npm:dev:*`). */
  not_lines?: string;
  /**
   * The value is a command of the tool's own language; only the part after this prefix is a
   * shell command line (`!cmd`, `shell cmd`, `\! cmd`, `.shell cmd`, `system cmd`). Matched at
   * the start of each line or after `;`.
   */
  prefix?: string;
  /** The tool also reads such commands from its standard input (ed, psql, sqlite3, gdb). */
  stdin?: boolean;
  /** The words after the first `--` are the command, as argv (`op run --env-file x -- cmd args`, `multipass exec vm -- cmd`). */
  after_dash?: boolean;
  /**
   * The command line runs on another machine or in another system (pdsh, salt `cmd.run`,
   * `fly ssh console -C`): read like ssh's remote command, where the host's own paths are meant.
   */
  remote?: boolean;
  /**
   * What follows the prefix is code of this interpreter (python3, node, ruby, perl), not a shell
   * line (gdb's `python …`): it is judged as that language's inline code.
   */
  language?: string;
}

/**
 * The program prints a stored credential (an access token, a secret's value, a raw
 * kubeconfig): a `reveal` effect, whose `to` says where the output goes (effects/commands.ts).
 */
export interface RevealRule extends RuleBase {
  effect: 'reveal';
  /** What is printed, in words ("access token", "cloud credentials", "secret value"). */
  secret: string;
}

/** The program runs inline code of a language (awk, sed scripts are handled by their own readers). */
export interface CodeRule extends RuleBase {
  effect: 'code';
  language: string;
}

export type Rule =
  | DeleteRule
  | WriteRule
  | ReadRule
  | ChmodRule
  | LinkRule
  | ConnectRule
  | SendRule
  | KillRule
  | InstallRule
  | ConfigRule
  | FileCommandsRule
  | CommandLineRule
  | RevealRule
  | CodeRule;

export interface ProgramKnowledge {
  /** Options that take a value, so their values are not taken for operands. */
  options?: OptionSpec;
  /** Options are read anywhere on the line (GNU style), not only before the first operand. */
  options_anywhere?: boolean;
  /** The first word may be a bundle of option letters without a dash (`tar czf x.tgz d`, old style). */
  dashless_first?: boolean;
  rules: readonly Rule[];
}

/** A family table: program names (and aliases) to what they do. */
export type Family = Readonly<Record<string, ProgramKnowledge>>;

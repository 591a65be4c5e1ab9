/**
 * Effects: what a tool call would do if it ran, as small typed facts. Every producer
 * (the bash walk, the command-knowledge table, each interpreter's inline-code reader,
 * the non-bash tools) fills the same list, so a rule written over effects holds for
 * every spelling of the action: `rm -rf x`, `find x -delete`, `python -c
 * "shutil.rmtree('x')"` and an MCP `delete_file` all state `delete(x, recursive)`.
 *
 * The policy reads them as `input.facts.effects`. Field names are snake_case (Rego).
 * docs/facts.md documents each type with examples; keep them in step.
 *
 * An effect says what would happen, never whether it is bad. What a producer cannot
 * resolve is an explicit `unknown` effect, which the policy treats as at least ask.
 */
import type { PathFact, UrlFact } from './places.js';

/** Which producer stated an effect: "bash", "knowledge:<program>", "code:<language>", "tool:<kind>", "ledger". */
export type EffectProducer = string;

interface EffectBase {
  producer: EffectProducer;
  /** Id of the bash command (BashCommand.id) the effect comes from; null for non-bash tools. */
  command: number | null;
  /**
   * Set on what a written file stores rather than what the call does now (a Makefile recipe, a
   * package.json script, a CI step: knowledge/run-files.ts): it runs later, when the file's runner
   * runs it. The policy denies the write when that code would be denied if it ran now (core.stored_code).
   */
  stored?: true;
}

/** A file or folder removed (rm, unlink, find -delete, shutil.rmtree, fs.rmSync, an MCP delete, `mv x /dev/null`). */
export interface DeleteEffect extends EffectBase {
  type: 'delete';
  path: PathFact;
  recursive: boolean;
  /**
   * The path is taken away by a move (an MCP `move_file`'s source): whatever lies under it goes
   * with it, so a move of a protected location is judged as `mv` of it is (deny), not as one
   * file deleted.
   */
  move?: boolean;
}

/** Bytes written to a path: a `>` redirect, the Write tool, cp/mv/tee/dd targets, open(..., 'w'). */
export interface WriteEffect extends EffectBase {
  type: 'write';
  path: PathFact;
  /** create (new or overwrite), append, edit (in place: Edit tool, sed -i), truncate, device (raw device). */
  mode: 'create' | 'append' | 'edit' | 'truncate' | 'device';
  /** The content when statically known (Write tool, heredoc, echo > file), else null. Bounded by the producer. */
  content: string | null;
  /**
   * Set by the file tools when the content is a run file's (a CI workflow, a Makefile:
   * knowledge/run-files.ts) and its stored code was read: what it runs is stated beside it as
   * stored effects, and the write is judged by them rather than by its path alone.
   */
  run_file?: true;
}

/** Permission or ownership change. */
export interface ChmodEffect extends EffectBase {
  type: 'chmod';
  path: PathFact;
  /** The mode as written ("777", "u+s", "+x") or the owner for chown ("root:root"). */
  mode: string;
  recursive: boolean;
  /** Sets the setuid or setgid bit. */
  setuid: boolean;
  /** Makes the file world-writable. */
  world_writable: boolean;
  /** chown/chgrp rather than chmod. */
  owner: boolean;
}

/** A link made: `ln -s target name` states from = name (the new link), to = target. */
export interface LinkEffect extends EffectBase {
  type: 'link';
  from: PathFact;
  to: PathFact;
  symbolic: boolean;
}

/** A file read (cat, the Read tool, open(..., 'r'), `< file`, a file sent as a request body). */
export interface ReadEffect extends EffectBase {
  type: 'read';
  path: PathFact;
}

/**
 * Something run: a program with its argv, or code in a language. Code fed on the
 * command line, through stdin, a heredoc, `-` or a file all count the same.
 */
export interface ExecEffect extends EffectBase {
  type: 'exec';
  /** Basename of the program ("bash", "python3", "make"); "" when dynamic. */
  program: string;
  argv: string[];
  /** For code: the language ("bash", "python", "javascript", …); null for a plain program run. */
  language: string | null;
  /** The code, when known statically; null otherwise. */
  code: string | null;
  /**
   * Where the code or script came from: "argv", "stdin", "heredoc", "file", "network" (what a
   * fetcher printed), "fetched" (a file or folder this command line fetched: `git clone u d &&
   * bash d/install.sh`), "decoded", "ledger", "dynamic".
   */
  origin: string;
  /** The path of a script file run (./x.sh, source x, python x.py, make -f x), resolved. */
  script: PathFact | null;
}

/** A network connection opened (or a listener bound: listen = true). */
export interface ConnectEffect extends EffectBase {
  type: 'connect';
  host: string;
  port: number | null;
  url: UrlFact | null;
  listen: boolean;
  /** The HTTP method, when a producer knows it is not the default GET/POST (`DELETE`, `PUT`, `PATCH`). */
  method?: string;
  /** The connection's streams are wired to a shell or interpreter (reverse/bind shell). */
  shell: boolean;
}

/** Data sent to a sink, with the sources that flow into it (secret files, env vars, command output). */
export interface SendEffect extends EffectBase {
  type: 'send';
  /** Where it goes: a URL, host, git remote, scp/rsync/ssh destination, a message recipient, a DNS name. */
  sink: string;
  url: UrlFact | null;
  /** What flows in: "file:<path>", "env:<NAME>", "env:*" (the whole environment), "secret:<type>", "stdin", "output". */
  sources: string[];
}

/** A signal sent to a process, a process group, or by name. */
export interface KillEffect extends EffectBase {
  type: 'kill';
  /** "pid:<n>", "name:<pattern>", "all" (-1), "group:<n>". */
  target: string;
  signal: string;
}

/** Processes or threads created; unbounded when the count has no static bound (fork bombs, `while true; do … & done`). */
export interface SpawnEffect extends EffectBase {
  type: 'spawn';
  unbounded: boolean;
}

/** Memory or disk claimed; size in bytes when known. */
export interface AllocateEffect extends EffectBase {
  type: 'allocate';
  size: number | null;
  unbounded: boolean;
}

/** A tool's configuration changed: registries, hooks, aliases, pagers, ssh commands, proxies, insteadOf. */
export interface ConfigEffect extends EffectBase {
  type: 'config';
  /** "git", "npm", "pip", "ssh", "shell", "claude-code", "openclaw", … */
  tool: string;
  key: string;
  value: string | null;
}

/** A package or code installed from a source. */
export interface InstallEffect extends EffectBase {
  type: 'install';
  /** npm, pip, cargo, go, gem, apt, brew, curl-pipe, … */
  manager: string;
  /** Package names or the URL/path installed from. */
  packages: string[];
  /** A registry or index other than the manager's default, when given. */
  source: string | null;
}

/**
 * A stored credential printed: an access token (`gh auth token`), a secret's value (`aws
 * secretsmanager get-secret-value`), a raw kubeconfig. `to` says where the printed secret goes:
 * "context" (the agent's output: the agent reads the credential), "pipe" (into another
 * command or a substitution), "file" (stdout redirected to a file), "login" (straight into a
 * login that reads it from stdin, `| docker login --password-stdin`).
 */
export interface RevealEffect extends EffectBase {
  type: 'reveal';
  secret: string;
  to: 'context' | 'pipe' | 'file' | 'login';
}

/**
 * A record elsewhere changed in place by a tool whose input names no file: an issue closed, a
 * container stopped, a deployment restarted or scaled, a pull request merged, a key's value set
 * (src/normalize/tools/changes.ts). Reversible when the opposite verb undoes it (reopen, start,
 * revert, scale back); not when it grants, touches a secret or a security setting, scales to
 * zero, makes something public, is forced or sets the record's state to gone.
 */
export interface ChangeEffect extends EffectBase {
  type: 'change';
  /** The verb word ("close", "restart", "merge", "update"). */
  action: string;
  /** The object words, space-separated ("issue", "deployment", "branch protection"). */
  object: string;
  reversible: boolean;
  /** Why the opposite does not undo it: "grant", "secret", "security_setting", "scale_to_zero", "made_public", "forced", "work_lost", "commercial", "destroyed"; null when reversible. */
  reason: string | null;
}

/** What the analysis could not resolve; the policy treats it as at least ask. */
export interface UnknownEffect extends EffectBase {
  type: 'unknown';
  /** Why: "dynamic_program", "unknown_program_runs_command", "unparsed_code:<language>", "timeout", … */
  reason: string;
}

export type Effect =
  | DeleteEffect
  | WriteEffect
  | ChmodEffect
  | LinkEffect
  | ReadEffect
  | ExecEffect
  | ConnectEffect
  | SendEffect
  | KillEffect
  | SpawnEffect
  | AllocateEffect
  | ConfigEffect
  | InstallEffect
  | RevealEffect
  | ChangeEffect
  | UnknownEffect;

export type EffectType = Effect['type'];

/**
 * The facts that normalizers state about a tool call. This is the contract between
 * TypeScript (which sees) and Rego (which decides): the policy reads it as `input.facts`.
 * Normalizers never decide; a fact says what is there, never whether it is bad.
 *
 * Field names are snake_case because they are read from Rego.
 * docs/facts.md documents every field for policy authors; keep them in step.
 */

import type { Effect } from './effects.js';

/**
 * What every kind of facts has: its kind, what could not be seen through, and the effects
 * (what the call would do, src/normalize/effects.ts). Rules over effects read
 * `input.facts.effects` whatever the tool; `indeterminate` non-empty means "facts incomplete"
 * and the policy asks at least.
 */
export interface FactsBase<K extends string = string> {
  kind: K;
  /** Reasons the analysis could not see through part of the call; empty when complete. */
  indeterminate: string[];
  /** What the call would do, from every producer (bash, knowledge table, inline code, tool). */
  effects: Effect[];
}

export type { IpKind, PathFact, UrlFact } from './places.js';
import type { PathFact, UrlFact } from './places.js';

/** A secret seen in content (written files, messages, commands). Only its type and place, never its value. */
export interface SecretFinding {
  type: string;
  /** Zero-based offset in the scanned text; -1 when found in the analysed words, not in the text as written. */
  offset: number;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `<<`, `<<<`, `&>`, `>&`, `<>`, `>|` … */
  op: string;
  /** Explicit file descriptor, if written (`2>`). */
  fd: number | null;
  /** Target as resolved (static parts); "" when unknown. */
  target: string;
  /** Resolved path when the target is a file path (null for `&1`-style dups and here-strings). */
  path: PathFact | null;
  dynamic: boolean;
  /** `>`-family writes. */
  write: boolean;
}

/** Inline code given to an interpreter (`python -c`, `perl -e`, `node -e`, `ruby -e`, `php -r`, heredoc into an interpreter). */
export interface InlineCode {
  language: string;
  code: string;
  /** Modules imported/required (socket, subprocess, os, child_process, net, …). */
  imports: string[];
  /** Notable calls seen statically (os.system, subprocess.*, exec, eval, socket.connect, pty.spawn, child_process.exec, …). */
  calls: string[];
  urls: UrlFact[];
  paths: PathFact[];
}

/** One simple command, after quoting resolution and wrapper unwrapping. Nested commands appear as their own entries. */
export interface BashCommand {
  id: number;
  /** Basename of the command word ("rm" for `/usr/bin/rm`, `./rm`, `\rm`, `'r''m'`); "" when dynamic. */
  name: string;
  /** The command word as resolved when it contained a slash, else null. */
  path: string | null;
  /** Resolved words; argv[0] is the command word. Unresolvable parts keep their source text. */
  argv: string[];
  /** argv without argv[0]. */
  args: string[];
  /** Short flags split into letters ("-rf" → "r", "f"), long flags without their value ("--force"); parsing stops at "--". */
  flags: string[];
  /** Arguments that are not flags. */
  operands: string[];
  /** The command name is not statically known (`$a -rf`, `$(echo rm)`). */
  dynamic_name: boolean;
  /** Wrappers peeled off to reach this command, outermost first ("sudo", "env", "timeout", "xargs"). */
  wrappers: string[];
  /** `VAR=value` prefixes (and env's assignments), values resolved where static. */
  assignments: Record<string, string>;
  /** 0 at top level, +1 per nesting (bash -c, eval, $(…), <(…), heredoc to a shell). */
  depth: number;
  /** How this command was reached: "script", "bash -c", "eval", "command_substitution", "process_substitution", "heredoc", "here_string", "xargs", "find -exec", "ssh", "su -c", "watch", "source", … */
  via: string;
  /** Id of the command whose argument/substitution contained this one, or null at top level. */
  parent: number | null;
  redirects: Redirect[];
  /** Pipeline id this command belongs to, or null when alone. */
  pipeline: number | null;
  /** Position in its pipeline (0-based). */
  pipe_index: number;
  /** Run with `&`. */
  background: boolean;
  /** Operands (and option values) that look like paths, resolved. */
  paths: PathFact[];
  /** Operands that are URLs (and host:port/`user@host` forms for ssh/nc-like tools are NOT turned into URLs). */
  urls: UrlFact[];
  inline_code: InlineCode | null;
  /**
   * Variables this command expands that the script never assigned, so their values come
   * from the environment or the shell (`$AWS_SECRET_ACCESS_KEY`, `${GITHUB_TOKEN}`); sorted.
   * Added by the bash normalizer for exfiltration rules.
   */
  env_vars: string[];
  /**
   * Ids of the commands whose output reaches this one: earlier in its pipeline, or through a
   * recorded flow (pipe, substitution, heredoc, here-string); ascending. Stated by the bash
   * normalizer so that a rule follows a flow by lookup, not by scanning every pair of commands
   * (policies/lib: sources, feeds). Absent in facts made by hand: the rules then scan.
   */
  sources?: number[];
  /** Set when the command's pipeline is too long for its sources to be listed: the rules scan. */
  sources_truncated?: boolean;
  /**
   * Set on the commands of a command substitution in an assignment's value (`S=$(curl …)`):
   * the variable their output becomes, from the parse tree.
   */
  assigns?: string;
  /**
   * Operands xargs appends from input the walk cannot know but a listing printed (`ls -d ~/* |
   * xargs rm -rf`): the globs of what was listed (knowledge/listings.ts). Not in argv (bash
   * passes the names found then); the effects read them as operands.
   */
  listed?: string[];
  /**
   * Files the program's own script names (sed `r`/`w`, awk `getline <`/`print >`, ed and
   * ex/vim `r`/`w`/`e`): read or written by the command though no operand names them
   * (script-files.ts). Absent when there are none.
   */
  script_files?: ScriptFileFact[];
}

export interface ScriptFileFact {
  path: PathFact;
  access: 'read' | 'write' | 'append';
}

export interface Pipeline {
  id: number;
  /** Command ids in pipe order. */
  commands: number[];
}

/** What flows into what: stdout of `from` into `to` (pipes), or a substitution's output into its consumer. */
export interface Flow {
  from: number;
  to: number;
  kind: 'pipe' | 'command_substitution' | 'process_substitution' | 'heredoc' | 'here_string';
}

export interface BashFacts extends FactsBase<'bash'> {
  command: string;
  cwd: string;
  /** A syntax error somewhere in the script (tree-sitter ERROR/MISSING nodes). */
  parse_error: boolean;
  // indeterminate (FactsBase): "parse_error", "dynamic_command", "depth_limit", "too_long",
  // "timeout", "binary_content", "unresolved_eval", "unknown_program_runs_command", ….
  /** Evasion and obfuscation signals: "ansi_c_quoting", "ifs_manipulation", "variable_command", "alias_defined", "function_defined", "decode_to_shell", "printf_escape", "string_concatenation", "brace_expansion", "long_input", "control_characters", … */
  signals: string[];
  commands: BashCommand[];
  pipelines: Pipeline[];
  flows: Flow[];
  /** Every command name that occurs, deduplicated (for cheap dispatch in Rego). */
  names: string[];
  /** Secrets appearing literally in the command text. */
  /**
   * The text of every nested script the walk read, as bash reads it (`bash -c`'s argument
   * decoded from `$'\x..'`, a heredoc or a decoded pipe into a shell, an eval'd string, a
   * command line inline code starts), at most 32: what text rules read besides `command`.
   */
  scripts: string[];
  secrets: SecretFinding[];
}

export interface ReadFacts extends FactsBase<'read'> {
  path: PathFact;
  /** Every path the input names (several fields that disagree, or `paths: [...]`); includes `path`. */
  paths: PathFact[];
}

/**
 * The bash facts of the command line another kind of call stands for (a tool handed a command
 * line or a container to start; a written container manifest's `docker run` lines), under the
 * names the bash rules read: the policy dispatches the bash area too (`<kind>_shell`).
 */
export interface ShellStandIn {
  command?: string;
  commands?: BashCommand[];
  pipelines?: Pipeline[];
  flows?: Flow[];
  names?: string[];
  signals?: string[];
  parse_error?: boolean;
}

export interface WriteFacts extends FactsBase<'write'>, ShellStandIn {
  path: PathFact;
  /** Every path the input names (several fields that disagree end with an indeterminate one); includes `path`. */
  paths: PathFact[];
  content_length: number;
  secrets: SecretFinding[];
}

export interface EditFacts extends FactsBase<'edit'>, ShellStandIn {
  path: PathFact;
  /** Secrets in the new text (new_string, every edits[].new_string, or the patch's added lines). */
  secrets: SecretFinding[];
  /** Paths touched by a multi-file patch (apply_patch); includes `path`. */
  paths: PathFact[];
}

export interface WebFetchFacts extends FactsBase<'web_fetch'> {
  url: UrlFact;
  method: string;
  secrets: SecretFinding[];
}

export interface MessageFacts extends FactsBase<'message'> {
  to: string;
  channel: string | null;
  secrets: SecretFinding[];
}

/** Any other tool (MCP tools, Glob, Grep, …): its name, and whatever generic facts apply. */
export interface OtherFacts extends FactsBase<'other'>, ShellStandIn {
  name: string;
  /** For mcp__server__tool names. */
  mcp_server: string | null;
  mcp_tool: string | null;
  /**
   * What the verb in the tool's name says it does (src/normalize/tools/verbs.ts): "read",
   * "write", "create" (adds a new thing: an issue, a page; its paths are still written), "delete",
   * "send", "exec", or null when the name has no known verb.
   */
  verb: 'read' | 'write' | 'create' | 'delete' | 'send' | 'exec' | null;
  /**
   * The producer that read what the tool is handed to run: "bash" (a command line, or the
   * `docker run` line a container's fields stand for), "sql" (a statement: its effects are the
   * statement's, and a row insert states none), "code" (code in a language its name or input
   * says, read by that language's producer; a browser's script also for the page credentials it
   * sends), null when it is handed nothing to run.
   */
  input_read_by?: 'bash' | 'sql' | 'code' | null;
  /**
   * True when the tool runs the command line it is handed as a shell would (`mcp__shell__run
   * {command}`, `execute_command {cmd}`, an ssh or pod exec's `command`, a program with its
   * `args`): the bash producer read that line, and the bash rules judge it as the Bash tool's.
   * Absent for a line written back from structured fields (a container's, a manifest's, a
   * configuration key's). An everyday line runs only on a server the operator lists in
   * `config.tools.shell_runners` (core.unknown_tool).
   */
  runs_command_line?: boolean;
  /**
   * True when the tool runs code (a notebook cell, `run_python_code {python_code}`, a code
   * runner's `{language, code}`, or a notebook's stored cells): the code was read as the
   * interpreter line that runs it (`python3 -c CODE`, an IPython kernel's `!cmd`/`%%bash` written
   * back as Python first), so the bash and effect rules judge it as the same code on the Bash
   * tool. Everyday code runs only on a server the operator lists in `config.tools.code_runners`
   * (core.unknown_tool). Not set for a browser's page script.
   */
  runs_code?: boolean;
  /** The language of the code a `runs_code` tool runs ("python", "javascript", "r", …). */
  code_language?: string;
  /**
   * True when the tool hands another agent a prompt (Task, Agent, an MCP coding agent) that tells
   * it to run command lines the bash producer read fully (a fenced or inline snippet, `Run this:
   * … | sh`): their effects are among the tool's (src/normalize/tools/agent-prompt.ts).
   */
  delegates_command_lines?: boolean;
  /**
   * True when the tool starts a container from fields (`run_container {image, ports, env}`) that
   * the `docker run` line it stands for states whole: every field is an option of that line or
   * one that loosens nothing (name, ports, environment, limits). The line is then judged as the
   * Bash tool's, with no vouching for the tool (core.unknown_tool).
   */
  starts_container_line?: boolean;
  /**
   * For a tool handed one command line of one command: the verb of its operation words, read
   * with the same verb table as tool names (`aws ecs describe-services` → "read", `gcloud
   * compute instances delete` → "delete"); "credential" when any of its words names a secret,
   * a token, a password or a decryption (`aws ssm get-parameter --with-decryption`, `aws ecr
   * get-login-password`); null when there is no such single command or no verb in it.
   */
  command_verb?: 'read' | 'write' | 'create' | 'delete' | 'send' | 'exec' | 'credential' | null;
  /** String values in the input that look like paths / URLs, resolved. */
  paths: PathFact[];
  urls: UrlFact[];
  secrets: SecretFinding[];
  /** Why the facts are incomplete, when they are: "normalizer_error", "timeout", … (set by the pipeline). */
  error?: string;
}

export type Facts = BashFacts | ReadFacts | WriteFacts | EditFacts | WebFetchFacts | MessageFacts | OtherFacts;

/** What every normalizer knows about where the call runs. */
export interface NormalizeContext {
  cwd: string;
  home: string;
  /** Workspace roots; defaults to [cwd]. */
  workspace_roots: string[];
}

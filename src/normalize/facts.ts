/**
 * The facts that normalizers state about a tool call. This is the contract between
 * TypeScript (which sees) and Rego (which decides): the policy reads it as `input.facts`.
 * Normalizers never decide; a fact says what is there, never whether it is bad.
 *
 * Field names are snake_case because they are read from Rego.
 * docs/facts.md documents every field for policy authors; keep them in step.
 */

/** Where a path lies, once `~`, `$HOME`, `..`, `/./`, `//` and cwd are resolved. */
export interface PathFact {
  /** As written in the call. */
  raw: string;
  /** Absolute and lexically normalized (no symlink resolution: the gateway does not touch the disk). */
  path: string;
  /** Inside one of the workspace roots (context.cwd or configured roots), the root itself included. */
  in_workspace: boolean;
  /** Inside context.home, home itself included. */
  in_home: boolean;
  /** Under a system location (/etc, /usr, /bin, /sbin, /lib*, /boot, /dev, /proc, /sys, /var, /root, /opt, /srv) or `/` itself. */
  system: boolean;
  is_root: boolean;
  is_home: boolean;
  is_workspace: boolean;
  /** Contains a glob (`*`, `?`, `[`) after resolution. */
  glob: boolean;
  /** Part of the path could not be resolved statically (a variable, a substitution). */
  dynamic: boolean;
  /** Last path segment ("id_rsa", ".bashrc"); "" for `/`. */
  basename: string;
}

export type IpKind =
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'public';

/** A URL with its host understood in every spelling (decimal, hex, octal, short forms, IPv6, IPv4-mapped). */
export interface UrlFact {
  raw: string;
  valid: boolean;
  scheme: string;
  /** Lowercased host as written (brackets stripped for IPv6), trailing dot removed. */
  host: string;
  port: number | null;
  path: string;
  query: string;
  /** The URL carries user:password@. */
  has_credentials: boolean;
  /** Canonical IP (dotted IPv4 or compressed IPv6) when the host is an IP literal in any form, else null. */
  ip: string | null;
  /** What kind of address the host is; null when it is a DNS name that is not a known special name. */
  ip_kind: IpKind | null;
  /** Names that are special without DNS: localhost, *.localhost, metadata.google.internal, … */
  special_host: string | null;
  /** Query parameter names that look like secrets (token, key, password, …). */
  secret_params: string[];
}

/** A secret seen in content (written files, messages, commands). Only its type and place, never its value. */
export interface SecretFinding {
  type: string;
  /** Zero-based offset in the scanned text. */
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

export interface BashFacts {
  kind: 'bash';
  command: string;
  cwd: string;
  /** A syntax error somewhere in the script (tree-sitter ERROR/MISSING nodes). */
  parse_error: boolean;
  /**
   * Reasons the analysis could not see through part of the command. Non-empty means
   * "facts incomplete": "parse_error", "dynamic_command", "depth_limit", "too_long",
   * "timeout", "binary_content", "unresolved_eval".
   */
  indeterminate: string[];
  /** Evasion and obfuscation signals: "ansi_c_quoting", "ifs_manipulation", "variable_command", "alias_defined", "function_defined", "decode_to_shell", "printf_escape", "string_concatenation", "brace_expansion", "long_input", "control_characters", … */
  signals: string[];
  commands: BashCommand[];
  pipelines: Pipeline[];
  flows: Flow[];
  /** Every command name that occurs, deduplicated (for cheap dispatch in Rego). */
  names: string[];
  /** Secrets appearing literally in the command text. */
  secrets: SecretFinding[];
}

export interface ReadFacts {
  kind: 'read';
  path: PathFact;
  /** Every path the input names (several fields that disagree, or `paths: [...]`); includes `path`. */
  paths: PathFact[];
}

export interface WriteFacts {
  kind: 'write';
  path: PathFact;
  /** Every path the input names (several fields that disagree end with an indeterminate one); includes `path`. */
  paths: PathFact[];
  content_length: number;
  secrets: SecretFinding[];
}

export interface EditFacts {
  kind: 'edit';
  path: PathFact;
  /** Secrets in the new text (new_string, every edits[].new_string, or the patch's added lines). */
  secrets: SecretFinding[];
  /** Paths touched by a multi-file patch (apply_patch); includes `path`. */
  paths: PathFact[];
}

export interface WebFetchFacts {
  kind: 'web_fetch';
  url: UrlFact;
  method: string;
  secrets: SecretFinding[];
}

export interface MessageFacts {
  kind: 'message';
  to: string;
  channel: string | null;
  secrets: SecretFinding[];
}

/** Any other tool (MCP tools, Glob, Grep, …): its name, and whatever generic facts apply. */
export interface OtherFacts {
  kind: 'other';
  name: string;
  /** For mcp__server__tool names. */
  mcp_server: string | null;
  mcp_tool: string | null;
  /** String values in the input that look like paths / URLs, resolved. */
  paths: PathFact[];
  urls: UrlFact[];
  secrets: SecretFinding[];
}

export type Facts = BashFacts | ReadFacts | WriteFacts | EditFacts | WebFetchFacts | MessageFacts | OtherFacts;

/** What every normalizer knows about where the call runs. */
export interface NormalizeContext {
  cwd: string;
  home: string;
  /** Workspace roots; defaults to [cwd]. */
  workspace_roots: string[];
}

import type { BashFacts, NormalizeContext, OtherFacts, PathFact, UrlFact } from '../facts.js';
import { containerCommandLine, containerFieldsKnown } from './container-input.js';
import { inputManifestKinds, inputManifestLines } from './manifest.js';
import { indeterminatePath, isPathLike, resolvePath } from '../paths/index.js';
import { scanSecrets } from '../secrets/index.js';
import { parseUrl } from '../urls/index.js';
import { forcedInput, otherEffects, toolVerb, type PathRole } from './effects.js';
import { changeEffect, inputAction } from './changes.js';
import { secretReadEffect } from './secret-reads.js';
import { configCommandLine } from './config-input.js';
import { modeCommandLine } from './mode-input.js';
import { shellQuote } from './shell-input.js';
import { findVerb, nameWords } from './verbs.js';
import { storedEffects } from './stored.js';
import { codeInputEffects, codeInputOf, interpreterLine, type CodeInput } from './code-input.js';
import { hasIpythonSyntax, ipythonToPython } from './ipython.js';
import { agentPromptEffects, agentPromptOf } from './agent-prompt.js';
import { normalizeBash } from '../bash/index.js';
import type { Effect } from '../effects.js';
import { sqlEffects } from '../code/sql/index.js';

/** Fields that hold SQL whatever the tool is called; `query` only for a tool whose name says SQL or query. */
const SQL_KEYS = ['sql', 'statement', 'sql_query'];
const SQL_TOOL = /(?:^|[_\-.])(?:sql|query|execute_query|run_query)(?:$|[_\-.])|sql/i;

/** The database server's dialect from its MCP server name (postgres, mysql, sqlite, …). */
const DIALECT_BY_SERVER: readonly [RegExp, string][] = [
  [/postgres|pg|supabase|neon|timescale|cockroach/i, 'postgresql'],
  [/mariadb/i, 'mariadb'],
  [/mysql|planetscale|tidb/i, 'mysql'],
  [/sqlite|turso|libsql|d1/i, 'sqlite'],
  [/mssql|sqlserver|azure.?sql/i, 'transactsql'],
  [/bigquery/i, 'bigquery'],
  [/snowflake/i, 'snowflake'],
  [/redshift/i, 'redshift'],
];

/** SQL the tool is handed to run, or null. */
function sqlOf(tool: string, input: Record<string, unknown>): string | null {
  for (const key of SQL_KEYS) if (typeof input[key] === 'string' && (input[key] as string).trim() !== '') return input[key] as string;
  const query = input.query;
  return SQL_TOOL.test(tool) && typeof query === 'string' && query.trim() !== '' ? query : null;
}

function dialectOf(server: string | null): string {
  return DIALECT_BY_SERVER.find(([re]) => re.test(server ?? ''))?.[1] ?? '';
}

/** What a statement does; a program it runs (COPY … TO PROGRAM, xp_cmdshell) is read as the command line it is. */
function sqlRunEffects(sql: string, dialect: string, ctx: NormalizeContext): Effect[] {
  const effects = sqlEffects(sql, dialect);
  for (const e of [...effects]) {
    if (e.type === 'exec' && e.language === 'bash' && e.code !== null) effects.push(...commandLineEffects(e.code, ctx).effects);
  }
  return effects;
}

/** The fields in which a command-running tool takes its command line. */
const COMMAND_KEYS = ['command', 'cmd', 'script', 'commandLine', 'command_line', 'cli_command', 'shell_command'];

/** A program and its arguments given apart (`{command: "bash", args: ["-c", "…"]}`, `{executable, argv}`). */
const PROGRAM_KEYS = ['command', 'cmd', 'program', 'executable', 'binary', 'exe', 'file_to_run'];
const ARGUMENT_KEYS = ['args', 'arguments', 'argv', 'cmd_args', 'command_args', 'commandArgs'];

/**
 * Words of a tool's name that name the command-line program it wraps, for a tool handed only
 * that program's arguments (`mcp__gcp__run_gcloud_command {args: ["compute", "instances", "list"]}`).
 */
const CLI_BY_WORD: Readonly<Record<string, string>> = {
  gcloud: 'gcloud', gcp: 'gcloud', aws: 'aws', az: 'az', azure: 'az', kubectl: 'kubectl', kubernetes: 'kubectl', k8s: 'kubectl',
  helm: 'helm', docker: 'docker', podman: 'podman', terraform: 'terraform', tofu: 'tofu', gh: 'gh', github: 'gh', glab: 'glab',
  gitlab: 'glab', vercel: 'vercel', wrangler: 'wrangler', cloudflare: 'wrangler', supabase: 'supabase', stripe: 'stripe',
  heroku: 'heroku', flyctl: 'flyctl', fly: 'flyctl', doctl: 'doctl', digitalocean: 'doctl', git: 'git', npm: 'npm',
};

function cliOf(toolName: string): string | undefined {
  return nameWords(toolName).map((w) => CLI_BY_WORD[w]).find((cli) => cli !== undefined);
}

/** Fields that name what a CLI's operation acts on, in the order the CLI takes them (`kubectl delete deployment web`). */
const OPERATION_OBJECT_KEYS = ['resourceType', 'resource_type', 'resource', 'kind', 'type', 'name', 'resourceName', 'resource_name'];
const OPERATION_FLAG_KEYS = ['flags', 'options'];

/**
 * A CLI tool handed only its operation (`kubectl_generic {command: "delete", resourceType:
 * "deployment", flags: {all: true}}`): the line the CLI runs is `kubectl delete deployment --all`,
 * so that the bash rules judge that operation, not a program named `delete`. Only when the
 * command is one word that is an operation verb, not a program of its own.
 */
function cliOperation(cli: string, command: string, record: Record<string, unknown>): string | null {
  // One bare word: a line with arguments is a command line of its own (`docker exec {cmd: "rm -rf x"}`).
  const first = command.trim();
  if (/\s/.test(first) || first === cli || findVerb(first) === undefined) return null;
  const words = [cli, command.trim()];
  for (const key of OPERATION_OBJECT_KEYS) {
    const v = record[key];
    if (typeof v === 'string' && v.trim() !== '' && v.length <= 256) words.push(shellQuote(v));
  }
  for (const key of OPERATION_FLAG_KEYS) {
    const flags = record[key];
    if (flags === null || typeof flags !== 'object' || Array.isArray(flags)) continue;
    for (const [k, v] of Object.entries(flags as Record<string, unknown>)) {
      const flag = `--${k.replace(/^-+/, '')}`;
      if (v === true) words.push(shellQuote(flag));
      else if (typeof v === 'string' || typeof v === 'number') words.push(shellQuote(flag), shellQuote(String(v)));
    }
  }
  return words.join(' ');
}

function commandLineOf(input: unknown, toolName = ''): string | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const record = input as Record<string, unknown>;
  const args = ARGUMENT_KEYS.map((k) => record[k]).find((v) => (Array.isArray(v) && v.every((w) => typeof w === 'string')) || (typeof v === 'string' && v.trim() !== ''));
  const cli = cliOf(toolName);
  const program = PROGRAM_KEYS.map((k) => record[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? (args !== undefined && !COMMAND_KEYS.some((k) => record[k] !== undefined) ? cli : undefined);
  if (program !== undefined && args !== undefined) {
    return `${/\s/.test(program.trim()) ? program : shellQuote(program)} ${Array.isArray(args) ? (args as string[]).map(shellQuote).join(' ') : args}`;
  }
  for (const key of COMMAND_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return cli !== undefined ? cliOperation(cli, value, record) ?? value : value;
    // An argv array: words that need no quoting stay bare, so the program's name is not taken for a hidden one.
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return (value as string[]).map(shellQuote).join(' ');
  }
  return null;
}

/** Fields in which a command-running tool takes the folder the line runs in (mcp-server-commands' `cwd`, an exec's `workdir`). */
const WORKING_DIR_KEYS = ['cwd', 'workdir', 'working_dir', 'workingDir', 'working_directory', 'workingDirectory'];

/**
 * The line as it runs: in the folder the input names, which is where its relative paths and
 * globs land (`{command: "rm -rf *", cwd: "/"}` deletes `/*`), so the line is read after a `cd`
 * there. A folder that is not a plain string is left for the bash producer to find dynamic.
 */
function withWorkingDir(line: string | null, record: Record<string, unknown>): string | null {
  if (line === null) return null;
  const dir = WORKING_DIR_KEYS.map((k) => record[k]).find((v) => v !== undefined && v !== null);
  if (dir === undefined) return line;
  if (typeof dir !== 'string' || dir.trim() === '') return `cd "$TOOL_INPUT_DIR"\n${line}`;
  return `cd ${shellQuote(dir)}\n${line}`;
}

/** What the command line does, as the bash producer states it; what it could not resolve is unknown. */
function commandLineEffects(line: string, ctx: NormalizeContext): { effects: Effect[]; indeterminate: string[]; facts: BashFacts } {
  const facts = normalizeBash(line, ctx);
  const unknowns: Effect[] = facts.indeterminate.map((reason) => ({ producer: 'tool:other', command: null, type: 'unknown', reason }));
  return { effects: [...facts.effects, ...unknowns], indeterminate: facts.indeterminate, facts };
}

/**
 * The command line's own facts, stated on the tool's facts under the names the bash rules
 * read (commands, pipelines, flows, names, signals, command): a tool that runs a command line
 * meets the same rules as the bash tool (history cleared, audit stopped, a privileged
 * container), beside the vouching its own name still needs.
 */
function shellFields(facts: BashFacts): Pick<BashFacts, 'command' | 'commands' | 'pipelines' | 'flows' | 'names' | 'signals' | 'parse_error'> {
  const { command, commands, pipelines, flows, names, signals, parse_error } = facts;
  return { command, commands, pipelines, flows, names, signals, parse_error };
}
import { safeStringify } from './fields.js';

/** Bounds of the walk through an arbitrary input; past them the facts say "not all seen". */
export const MAX_DEPTH = 8;
export const MAX_STRINGS = 1000;
const MAX_FACTS = 200;

/** Keys whose string value is a path even when it does not look like one (`{"path": "src"}`). */
const PATH_KEY = /^(?:path|paths|file|files|file_?path|filename|dir|directory|folder|cwd|root|source|destination|dest|target|target_file|absolute_path|notebook_path|src|dst|new_path|old_path|mount|volume|glob|from|to)s?$/i;
/** Any `…_path`, `…_dir`, `…_file` key (`repo_path`, `local_dir`) and their camelCase spellings (`repoPath`), tested as written. */
const PATH_SUFFIX = /(?:_(?:path|dir|directory|file|folder)|[a-z0-9](?:Path|Dir|Directory|File|Folder))s?$/;
/** Keys naming what a move or rename takes away. */
const SOURCE_KEY = /^(?:source|src|from|old_?path|old_?name|source_?path|sourcePath|oldPath)$/i;
/** Path keys that also name places or sides that are no files (a deploy target, a merge's branches). */
const AMBIGUOUS_PATH_KEY = /^(?:target|targets|source|sources|destination|destinations|dest|from|to|src|dst|mount|volume|root)$/i;
/** Keys that name a record elsewhere (`repo: "acme/api"`, `project_id: "group/app"`): a slash there does not make a file. */
const RECORD_NAME_KEY = /^(?:repo|repository|repo_?name|repoName|full_?name|fullName|project|project_?id|projectId|project_?path|projectPath|namespace|owner|org|organization|group|slug|name|id|issue|ref_?name|title|label|labels|image|service|cluster|app|application)$/i;
/** Keys that name a revision of a repository (a branch, a tag, a commit): never a file, whatever the tool does. */
const REVISION_KEY = /^(?:branch|branch_?name|branchName|base|head|base_?branch|baseBranch|target_?branch|targetBranch|source_?branch|sourceBranch|from_?branch|new_?branch|tag|tag_?name|tagName|revision|sha|commit|commit_?sha|ref)$/i;
/** Keys that say where a tool works rather than what it acts on (`terraform destroy {working_dir}`, `git_branch_delete {repo_path}`). */
const CONTEXT_KEY = /^(?:cwd|working_?dir|workdir|working_?directory|workingDirectory|workspace|repo_?path|repoPath|repository_?path|repositoryPath|project_?dir|projectDir|project_?root|projectRoot|root_?dir|rootDir|base_?dir|baseDir|chdir)$/i;
/**
 * MCP servers that keep records in a store of their own, named by paths of that store: secret
 * stores, cloud drives, object stores, key-value stores. Data: a new store is a new word.
 */
const RECORD_STORE_SERVER =
  /^(?:.*[-_])?(?:vault|openbao|hashicorp-vault|consul|etcd|1password|onepassword|op|bitwarden|doppler|infisical|secrets?(?:-?manager)?|ssm|parameter-?store|dropbox|g?drive|google-?drive|googledrive|onedrive|box|sharepoint|s3|gcs|r2|minio|azure-?blob|redis|valkey|memcached|kv)(?:[-_].*)?$/i;
/** The keys under which such a store takes its own paths (a local file keeps its own key: `local_path`, `file_path`). */
const STORE_PATH_KEY = /^(?:path|paths|key|keys|prefix|folder|folder_?path|folderPath|remote_?path|remotePath|secret_?path|secretPath|mount|mount_?path|parent|parent_?path|object|object_?key|objectKey)$/i;
/** Keys whose value is the content a tool writes to the path beside it. */
const CONTENT_KEYS = ['content', 'contents', 'file_text', 'text', 'data', 'body_text'];
/** Keys whose value is prose or code, where a slash does not make a path. */
const TEXT_KEY = /^(?:content|contents|text|message|description|prompt|body|title|comment|query|q|regex|old_string|new_string|old_str|new_str|command|code|script|sql|summary|instructions|reason)$/i;

/**
 * Any tool without a dedicated normalizer (MCP tools, Glob, Grep, Task, …): its name split
 * into MCP server and tool, the string values that are URLs or paths, and secrets anywhere
 * in the input (scanned over its JSON text, so offsets are offsets in JSON.stringify(input)).
 */
export function normalizeOther(name: string, input: unknown, ctx: NormalizeContext): OtherFacts {
  const toolName = typeof name === 'string' ? name : '';
  const { server, tool } = splitMcpName(toolName);
  const paths: PathFact[] = [];
  const urls: UrlFact[] = [];
  const seen = new Set<string>();
  let strings = 0;
  let truncated = false;
  /** What the input says of each path: from a path field or only looking like one, a move's source, its content. */
  const roles = new Map<PathFact, PathRole>();
  const record0 = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  // An umbrella name (kubectl_rollout, manage_container) or one with no verb: the input's action field names the verb.
  const fromName = toolVerb(tool ?? toolName);
  const known = fromName === undefined || fromName.byInput === true ? (inputAction(record0, toolVerb) ?? fromName) : fromName;

  const recordStore = server !== null && RECORD_STORE_SERVER.test(server);
  const consider = (value: string, key: string | null, parent: Record<string, unknown> | null): void => {
    if (seen.has(value)) return;
    seen.add(value);
    const url = parseUrl(value);
    if (url !== null) {
      if (urls.length < MAX_FACTS) urls.push(url);
      // A file: URL names a local file as much as a path does.
      if (url.scheme === 'file' && paths.length < MAX_FACTS) paths.push(resolvePath(safeDecode(url.path), ctx));
      return;
    }
    // A bare word under a field that names a place or a side (`target: "production"`, `to: "main"`) is a name, not a file.
    // Only for a tool that changes a record: a file tool's `source: "notes"` is a file.
    // A server that keeps records elsewhere (a secret store, a cloud drive, a bucket) names them by
    // path: `vault delete_secret {path: "secret/data/prod"}`, `dropbox delete {path: "/Photos"}`
    // are records of that store, never files here (a delete of one asks as any unstated change).
    if (recordStore && key !== null && STORE_PATH_KEY.test(key)) return;
    const bareName = known?.change === true && key !== null && AMBIGUOUS_PATH_KEY.test(key) && /^[\w-]+$/.test(value);
    const keyedPath = key !== null && !bareName && (PATH_KEY.test(key) || PATH_SUFFIX.test(key)) && value !== '' && !/[\r\n]/.test(value) && value.length <= 4096;
    const textual = key !== null && TEXT_KEY.test(key);
    if ((keyedPath || (!textual && isPathLike(value))) && paths.length < MAX_FACTS) {
      const resolved = resolvePath(value, ctx);
      paths.push(resolved);
      roles.set(resolved, { keyed: keyedPath, source: key !== null && SOURCE_KEY.test(key), content: contentOf(parent, key), named: bareName || (key !== null && RECORD_NAME_KEY.test(key)), revision: key !== null && REVISION_KEY.test(key), context: key !== null && CONTEXT_KEY.test(key) });
    }
  };

  const walk = (value: unknown, key: string | null, depth: number, parent: Record<string, unknown> | null = null): void => {
    if (truncated) return;
    if (typeof value === 'string') {
      if (++strings > MAX_STRINGS) {
        truncated = true;
        return;
      }
      consider(value, key, parent);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (depth >= MAX_DEPTH) {
      truncated = true;
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) walk(item, key, depth + 1, parent);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(record)) walk(v, k, depth + 1, record);
  };
  walk(input, null, 0);
  for (const joined of searchScopes(toolName, input, ctx)) {
    if (paths.length < MAX_FACTS && !paths.some((p) => p.path === joined.path)) {
      paths.push(joined);
      roles.set(joined, { keyed: true, source: false, content: null });
    }
  }
  // Whatever lies past the bounds was not looked at: an indeterminate path says so.
  if (truncated) paths.push(indeterminatePath(''));

  // The scanner decodes the encoded parts of the JSON text (a query value percent-encoded, a base64 path segment).
  const json = typeof input === 'string' ? input : jsonForScanning(safeStringify(input));
  const secrets = scanSecrets(json);
  const named = known?.effect ?? null;
  // A tool that runs a command line (mcp__shell__execute_command {command}) does what the
  // command line does: the bash producer reads it, and the same effect rules judge it. A tool
  // whose name has no known verb but that is handed a command line is taken to run it.
  // A tool that starts a container from fields (image, privileged, volumes, command) runs
  // what `docker run` with those options runs: the fields are read as that command line.
  const record = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const container = containerCommandLine(record);
  // A tool handed code in a language its name or input says (a browser's evaluate, run_python)
  // does what the code does, read by that language's producer.
  // A name with a run word beside another verb (insert_execute_code_cell, append_execute_code_cell) runs what it is handed.
  const runWord = nameWords(tool ?? toolName).some((w) => RUN_WORDS.has(w));
  const code = container === null && (named === 'exec' || named === 'read' || named === null || runWord) ? codeInputOf(toolName, record) : null;
  // Code run outside a page (a notebook cell, run_python_code, a code runner): the interpreter line
  // that runs it (`python3 -c CODE`), read by the bash producer, so the code gets the judgment it
  // gets on the Bash tool. A kernel's own syntax (`!cmd`, `%%bash`) is written back as Python first.
  const codeRun = code !== null && !code.page ? codeRunOf(code) : null;
  // A tool that runs code it is not handed (a notebook's stored cell: execute_cell {cell_index}).
  const storedRun = code === null && container === null && (named === 'exec' || runWord) && runsStoredCode(toolName, record);
  // A manifest handed to a cluster or compose tool stands for the `docker run` lines of its loosened containers.
  const manifest = container === null && code === null ? inputManifestLines(record) : [];
  // A configuration key set from fields (git_config {key, value}) is the program's own `config` command.
  const setting = container === null && code === null ? (configCommandLine(toolName, record) ?? modeCommandLine(toolName, record)) : null;
  const given = code !== null || container !== null || manifest.length > 0 || setting !== null ? null : named === 'exec' || named === null ? withWorkingDir(commandLineOf(input, toolName), record) : null;
  const line = code !== null ? (codeRun?.line ?? null) : (container ?? (manifest.length > 0 ? manifest.join('\n') : null) ?? setting ?? given);
  const verb = line !== null || code !== null || storedRun ? 'exec' : (known?.verb ?? named);
  const commandLine = line === null ? null : commandLineEffects(line, ctx);
  if (commandLine !== null && codeRun !== null) commandLine.effects.push(...codeRun.unknown.map((reason): Effect => ({ producer: 'tool:other', command: null, type: 'unknown', reason })));
  // A tool handed SQL (mcp__postgres__query {sql}) does what the statement does, read by the SQL producer.
  const sql = line === null && code === null ? sqlOf(tool ?? toolName, record) : null;
  const ran =
    commandLine?.effects ??
    (code !== null ? codeInputEffects(code, ctx) : storedRun ? [storedRunEffect(toolName, paths, roles)] : sql === null ? null : sqlRunEffects(sql, dialectOf(server), ctx));
  const forced = forcedInput(record);
  const effects = otherEffects(tool ?? toolName, paths, urls, secrets, truncated, ran, roles, forced, known, record);
  // A tool that prints a stored secret's value (a cluster secret as YAML, a password manager's item).
  // A manifest applied whose containers loosen nothing (an apply stated no lines above): a change of
  // the cluster's objects, undone by applying the previous one, unless a kind makes it a grant or a
  // secret (a Secret, a ClusterRoleBinding: changes.ts). Only when the apply states nothing else.
  if (known?.word === 'apply' && line === null && code === null && effects.length === 0) {
    const kinds = inputManifestKinds(record);
    if (kinds.length > 0) effects.push(changeEffect(tool ?? toolName, { word: 'apply', effect: 'write', change: true }, { kind: kinds.join(' ') }));
  }
  const revealed = ran === null ? secretReadEffect(server, tool ?? toolName, known, record) : null;
  if (revealed !== null) effects.push(revealed);
  // A prompt handed to another agent (Task, Agent, an MCP coding agent): the command lines it tells that agent to run.
  const prompt = ran === null ? agentPromptOf(toolName, server, tool, record) : null;
  const delegated = prompt === null ? [] : agentPromptEffects(prompt, ctx);
  effects.push(...delegated);
  // What a written run file stores (a CI workflow pushed to a repository: push_files,
  // create_or_update_file) is judged as the same file written by the Write tool is.
  for (const e of [...effects]) {
    if (e.type === 'write' && e.content !== null) effects.push(...storedEffects([e.path], roles.get(e.path)?.content ?? e.content, ctx));
  }
  return {
    kind: 'other',
    ...(commandLine === null ? {} : { command_verb: commandVerb(commandLine.facts) }),
    indeterminate: commandLine?.indeterminate ?? [],
    effects,
    verb,
    input_read_by: code !== null ? 'code' : commandLine !== null ? 'bash' : sql !== null ? 'sql' : null,
    ...(given === null ? {} : { runs_command_line: true }),
    ...((code !== null && !code.page) || storedRun ? { runs_code: true, code_language: code?.language ?? 'python' } : {}),
    ...(container !== null && containerFieldsKnown(record) ? { starts_container_line: true } : {}),
    ...(delegated.length === 0 ? {} : { delegates_command_lines: true }),
    name: toolName,
    mcp_server: server,
    mcp_tool: tool,
    paths,
    urls,
    secrets,
    ...(commandLine === null ? {} : shellFields(commandLine.facts)),
  };
}

/** Words of a tool's name that say it runs what it is handed, whatever other verb the name has. */
const RUN_WORDS: ReadonlySet<string> = new Set(['execute', 'exec', 'run', 'eval', 'evaluate']);

/** The interpreter line that runs a tool's code, and the kernel syntax it could not read; null when no line spells the language. */
function codeRunOf(code: CodeInput): { line: string; unknown: string[] } | null {
  const cell = code.ipython === true && hasIpythonSyntax(code.code) ? ipythonToPython(code.code) : { code: code.code, unknown: [] };
  const line = interpreterLine(code.language, cell.code);
  return line === null ? null : { line, unknown: cell.unknown };
}

/** Words of a tool's name that say the code it runs is stored in a notebook (a cell, a kernel's notebook). */
const STORED_CODE_WORDS = ['cell', 'cells', 'notebook', 'notebooks'];

/** A run of code the input does not carry: a notebook's cells by index or all of them (`execute_cell {cell_index}`, `run_all_cells`). */
function runsStoredCode(toolName: string, record: Record<string, unknown>): boolean {
  const words = nameWords(toolName);
  return STORED_CODE_WORDS.some((w) => words.includes(w)) && !Object.keys(record).some((k) => /^(?:command|cmd|url)$/i.test(k));
}

/**
 * A stored cell run: code of the notebook the input names (or the one the server has open), as
 * `python3 notebook.py` runs a file of the workspace. The notebook is the script; what it holds
 * was judged when it was written (a cell the agent wrote through the tool was its code then).
 */
function storedRunEffect(toolName: string, paths: PathFact[], roles: ReadonlyMap<PathFact, PathRole>): Effect {
  const notebook = paths.find((p) => roles.get(p)?.keyed === true) ?? null;
  return { producer: 'tool:other', command: null, type: 'exec', program: toolName, argv: [], language: 'python', code: null, origin: 'tool', script: notebook };
}

/** Words of a command line that name what a secret getter prints (`get-secret-value`, `--with-decryption`, `get-login-password`, `get-token`). */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set([
  'secret', 'secrets', 'password', 'passwords', 'passwd', 'token', 'tokens', 'credential', 'credentials', 'creds', 'login', 'auth',
  'authorization', 'decryption', 'decrypt', 'plaintext', 'keyvault', 'vault', 'kubeconfig', 'key', 'keys', 'sas', 'connection',
]);

/**
 * The verb of a single command's operation words, the words after the program up to its first
 * option (`aws ecs describe-services`, `gcloud compute instances list`, `az vm show`), read with
 * the tools' verb table; "credential" when any word of the command names a secret.
 */
function commandVerb(facts: BashFacts): OtherFacts['command_verb'] {
  if (facts.commands.length !== 1) return null;
  const args = facts.commands[0].args;
  if (args.some((a) => nameWords(a).some((w) => CREDENTIAL_WORDS.has(w)))) return 'credential';
  // The command's own name counts too: a generic tool's `command` field often holds just the
  // operation (`kubectl_generic {command: "delete", resourceType: "deployment"}`).
  for (const word of [facts.commands[0].name, ...args.slice(0, 4)]) {
    if (word.startsWith('-')) break;
    const verb = findVerb(word);
    if (verb !== undefined) return verb.verb ?? verb.effect;
  }
  return null;
}

/** The content an input pairs with the path under `key` (`{path, content}`), or null. */
function contentOf(parent: Record<string, unknown> | null, key: string | null): string | null {
  if (parent === null || key === null || !/^(?:path|file_?path|filePath|filename|file|target|destination|dest|notebook_?path|notebookPath)$/i.test(key)) return null;
  // A notebook cell's source (NotebookEdit): a markdown cell stores no code.
  if (typeof parent.new_source === 'string') return parent.cell_type === 'markdown' ? null : parent.new_source;
  for (const k of CONTENT_KEYS) if (typeof parent[k] === 'string') return parent[k] as string;
  return null;
}

/** Where search tools take the folder they search and the glob of the files they read in it. */
const SEARCH_ROOT_KEYS = ['path', 'dir', 'directory', 'cwd', 'root'];
const SEARCH_GLOB_KEYS = ['glob', 'include', 'file_pattern', 'files'];
/** Tools whose `pattern` is a glob of file names (Glob), not a regex of contents (Grep). */
const GLOB_TOOL = /glob|file_search|list_files/i;

/**
 * A search tool reads the files its glob names under its root (Grep {path: "~", glob:
 * ".ssh/*"}, Glob {path: "/home/me", pattern: ".aws/*"}): the glob joined to the root is the
 * path it reaches, stated beside the root itself.
 */
function searchScopes(name: string, input: unknown, ctx: NormalizeContext): PathFact[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [];
  const fields = input as Record<string, unknown>;
  const root = SEARCH_ROOT_KEYS.map((key) => fields[key]).find((value): value is string => typeof value === 'string' && value !== '');
  const keys = GLOB_TOOL.test(name) ? [...SEARCH_GLOB_KEYS, 'pattern'] : SEARCH_GLOB_KEYS;
  const out: PathFact[] = [];
  for (const key of keys) {
    const glob = fields[key];
    if (typeof glob !== 'string' || glob === '' || glob.length > 4096 || /[\r\n]/.test(glob)) continue;
    if (glob.startsWith('/') || glob.startsWith('~')) out.push(resolvePath(glob, ctx));
    else out.push(resolvePath(`${root ?? '.'}/${glob}`, ctx));
  }
  return out;
}

/** `mcp__server__tool` → server and tool (the tool part may itself contain `__`). */
export function splitMcpName(name: string): { server: string | null; tool: string | null } {
  const m = /^mcp__(.+?)__(.+)$/.exec(name);
  return m ? { server: m[1], tool: m[2] } : { server: null, tool: null };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * JSON text as the secret scanner should read it: an escaped line break or tab (`\\n`) becomes
 * two spaces, so a key written on the next line of a value ("…\\naws_secret_access_key = …")
 * starts a word as it does in the text itself. Same length, so offsets stay offsets in the JSON.
 */
function jsonForScanning(json: string): string {
  return json.replace(/\\(["\\/bfnrtu])/g, (match, ch: string) => (ch === 'n' || ch === 'r' || ch === 't' ? '  ' : match));
}

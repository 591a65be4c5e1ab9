/**
 * The languages the call reader (index.ts) reads, each with its quotes, comments, the calls
 * folded to a value (home folder, environment, path joins, string pastes) and the table of
 * calls that act (delete, write, read, run, connect), in the shared engine's terms.
 */
import type { CallTable } from '../engine.js';
import { envValue } from '../engine.js';
import { ARGV_REST, CONNECT, DELETE, DELETE_TREE, GET, POST, READ, same, SHELL, SYMLINK, verb, WRITE } from '../shared-table.js';
import { concat, constant, dyn, str, type Value } from '../values.js';

export interface CallLanguage {
  name: string;
  quotes: string;
  /** Quotes whose content has no escapes (Go's and Julia's backticks). */
  raw: string;
  /** The quote that makes a command (Julia's backticks). */
  commandQuote: string | null;
  comments: readonly string[];
  /** `*` joins strings (Julia). */
  stringStar: boolean;
  /** A call's name as the table spells it (`std::fs::remove_dir_all` → `fs.remove_dir_all`). */
  canonical: (name: string) => string;
  /** Calls whose value is known without acting: the home folder, a variable, a joined path. */
  fold: (name: string, args: Value[], kwargs: Record<string, Value>) => Value | undefined;
  /** Calls that start a process builder (`exec.Command` is not one: it takes its argv at once). */
  builders: ReadonlySet<string>;
  /** Calls into APIs that act (processes, files, network, native code): one the table does not know leaves the code unknown. */
  risky: RegExp;
  table: CallTable;
}

const HOME = (): Value => envValue('HOME');
const joinPath = (args: Value[]): Value => concat(args.flatMap((a, i) => (i === 0 ? [a] : [str('/'), a])));
const getenv = (args: Value[]): Value => {
  const name = constant(args[0]);
  return name !== null ? envValue(name) : dyn('env', ['env:*']);
};
/** R's `~` and `path.expand("~/x")` are the home folder. */
const TRUE_WORDS = new Set(['TRUE', 'true', 'T']);

/** The process run by a builder chain or an argv call: one string alone is a shell line. */
const RUN = ARGV_REST;

const GO: CallLanguage = {
  name: 'go',
  quotes: '"`',
  raw: '`',
  commandQuote: null,
  comments: ['//', '/*'],
  stringStar: false,
  canonical: (n) => n,
  fold: (name, args) => {
    if (name === 'os.Getenv' || name === 'os.LookupEnv') return getenv(args);
    if (name === 'os.UserHomeDir') return HOME();
    if (name === 'filepath.Join' || name === 'path.Join') return joinPath(args);
    if (name === 'fmt.Sprintf' && args.length === 1) return args[0];
    if (name === 'strings.Join') return dyn('join');
    if (name === '[]byte' || name === 'string') return args[0];
    return undefined;
  },
  builders: new Set(),
  risky: /^(?:exec|syscall|unix|windows|os|net|http|tls|unsafe|plugin|ioutil|io\.fs)\.|^(?:C|reflect)\./,
  table: {
    ...same(DELETE_TREE, 'os.RemoveAll'),
    ...same(DELETE, 'os.Remove'),
    ...same(WRITE, 'os.WriteFile', 'ioutil.WriteFile'),
    ...same({ do: 'write', path: 0 }, 'os.Create', 'os.OpenFile', 'os.Mkdir', 'os.MkdirAll'),
    ...same(READ, 'os.ReadFile', 'ioutil.ReadFile', 'os.Open', 'os.ReadDir'),
    ...same(SYMLINK, 'os.Symlink'),
    ...same({ do: 'chmod', path: 0, mode: 1 }, 'os.Chmod'),
    ...same({ do: 'argv_rest', from: 1 }, 'exec.CommandContext'),
    ...same(RUN, 'exec.Command', 'syscall.Exec'),
    ...same(GET, 'http.Get', 'http.Head'),
    ...same(POST, 'http.Post', 'http.PostForm'),
    'http.NewRequest': { do: 'http', url: 1, method: 0, body: true },
    'http.NewRequestWithContext': { do: 'http', url: 2, method: 1, body: true },
    ...same({ do: 'connect', address: 1 }, 'net.Dial', 'net.DialTimeout', 'tls.Dial'),
    ...same({ do: 'connect', address: 1, listen: true }, 'net.Listen'),
  },
};

const R: CallLanguage = {
  name: 'r',
  quotes: '"\'',
  raw: '',
  commandQuote: null,
  comments: ['#'],
  stringStar: false,
  canonical: (n) => n.replace(/^base::/, ''),
  fold: (name, args, kwargs) => {
    if (name === 'Sys.getenv') return getenv(args);
    if (name === 'path.expand' || name === 'normalizePath') return args[0];
    if (name === 'file.path') return joinPath(args);
    if (name === 'paste0') return concat(args);
    if (name === 'paste') {
      const sep = kwargs.sep !== undefined ? kwargs.sep : str(' ');
      return concat(args.flatMap((a, i) => (i === 0 ? [a] : [sep, a])));
    }
    // A listing given to a delete deletes what it lists: every file below with `recursive = TRUE`.
    if (name === 'list.files' || name === 'dir' || name === 'Sys.glob') {
      const deep = kwargs.recursive !== undefined && constant(kwargs.recursive) === 'TRUE';
      return args[0] !== undefined ? concat([args[0], str(deep ? '/**' : '/*')]) : dyn('files');
    }
    return undefined;
  },
  builders: new Set(),
  risky: /^(?:system\w*|shell\w*|pipe|eval|parse|source|sys\.source|socket\w*|unlink|file\.\w+|download\.file|url|Sys\.setenv|Sys\.chmod|dyn\.load|\.Call|\.C|processx::\w+|sys::\w+|httr2?::\w+|curl::\w+|fs::\w+)$/,
  table: {
    unlink: { do: 'delete', path: 0, options: 'recursive' },
    ...same(DELETE, 'file.remove', 'fs::file_delete'),
    ...same(DELETE_TREE, 'fs::dir_delete'),
    ...same(SHELL, 'system', 'shell'),
    system2: { do: 'argv', argv: 1, file: 0, prepend: true },
    ...same(WRITE, 'writeLines', 'cat'),
    ...same(READ, 'readLines', 'readRDS', 'read.csv', 'scan', 'readr::read_file'),
    'download.file': { do: 'http', url: 0 },
    ...same(GET, 'url', 'httr::GET', 'curl::curl_download', 'jsonlite::fromJSON'),
    ...same(POST, 'httr::POST'),
    'httr::PUT': verb('PUT'),
    'httr::PATCH': verb('PATCH'),
    'httr::DELETE': verb('DELETE'),
    ...same({ do: 'code', code: 0, language: 'r' }, 'eval', 'parse'),
    source: { do: 'read', path: 0 },
    'socketConnection': { do: 'connect', host: 'host', port: 'port' },
  },
};

const JULIA: CallLanguage = {
  name: 'julia',
  quotes: '"`',
  raw: '`',
  commandQuote: '`',
  comments: ['#'],
  stringStar: true,
  canonical: (n) => n.replace(/^Base\./, ''),
  fold: (name, args) => {
    if (name === 'homedir') return HOME();
    if (name === 'joinpath') return joinPath(args);
    if (name === 'expanduser' || name === 'abspath' || name === 'string') return args.length === 1 ? args[0] : concat(args);
    if (name === 'ENV.get' || name === 'get') return undefined;
    return undefined;
  },
  builders: new Set(),
  risky: /^(?:run|read|pipeline|success|rm|mv|cp|write|open|download|Downloads\.\w+|HTTP\.\w+|include|evalfile|eval|Meta\.parse|connect|Sockets\.\w+|symlink|chmod|chown|ccall|Libc\.\w+|Base\.\w+)$/,
  table: {
    rm: { do: 'delete', path: 0, options: 'recursive' },
    ...same(SHELL, 'run', 'read', 'pipeline', 'success'),
    ...same(WRITE, 'write'),
    ...same(GET, 'download', 'Downloads.download', 'HTTP.get'),
    ...same(POST, 'HTTP.post'),
    'HTTP.put': verb('PUT'),
    'HTTP.patch': verb('PATCH'),
    'HTTP.delete': verb('DELETE'),
    ...same({ do: 'read', path: 0 }, 'include', 'read_file'),
    ...same(CONNECT, 'connect', 'Sockets.connect'),
    ...same({ do: 'code', code: 0, language: 'julia' }, 'eval', 'Meta.parse'),
    ...same(SYMLINK, 'symlink'),
    ...same({ do: 'chmod', path: 0, mode: 1 }, 'chmod'),
  },
};

const RUST: CallLanguage = {
  name: 'rust',
  quotes: '"',
  raw: '',
  commandQuote: null,
  comments: ['//', '/*'],
  stringStar: false,
  canonical: (n) => n.replace(/^std::/, '').replace(/::/g, '.'),
  fold: (name, args) => {
    const n = name.replace(/^std::/, '');
    if (n === 'env::var' || n === 'env::var_os') return getenv(args);
    if (n === 'env::home_dir' || n === 'dirs::home_dir' || n === 'home::home_dir') return HOME();
    if (n === 'format!' && args.length === 1) return args[0];
    if (n === 'String::from' || n === 'PathBuf::from' || n === 'Path::new') return args[0];
    return undefined;
  },
  builders: new Set(['process.Command.new', 'Command.new', 'tokio.process.Command.new']),
  risky: /^(?:process|fs|net|os|tokio|reqwest|ureq|libc|ffi)\.|^(?:Command|File|TcpStream|UdpSocket)\./,
  table: {
    'process.run': RUN,
    ...same(DELETE_TREE, 'fs.remove_dir_all', 'tokio.fs.remove_dir_all'),
    ...same(DELETE, 'fs.remove_file', 'fs.remove_dir', 'tokio.fs.remove_file'),
    ...same(WRITE, 'fs.write', 'tokio.fs.write'),
    ...same({ do: 'write', path: 0 }, 'fs.File.create', 'File.create', 'fs.create_dir_all'),
    ...same(READ, 'fs.read_to_string', 'fs.read', 'File.open', 'fs.File.open'),
    ...same(GET, 'reqwest.get', 'reqwest.blocking.get', 'ureq.get'),
    ...same({ do: 'connect', address: 0 }, 'net.TcpStream.connect', 'TcpStream.connect'),
    ...same(SYMLINK, 'os.unix.fs.symlink'),
  },
};

/**
 * Elixir (`elixir -e`, `mix run -e`, `iex -e`): System and File calls, Erlang's `:os.cmd`, the
 * HTTP clients people use (Req, HTTPoison, Tesla, :httpc), and Code.eval_string, which runs what
 * it is given (a fetched body included). Bang variants (`File.rm_rf!`) act as their plain ones.
 */
const ELIXIR: CallLanguage = {
  name: 'elixir',
  quotes: `"'`,
  raw: '',
  commandQuote: null,
  comments: ['#'],
  stringStar: false,
  canonical: (n) => n.replace(/!$/, ''),
  fold: (name, args) => {
    if (name === 'System.get_env' || name === 'System.fetch_env!' || name === 'System.fetch_env') return getenv(args);
    if (name === 'System.user_home' || name === 'System.user_home!') return HOME();
    if (name === 'Path.join') return joinPath(args);
    if (name === 'Path.expand') return args[0];
    return undefined;
  },
  builders: new Set(),
  risky: /^(?:System|File|Port|os|file|Code|Req|HTTPoison|Tesla|Finch|httpc|gen_tcp|ssl|Mint|Mix)\./,
  table: {
    'System.cmd': { do: 'argv', argv: 1, file: 0, prepend: true },
    ...same(SHELL, 'System.shell', 'os.cmd'),
    ...same(DELETE, 'File.rm', 'file.delete'),
    ...same(DELETE_TREE, 'File.rm_rf', 'file.del_dir_r'),
    ...same(WRITE, 'File.write', 'file.write_file'),
    ...same(READ, 'File.read', 'file.read_file', 'File.stream'),
    ...same(GET, 'Req.get', 'HTTPoison.get', 'Tesla.get', 'httpc.request'),
    ...same(POST, 'Req.post', 'HTTPoison.post', 'Tesla.post'),
    'Req.put': verb('PUT'),
    'Req.patch': verb('PATCH'),
    'Req.delete': verb('DELETE'),
    ...same(CONNECT, 'gen_tcp.connect', 'ssl.connect'),
    ...same({ do: 'code', code: 0, language: 'elixir' }, 'Code.eval_string', 'Code.string_to_quoted'),
    ...same({ do: 'read', path: 0 }, 'Code.eval_file', 'Code.require_file'),
    ...same(SYMLINK, 'File.ln_s'),
    ...same({ do: 'chmod', path: 0, mode: 1 }, 'File.chmod'),
  },
};

/** The process builder's run, for languages whose builder chain ends in a run step. */
const PROCESS_RUN: CallTable = { 'process.run': RUN };

export const CALL_LANGUAGES: Record<string, CallLanguage> = {
  go: { ...GO, table: { ...GO.table, ...PROCESS_RUN } },
  r: R,
  julia: JULIA,
  rust: RUST,
  elixir: ELIXIR,
};

export { TRUE_WORDS };

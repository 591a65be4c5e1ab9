/**
 * Python library calls and what they do. Keys are canonical names after import aliases
 * are resolved ("os.system" for `from os import system as s; s(…)`); "Class#method" for
 * methods of objects a call returned ("pathlib.Path#unlink", "socket.socket#connect").
 * A key ending in `*` matches every name with that prefix.
 */
import type { CallTable } from '../engine.js';
import { ARGV_REST, CODE, CONNECT, COPY, DELETE, DELETE_TREE, ENV_ALL, ENV_VAR, GET, HARDLINK, IMPORT, KILL, MOVE, NONE, POST, SEND, SHELL, SPAWN, SYMLINK, decoder, returns, same } from '../shared-table.js';

const SHELL_0 = { do: 'shell', cmd: [0, 'args'] } as const;

export const PYTHON_CALLS: CallTable = {
  // Processes and shells: a string is a shell command line, a list an argv.
  ...same(SHELL, 'os.system', 'commands.getoutput', 'commands.getstatusoutput', 'asyncio.create_subprocess_shell', 'pty.spawn', 'pexpect.spawn', 'pexpect.run'),
  'os.popen': { do: 'shell', cmd: 0, returns: 'file' },
  ...same(SHELL_0, 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput', 'subprocess.getstatusoutput'),
  'subprocess.Popen': { ...SHELL_0, returns: 'subprocess.Popen' },
  'asyncio.create_subprocess_exec': ARGV_REST,
  ...same({ do: 'argv', argv: 1, file: 0 }, 'os.execv', 'os.execve', 'os.execvp', 'os.execvpe', 'os.posix_spawn', 'os.posix_spawnp'),
  ...same({ do: 'argv_rest', from: 1 }, 'os.execl', 'os.execle', 'os.execlp', 'os.execlpe'),
  ...same({ do: 'argv', argv: 2, file: 1 }, 'os.spawnv', 'os.spawnve', 'os.spawnvp'),
  ...same({ do: 'argv_rest', from: 2 }, 'os.spawnl', 'os.spawnlp'),
  ...same({ do: 'argv', argv: 0 }, 'sh.Command', 'plumbum.local.__getitem__'),
  // Code run by the interpreter itself.
  ...same(CODE, 'exec', 'eval', 'builtins.exec', 'builtins.eval', 'code.InteractiveInterpreter#runsource'),
  compile: { do: 'decode', decoder: 'identity', args: [0] },
  ...same(IMPORT, '__import__', 'importlib.import_module'),
  getattr: { do: 'getattr' },
  // Files.
  ...same({ do: 'open', path: [0, 'file'], mode: [1, 'mode'] }, 'open', 'io.open'),
  'codecs.open': { do: 'open', path: 0, mode: [1, 'mode'] },
  'os.open': { do: 'open', path: 0, mode: 1, flags: 'posix' },
  ...same(DELETE, 'os.remove', 'os.unlink', 'os.rmdir'),
  'os.removedirs': DELETE_TREE,
  'shutil.rmtree': { do: 'delete', path: [0, 'path'], recursive: true },
  ...same(MOVE, 'shutil.move', 'os.rename', 'os.replace'),
  ...same(COPY, 'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree'),
  'os.truncate': { do: 'write', path: 0, mode: 'truncate' },
  ...same({ do: 'chmod', path: 0, mode: 1 }, 'os.chmod', 'os.lchmod'),
  ...same({ do: 'chmod', path: 0, mode: 1, owner: true }, 'os.chown', 'os.lchown'),
  'shutil.chown': { do: 'chmod', path: 0, mode: [1, 'user'], owner: true },
  'os.symlink': SYMLINK,
  'os.link': HARDLINK,
  ...same({ do: 'decode', decoder: 'identity', args: [0], returns: 'pathlib.Path' }, 'pathlib.Path', 'pathlib.PosixPath'),
  'pathlib.Path.home': { do: 'value', value: '~', returns: 'pathlib.Path' },
  ...same({ do: 'delete', path: 'receiver' }, 'pathlib.Path#unlink', 'pathlib.Path#rmdir'),
  ...same({ do: 'write', path: 'receiver', content: 0 }, 'pathlib.Path#write_text', 'pathlib.Path#write_bytes'),
  ...same({ do: 'read', path: 'receiver' }, 'pathlib.Path#read_text', 'pathlib.Path#read_bytes'),
  // Env-file loaders read `.env` (DESIGN.md: reading .env files asks) unless told another file.
  ...same({ do: 'read', path: [0, 'dotenv_path'], default: '.env' }, 'dotenv.dotenv_values', 'dotenv.load_dotenv', 'dotenv.main.dotenv_values', 'dotenv.main.load_dotenv', 'environ.Env.read_env', 'decouple.Config'),
  'pathlib.Path#open': { do: 'open', path: 'receiver', mode: [0, 'mode'] },
  'pathlib.Path#chmod': { do: 'chmod', path: 'receiver', mode: 0 },
  ...same({ do: 'move', from: 'receiver', to: 0 }, 'pathlib.Path#rename', 'pathlib.Path#replace'),
  'pathlib.Path#symlink_to': { do: 'link', target: 0, name: 'receiver', symbolic: true, reversed: false },
  'pathlib.Path#touch': { do: 'write', path: 'receiver', mode: 'edit' },
  'file#write': SEND,
  // Network.
  ...same(returns('socket.socket'), 'socket.socket', 'socket.socket#makefile'),
  'socket.create_connection': { do: 'connect', address: 0 },
  ...same({ do: 'connect', address: 0, receiver: true }, 'socket.socket#connect', 'socket.socket#connect_ex'),
  'socket.socket#bind': { do: 'connect', address: 0, listen: true, receiver: true },
  // Servers bind their address when built: a listener as much as socket.bind is.
  ...same(
    { do: 'connect', address: 0, listen: true },
    'socket.create_server',
    'socketserver.TCPServer',
    'socketserver.ThreadingTCPServer',
    'socketserver.ForkingTCPServer',
    'socketserver.UDPServer',
    'socketserver.ThreadingUDPServer',
    'http.server.HTTPServer',
    'http.server.ThreadingHTTPServer',
  ),
  ...same(SEND, 'socket.socket#send', 'socket.socket#sendall', 'socket.socket#sendto'),
  'os.dup2': { do: 'wire' },
  ...same(CONNECT, 'telnetlib.Telnet', 'smtplib.SMTP', 'http.client.HTTPConnection', 'http.client.HTTPSConnection'),
  ...same({ do: 'connect', host: 0 }, 'ftplib.FTP', 'socket.gethostbyname'),
  'paramiko.SSHClient#connect': { do: 'connect', host: 0, port: [1, 'port'] },
  ...same({ do: 'http', url: [0, 'url'] }, 'urllib.request.urlopen', 'urllib.request.Request', 'requests.get', 'requests.head', 'requests.options', 'requests.delete'),
  ...same(GET, 'urllib.request.urlretrieve', 'urllib2.urlopen', 'urllib.urlopen', 'requests.Session#get', 'httpx.get', 'aiohttp.ClientSession#get', 'dns.resolver.resolve'),
  ...same({ do: 'http', url: [0, 'url'], body: true }, 'requests.post', 'requests.put', 'requests.patch'),
  'requests.request': { do: 'http', url: [1, 'url'], body: true },
  ...same(POST, 'requests.Session#post', 'httpx.post', 'httpx.put', 'aiohttp.ClientSession#post'),
  'requests.Session': returns('requests.Session'),
  'urllib3.PoolManager#request': { do: 'http', url: 1, body: true },
  'urllib3.PoolManager': returns('urllib3.PoolManager'),
  'aiohttp.ClientSession': returns('aiohttp.ClientSession'),
  'pycurl.Curl': returns('pycurl.Curl'),
  // Environment and credentials.
  ...same(ENV_VAR, 'os.getenv', 'os.environ.get'),
  ...same(ENV_ALL, 'os.environ.copy', 'os.environ.items'),
  ...same({ do: 'decode', decoder: 'identity', args: [0] }, 'dict', 'os.path.expanduser', 'os.path.expandvars', 'os.path.abspath', 'os.path.realpath'),
  // Signals and processes.
  ...same(KILL, 'os.kill', 'os.killpg', 'signal.pthread_kill'),
  ...same({ do: 'kill', target: 'receiver' }, 'psutil.Process#kill', 'subprocess.Popen#kill'),
  ...same(SPAWN, 'os.fork', 'os.forkpty', 'multiprocessing.Process', 'threading.Thread', '_thread.start_new_thread'),
  bytearray: { do: 'allocate', size: 0 },
  'mmap.mmap': { do: 'allocate', size: 1 },
  // Decoders.
  ...same(decoder('base64'), 'base64.b64decode', 'base64.urlsafe_b64decode', 'base64.standard_b64decode', 'base64.decodebytes', 'base64.decodestring', 'binascii.a2b_base64'),
  ...same(decoder('hex'), 'base64.b16decode', 'binascii.unhexlify', 'binascii.a2b_hex', 'bytes.fromhex', 'bytearray.fromhex'),
  'codecs.decode': decoder('codec'),
  ...same(decoder('url'), 'urllib.parse.unquote', 'urllib.parse.unquote_plus'),
  'zlib.decompress': NONE,
  chr: decoder('chr'),
  ...same(decoder('identity'), 'str', 'bytes'),
  // Databases.
  ...same(returns('sqlite3.Connection'), 'sqlite3.connect', 'sqlite3.Connection#cursor'),
  ...same({ do: 'sql', sql: 0, dialect: 'sqlite' }, 'sqlite3.Connection#execute', 'sqlite3.Connection#executescript', 'sqlite3.Connection#executemany'),
  ...same(returns('psycopg2.Connection'), 'psycopg2.connect', 'psycopg.connect', 'psycopg2.Connection#cursor'),
  'psycopg2.Connection#execute': { do: 'sql', sql: 0, dialect: 'postgresql' },
  ...same(returns('pymysql.Connection'), 'pymysql.connect', 'MySQLdb.connect', 'mysql.connector.connect', 'pymysql.Connection#cursor'),
  'pymysql.Connection#execute': { do: 'sql', sql: 0, dialect: 'mysql' },
  ...same(returns('sqlalchemy.Engine'), 'sqlalchemy.create_engine', 'sqlalchemy.Engine#connect'),
  'sqlalchemy.Engine#execute': { do: 'sql', sql: 0 },
  'sqlalchemy.text': decoder('identity'),
  // Cloud SDKs: every delete_* of a client or resource.
  ...same(returns('boto3.client'), 'boto3.client', 'boto3.resource', 'boto3.Session#client'),
  'boto3.Session': returns('boto3.Session'),
  'boto3.client#delete_*': { do: 'cloud_delete', service: 'aws', name: 'Bucket' },
  'boto3.client#terminate_instances': { do: 'cloud_delete', service: 'aws', name: 'InstanceIds' },
  'boto3.client#Bucket': returns('boto3.Bucket'),
  'boto3.Bucket#delete': { do: 'cloud_delete', service: 's3', name: 'receiver' },
  'google.cloud.storage.Client': returns('gcs.Client'),
  'gcs.Client#bucket': returns('gcs.Bucket'),
  ...same({ do: 'cloud_delete', service: 'gcs', name: 'receiver' }, 'gcs.Bucket#delete', 'gcs.Bucket#delete_blobs'),
};

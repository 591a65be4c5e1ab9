/** Network tools: who they connect to, what they send (and from where), which options give the peer a shell. */
import type { Family, ProgramKnowledge } from './types.js';

const CURL_OPTIONS = {
  short: 'AbcCdDeEFHKmoPQrTtuUwxXyYz',
  long: ['data', 'data-raw', 'data-binary', 'data-urlencode', 'data-ascii', 'json', 'header', 'output', 'request', 'user', 'user-agent', 'referer', 'cookie', 'cookie-jar', 'form', 'form-string', 'upload-file', 'proxy', 'max-time', 'connect-timeout', 'config', 'url', 'resolve', 'cacert', 'cert', 'key', 'retry', 'write-out', 'range', 'continue-at', 'dump-header', 'oauth2-bearer', 'interface', 'limit-rate', 'max-filesize', 'output-dir', 'proxy-user', 'socks5', 'socks5-hostname', 'unix-socket', 'connect-to', 'aws-sigv4', 'variable', 'expand-url', 'expand-data', 'trace', 'trace-ascii', 'stderr'],
};
const CURL_DATA = ['d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--data-ascii', '--json', 'F', '--form', '--form-string', 'T', '--upload-file', 'H', '--header', 'u', '--user', 'b', '--cookie', '--oauth2-bearer', 'A', '--user-agent', 'e', '--referer', '--variable', '--aws-sigv4', 'x', '--proxy', 'U', '--proxy-user'];

const curl: ProgramKnowledge = {
  options: CURL_OPTIONS,
  options_anywhere: true,
  rules: [
    { effect: 'connect', peer: 'urls', method_options: ['X', '--request'] },
    { effect: 'send', data_options: CURL_DATA, file_options: ['T', '--upload-file'] },
    { effect: 'write', options: ['o', '--output', 'c', '--cookie-jar', 'D', '--dump-header', '--trace', '--trace-ascii', '--stderr'], mode: 'create' },
    { effect: 'read', options: ['K', '--config'] },
  ],
};
const wget: ProgramKnowledge = {
  options: { short: 'OoaeiPUtTwQBlARDIX', long: ['output-document', 'output-file', 'append-output', 'execute', 'input-file', 'directory-prefix', 'user-agent', 'tries', 'timeout', 'wait', 'quota', 'base', 'level', 'accept', 'reject', 'domains', 'header', 'post-data', 'post-file', 'body-data', 'body-file', 'method', 'user', 'password', 'http-user', 'http-password', 'load-cookies', 'save-cookies'] },
  options_anywhere: true,
  rules: [
    { effect: 'connect', peer: 'urls', method_options: ['--method'] },
    { effect: 'send', data_options: ['--post-data', '--body-data', '--header', '--user', '--password', '--http-user', '--http-password', 'U', '--user-agent'] },
    { effect: 'read', options: ['--post-file', '--body-file', 'i', '--input-file'] },
    { effect: 'send', data_options: ['--post-file', '--body-file'], file_options: ['--post-file', '--body-file'] },
    { effect: 'write', options: ['O', '--output-document', 'o', '--output-file', 'a', '--append-output', '--save-cookies'], mode: 'create' },
  ],
};
const httpie: ProgramKnowledge = {
  options: { short: 'aAov', long: ['auth', 'auth-type', 'output', 'session', 'session-read-only', 'verify', 'cert', 'cert-key', 'proxy', 'timeout', 'pretty', 'style', 'print', 'format-options', 'max-redirects'] },
  options_anywhere: true,
  rules: [{ effect: 'connect', peer: 'urls', method_operand: true }, { effect: 'send', data_options: ['a', '--auth'], request_items: true }],
};
const netcat: ProgramKnowledge = {
  options: { short: 'eIiOPpqsTVwXxc', long: ['exec', 'sh-exec', 'lua-exec', 'source-port', 'output', 'proxy', 'wait', 'idle-timeout'] },
  options_anywhere: true,
  rules: [
    { effect: 'connect', peer: 'host_port', listen_flags: ['l', '--listen'], shell_options: ['e', 'c', '--exec', '--sh-exec', '--lua-exec'] },
    { effect: 'send', stdin: true },
  ],
};
const ssh: ProgramKnowledge = {
  options: { short: 'BbcDEeFIiJLlmOoPpQRSWw' },
  rules: [{ effect: 'connect', peer: 'destination' }, { effect: 'send', stdin: true }],
};
const copyRemote: ProgramKnowledge = {
  options: { short: 'cFiJloPS' },
  options_anywhere: true,
  rules: [{ effect: 'connect', peer: 'destination' }, { effect: 'send', file_operands: true }, { effect: 'write', of: 'last', mode: 'create' }],
};
const rsync: ProgramKnowledge = {
  options: { short: 'efT', long: ['rsh', 'exclude', 'include', 'exclude-from', 'include-from', 'filter', 'files-from', 'temp-dir', 'rsync-path', 'password-file', 'log-file', 'chown', 'chmod', 'backup-dir', 'link-dest', 'compare-dest', 'copy-dest'] },
  options_anywhere: true,
  rules: [
    { effect: 'connect', peer: 'destination' },
    { effect: 'send', file_operands: true },
    { effect: 'write', of: 'last', mode: 'create' },
    { effect: 'read', of: 'all_but_last' },
    { effect: 'delete', of: 'last', recursive: true, when: { flags: ['--delete', '--delete-before', '--delete-after', '--delete-during', '--delete-excluded', '--remove-source-files'] } },
    { effect: 'command_line', options: ['e', '--rsh', '--rsync-path'] },
  ],
};
const socat: ProgramKnowledge = { rules: [{ effect: 'connect', peer: 'urls' }] };
const fetcher: ProgramKnowledge = { options_anywhere: true, rules: [{ effect: 'connect', peer: 'urls' }] };

/**
 * Mail from the shell: what it attaches or puts in the body leaves the machine (swaks reads
 * `--attach @FILE`/`--body @FILE`; mutt and mail attach `-a FILE`; sendmail sends its stdin).
 */
const swaks: ProgramKnowledge = {
  options: { short: 'tfsp', long: ['to', 'from', 'server', 'port', 'attach', 'attach-body', 'body', 'data', 'header', 'add-header', 'auth-user', 'auth-password', 'attach-type', 'attach-name', 'helo', 'ehlo', 'tls-cert', 'tls-key'] },
  options_anywhere: true,
  rules: [{ effect: 'send', data_options: ['--attach', '--attach-body', '--body', '--data', '--header', '--add-header'], sink_options: ['t', '--to', 's', '--server'] }],
};
const mailer: ProgramKnowledge = {
  options: { short: 'asbcrAS', long: ['attach', 'subject'] },
  options_anywhere: true,
  rules: [{ effect: 'read', options: ['a', '--attach', 'A'] }, { effect: 'send', data_options: ['a', '--attach', 'A'], stdin: true }],
};

export const NETWORK: Family = {
  swaks, mutt: mailer, neomutt: mailer, mail: mailer, mailx: mailer, 's-nail': mailer,
  sendmail: { rules: [{ effect: 'send', stdin: true }] }, msmtp: { rules: [{ effect: 'send', stdin: true }] },
  curl, curlie: curl,
  wget, wget2: wget,
  http: httpie, https: httpie, xh: httpie, httpie,
  aria2c: fetcher, lynx: fetcher, links: fetcher, w3m: fetcher, 'lwp-request': fetcher, GET: fetcher, POST: fetcher, fetch: fetcher,
  nc: netcat, ncat: netcat, netcat, telnet: { rules: [{ effect: 'connect', peer: 'host_port' }, { effect: 'send', stdin: true }] },
  socat,
  ssh, autossh: ssh, mosh: ssh,
  scp: copyRemote, sftp: copyRemote,
  rsync,
  ftp: { rules: [{ effect: 'connect', peer: 'host_port' }] },
  tftp: { rules: [{ effect: 'connect', peer: 'host_port' }] },
  dig: { options: { short: 'bcfkpqtxy' }, options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  drill: { options: { short: 'cks' }, options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  getent: { rules: [{ effect: 'connect', peer: 'host_port', when: { sub: ['hosts', 'ahosts', 'ahostsv4', 'ahostsv6'] } }] },
  resolvectl: { rules: [{ effect: 'connect', peer: 'host_port', when: { sub: ['query'] } }] },
  traceroute: { options: { short: 'fgimNpqswz' }, options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  tracepath: { options: { short: 'lmp' }, options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  mtr: { options: { short: 'cis' }, options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  whois: { options: { short: 'hp' }, options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  nslookup: { rules: [{ effect: 'connect', peer: 'host_port' }] },
  host: { rules: [{ effect: 'connect', peer: 'host_port' }] },
  ping: { options: { short: 'cisWwI' }, options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  nmap: { options_anywhere: true, rules: [{ effect: 'connect', peer: 'host_port' }] },
  openssl: { rules: [{ effect: 'connect', peer: 'urls', when: { sub: ['s_client'] } }] },
};

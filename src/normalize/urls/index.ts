/**
 * URL facts: scheme, host in every spelling, port, credentials and secret-looking query
 * parameters. Node's WHATWG URL parser does the parsing and the IPv4/IPv6 canonicalisation;
 * this module adds host classification, special DNS names, and a second, naive reading of
 * the authority (the one curl-like clients use) so that parser disagreements such as
 * `http://a.com\@127.0.0.1/` cannot hide the riskier host. Never throws.
 */
import type { IpKind, UrlFact } from '../facts.js';
import { parseIpHost } from './ip.js';

export { parseIpHost, classifyIpv4 } from './ip.js';

/** Longer than any URL a client accepts (browsers ~2 MB, most servers 8–64 KB); beyond this only a prefix is read. */
const MAX_URL_LENGTH = 65_536;

const DEFAULT_PORTS: Record<string, number> = {
  http: 80, https: 443, ws: 80, wss: 443, ftp: 21, ftps: 990, gopher: 70, ssh: 22, sftp: 22,
  git: 9418, ldap: 389, ldaps: 636, redis: 6379, mysql: 3306, postgres: 5432, postgresql: 5432,
  mongodb: 27017, smtp: 25, imap: 143, telnet: 23, dict: 2628, tftp: 69,
};

/** Schemes whose authority WHATWG finds even without `//`. */
const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp']);

/** What a host means for SSRF, without DNS. */
export interface HostFacts {
  ip: string | null;
  ip_kind: IpKind | null;
  special_host: string | null;
}

/** Parse a URL; null when `raw` is not one (no `scheme://`, not `file:`, not `//host/…`). */
export function parseUrl(raw: string): UrlFact | null {
  try {
    return parseUnsafe(raw);
  } catch {
    return null;
  }
}

function parseUnsafe(raw: string): UrlFact | null {
  if (typeof raw !== 'string') return null;
  const text = (raw.length > MAX_URL_LENGTH ? raw.slice(0, MAX_URL_LENGTH) : raw).trim();
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]{1,31}):/.exec(text);
  let scheme: string;
  let parseable: string;
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    const rest = text.slice(schemeMatch[0].length);
    // WHATWG (browsers, Node fetch) also reads `http:/host` and `http:host` for the special schemes.
    const special = SPECIAL_SCHEMES.has(scheme) && /^[/\\]?[^\s/\\]/.test(rest);
    if (scheme !== 'file' && !special && !/^[/\\]{2}/.test(rest)) return null;
    parseable = text;
  } else if (/^\/\/[^/\s]/.test(text) && looksLikeAuthority(text.slice(2))) {
    // Protocol-relative `//host/path`: a URL to whatever scheme the client assumes (http).
    scheme = '';
    parseable = `http:${text}`;
  } else {
    return null;
  }

  const naive = naiveSplit(parseable);
  let url: URL | null = null;
  try {
    url = new URL(parseable);
  } catch {
    url = null;
  }

  const fact: UrlFact = {
    // As written, up to the length that was read (a multi-megabyte URL is not copied into the facts).
    ...invalidUrl(raw.length > MAX_URL_LENGTH ? raw.slice(0, MAX_URL_LENGTH) : raw),
    valid: url !== null,
    scheme,
  };

  let host = url ? cleanHost(decodeHost(url.hostname)) : naive.host;
  let hostFacts = classifyHost(host);
  // Where the naive reading of the authority names a riskier host, state that one.
  if (naive.host !== '' && naive.host !== host) {
    const alternative = classifyHost(naive.host);
    if (riskRank(alternative) > riskRank(hostFacts)) {
      host = naive.host;
      hostFacts = alternative;
    }
  }
  fact.host = host;
  Object.assign(fact, hostFacts);

  if (url) {
    fact.port = url.port !== '' ? Number(url.port) : (DEFAULT_PORTS[scheme] ?? (scheme === '' ? 80 : null));
    fact.path = url.pathname;
    fact.query = url.search.replace(/^\?/, '');
    fact.has_credentials = url.username !== '' || url.password !== '' || naive.hasUserinfo;
  } else {
    fact.port = naive.port ?? DEFAULT_PORTS[scheme] ?? null;
    fact.path = naive.path;
    fact.query = naive.query;
    fact.has_credentials = naive.hasUserinfo;
  }
  fact.secret_params = secretParams(fact.query);
  return fact;
}

/** A DNS name, IPv4 or bracketed IPv6, optionally with userinfo and port, up to the first `/`. */
function looksLikeAuthority(rest: string): boolean {
  const authority = rest.split(/[/?#]/, 1)[0];
  const host = authority.replace(/^.*@/, '').replace(/:\d*$/, '');
  return host.startsWith('[') || host.includes('.') || host.toLowerCase() === 'localhost';
}

interface NaiveParts {
  host: string;
  port: number | null;
  path: string;
  query: string;
  hasUserinfo: boolean;
}

/**
 * The authority as a simple client reads it: everything between `//` and the first `/`, `?`
 * or `#`; userinfo up to the last `@`; backslashes are not separators. Also the fallback when
 * the WHATWG parser rejects the URL (e.g. IPv6 zone ids).
 */
function naiveSplit(text: string): NaiveParts {
  const afterScheme = text.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:/, '');
  if (!afterScheme.startsWith('//')) {
    return { host: '', port: null, path: afterScheme.split(/[?#]/, 1)[0], query: '', hasUserinfo: false };
  }
  const rest = afterScheme.slice(2);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? '' : rest.slice(end);
  const at = authority.lastIndexOf('@');
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  let host = hostPort;
  let port: number | null = null;
  const bracketed = /^(\[[^\]]*\])(?::(\d*))?$/.exec(hostPort);
  const plain = /^([^:]*)(?::(\d*))?$/.exec(hostPort);
  const m = bracketed ?? plain;
  if (m) {
    host = m[1];
    if (m[2]) port = Number(m[2]);
  }
  const queryStart = tail.indexOf('?');
  const hashStart = tail.indexOf('#');
  const pathEnd = [queryStart, hashStart].filter((i) => i !== -1).sort((a, b) => a - b)[0] ?? tail.length;
  const query = queryStart === -1 ? '' : tail.slice(queryStart + 1, hashStart > queryStart ? hashStart : undefined);
  return {
    host: cleanHost(safeDecode(host)),
    port: port !== null && Number.isFinite(port) ? port : null,
    path: tail.slice(0, pathEnd) || '/',
    query,
    hasUserinfo: at !== -1,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Non-special schemes keep the host percent-encoded; decode so the IP parser sees it. */
function decodeHost(host: string): string {
  return host.includes('%') && !host.startsWith('[') ? safeDecode(host) : host;
}

/** Lowercase, brackets stripped, one trailing dot removed. */
function cleanHost(host: string): string {
  let h = host.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.') && h.length > 1) h = h.slice(0, -1);
  return h;
}

const RISK_ORDER: Record<IpKind, number> = {
  metadata: 7, loopback: 6, unspecified: 6, link_local: 5, private: 4, reserved: 3, multicast: 2, public: 1,
};

function riskRank(facts: HostFacts): number {
  return facts.ip_kind === null ? 0 : RISK_ORDER[facts.ip_kind];
}

/** DNS names whose meaning needs no DNS lookup, with the kind of address they reach. */
const SPECIAL_NAMES: Array<{ pattern: RegExp; name: string; kind: IpKind }> = [
  { pattern: /^localhost$/, name: 'localhost', kind: 'loopback' },
  { pattern: /\.localhost$/, name: '*.localhost', kind: 'loopback' },
  { pattern: /^(?:localhost\.localdomain|ip6-localhost|ip6-loopback|localhost6(?:\.localdomain6)?)$/, name: 'localhost', kind: 'loopback' },
  // Public wildcard names that always resolve to 127.0.0.1.
  { pattern: /(?:^|\.)(?:localtest\.me|lvh\.me|vcap\.me|localhost\.direct|fuf\.me)$/, name: 'loopback-alias', kind: 'loopback' },
  { pattern: /^metadata\.google\.internal$/, name: 'metadata.google.internal', kind: 'metadata' },
  { pattern: /^metadata(?:\.goog)?$/, name: 'metadata', kind: 'metadata' },
  { pattern: /^instance-data(?:\.ec2\.internal)?$/, name: 'instance-data', kind: 'metadata' },
  { pattern: /^metadata\.(?:azure\.internal|tencentyun\.com|platformequinix\.com)$/, name: 'metadata', kind: 'metadata' },
  { pattern: /^(?:kubernetes(?:\.default(?:\.svc(?:\.cluster\.local)?)?)?)$/, name: 'kubernetes', kind: 'private' },
  { pattern: /\.svc\.cluster\.local$|\.cluster\.local$/, name: '*.cluster.local', kind: 'private' },
  { pattern: /\.internal$/, name: '*.internal', kind: 'private' },
  { pattern: /\.local$/, name: '*.local', kind: 'private' },
  { pattern: /^host\.docker\.internal$|^gateway\.docker\.internal$/, name: 'host.docker.internal', kind: 'private' },
];

/** Wildcard DNS services that resolve a name to the IPv4 written inside it (10.0.0.1.nip.io, 10-0-0-1.sslip.io, 0a000001.nip.io). */
const EMBEDDED_IP_DNS = /(?:^|[.-])((?:\d{1,3}[.-]){3}\d{1,3}|[0-9a-f]{8})\.(?:nip\.io|sslip\.io|xip\.io|traefik\.me|nip\.direct)$/;

/** What a host (DNS name or IP literal in any spelling) means for SSRF. */
export function classifyHost(rawHost: string): HostFacts {
  const none: HostFacts = { ip: null, ip_kind: null, special_host: null };
  if (typeof rawHost !== 'string' || rawHost === '') return none;
  const host = cleanHost(rawHost);
  const ip = parseIpHost(host);
  if (ip) return { ip: ip.ip, ip_kind: ip.kind, special_host: null };
  // IDNA-map (full-width dots and digits, case) the way clients do before matching names.
  let name = host;
  try {
    name = cleanHost(new URL(`http://${host}/`).hostname);
  } catch {
    name = host;
  }
  for (const special of SPECIAL_NAMES) {
    if (special.pattern.test(name)) return { ip: null, ip_kind: special.kind, special_host: special.name };
  }
  const embedded = EMBEDDED_IP_DNS.exec(name);
  if (embedded) {
    const literal = /^[0-9a-f]{8}$/.test(embedded[1]) ? `0x${embedded[1]}` : embedded[1].replace(/-/g, '.');
    const inner = parseIpHost(literal);
    if (inner) return { ip: null, ip_kind: inner.kind, special_host: 'embedded-ip-dns' };
  }
  return none;
}

/** Query parameter names that usually carry a credential. */
const SECRET_PARAM_WORDS = new Set([
  'token', 'accesstoken', 'access_token', 'refresh_token', 'id_token', 'auth', 'authorization', 'key', 'apikey',
  'api_key', 'password', 'passwd', 'pwd', 'pass', 'secret', 'client_secret', 'sig', 'signature', 'session',
  'sessionid', 'sid', 'jwt', 'credential', 'credentials', 'code', 'private_token', 'x-amz-signature',
  'x-amz-credential', 'x-amz-security-token', 'x-goog-signature', 'x-goog-credential',
]);
const SECRET_PARAM_PARTS = /(?:token|secret|passw|api_?key|apikey|auth(?!or)|signature|credential|session|private)/i;

function secretParams(query: string): string[] {
  if (query === '') return [];
  const names = new Set<string>();
  let count = 0;
  for (const pair of query.split('&')) {
    if (++count > 1000) break;
    const name = safeDecode(pair.split('=', 1)[0].replace(/\+/g, ' '));
    if (name === '' || name.length > 200) continue;
    const lower = name.toLowerCase();
    if (SECRET_PARAM_WORDS.has(lower) || SECRET_PARAM_PARTS.test(lower)) names.add(name);
  }
  return [...names];
}

/** A URL fact that states nothing but what was written: not a valid URL, no host. */
export function invalidUrl(raw: string): UrlFact {
  return {
    raw,
    valid: false,
    scheme: '',
    host: '',
    port: null,
    path: '',
    query: '',
    has_credentials: false,
    ip: null,
    ip_kind: null,
    special_host: null,
    secret_params: [],
  };
}

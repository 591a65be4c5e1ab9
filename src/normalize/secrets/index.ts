/**
 * Secret detection in free text (file content, messages, commands, request bodies) and
 * masking for the audit log. States only the type and offset of what it finds, never the
 * value. Detectors are anchored on provider prefixes or on `name = value` assignments whose
 * value is random enough, so ordinary code (`password = os.environ["X"]`), UUIDs, git SHAs
 * and base64 blobs are not taken for secrets.
 *
 * Time is bounded: only the first MAX_SCAN_LENGTH characters are scanned (a `scan_truncated`
 * finding says so), and every pattern is linear (no nested quantifiers over the same text).
 */
import { LRUCache } from 'lru-cache';
import type { SecretFinding } from '../facts.js';
import { perfCachesEnabled } from '../../perf-caches.js';
import { catalogueSpans } from './catalogue.js';
import { encodedRuns } from './decode.js';

export { warmCatalogue } from './catalogue.js';
export { encodedRuns, printable } from './decode.js';

/** 1 MiB of text: large files are scanned in their first MiB only. */
export const MAX_SCAN_LENGTH = 1 << 20;

/** A finding with the extent of the secret value, used for masking. */
export interface SecretSpan {
  type: string;
  /** Start of the value to mask. */
  start: number;
  /** End (exclusive) of the value to mask. */
  end: number;
}

interface Detector {
  type: string;
  pattern: RegExp;
  /** Index of the capture group holding the value to mask; 0 for the whole match. */
  group?: number;
  /** Extra check on the captured value (placeholders, randomness). */
  accept?: (value: string, match: RegExpExecArray) => boolean;
}

/** Obvious stand-ins (`xxxx`, `****`, `0000`, `<token>`, `${VAR}`, `your-key-here`). */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(?:\$\{?[A-Za-z_][\w.]*\}?|\$\(.*\)|\{\{.*\}\}|<[^<>]*>|\[[^[\]]*\]|%\(?\w*\)?s?|%[A-Z_]+%|@[A-Z_]+@)$/.test(v)) {
    return true;
  }
  if (/^\$\{\{.*\}\}$/.test(v)) return true;
  const lower = v.toLowerCase();
  if (
    /^(?:x+|\*+|\.+|-+|_+|#+|0+|12345678?9?0?|abc(?:def)?(?:123)?|changeme|change[_-]?me|change[_-]?this|password\d*|passwd|secret|example|dummy|sample|test(?:ing)?|placeholder|redacted|hidden|none|null|nil|undefined|true|false|todo|fixme|tbd|n\/a|admin|root|pass|guest|default|foobar|foo|bar|baz|qwerty|letmein|hunter2|mypassword|mysecret|yourpassword|secret123|password123|notasecret|not[_-]?a[_-]?secret|fake.*|mock.*|insert.*|enter.*|replace.*|put[_-].*)$/.test(
      lower,
    )
  ) {
    return true;
  }
  if (/(?:^|[_-])(?:your|my)[_-]|here$|example|placeholder|xxxx|\*\*|redacted|changeme|dummy|fake|sample|<|>|\$\{|\{\{/.test(lower)) {
    return true;
  }
  if (/^(?:your|my|some|the|a)[_-]?(?:pass|secret|token|key|api|user|name)/.test(lower)) {
    return true;
  }
  return new Set(v).size <= 3;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const total = [...value].length;
  for (const n of counts.values()) {
    const p = n / total;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A provider-prefixed token body that is not a trivial stand-in (`xxxx…`, `0000…`). The
 * prefix and length are strong evidence already, so vendor example keys still count.
 */
function notPlaceholder(value: string): boolean {
  return new Set(value).size > 3 && !/^[xX*.0-]+$/.test(value);
}

/** Bodies of random tokens mix letters and digits; words and kebab-case prose do not. */
function looksRandom(value: string): boolean {
  return (
    /[0-9]/.test(value) &&
    /[A-Za-z]/.test(value) &&
    shannonEntropy(value) >= 3 &&
    !/your|placeholder|here$|xxxx|redacted|dummy|insert|replace/i.test(value)
  );
}

const DETECTORS: Detector[] = [
  { type: 'aws_access_key_id', pattern: /\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16})\b/g, group: 1, accept: notPlaceholder },
  {
    type: 'aws_secret_access_key',
    pattern: /\b(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|aws_?secret)["']?\s*(?::=|=>|[:=])\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    accept: notPlaceholder,
  },
  { type: 'gcp_service_account', pattern: /"private_key_id"\s*:\s*"([0-9a-f]{32,64})"/g, group: 1, accept: notPlaceholder },
  // A body a few characters short of the documented 36 is still a GitHub token to whoever reads
  // it (copied with a character lost, or made up by an injected prompt): random enough, it counts.
  {
    type: 'github_token',
    pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,251})\b/g,
    group: 1,
    accept: (v) => (v.length >= 40 ? notPlaceholder(v.slice(4)) : looksRandom(v.slice(4))),
  },
  { type: 'github_token', pattern: /\b(github_pat_[A-Za-z0-9_]{22,255})\b/g, group: 1, accept: (v) => notPlaceholder(v.slice(11)) },
  { type: 'gitlab_token', pattern: /\b(gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,})/g, group: 1, accept: (v) => looksRandom(v.slice(v.indexOf('-') + 1)) },
  { type: 'slack_token', pattern: /\b(xox[abposre]-(?:\d+-)?[A-Za-z0-9-]{10,})/g, group: 1, accept: (v) => looksRandom(v.slice(5)) },
  { type: 'slack_webhook', pattern: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/]{20,})/g, group: 1 },
  { type: 'discord_webhook', pattern: /(https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{30,})/g, group: 1 },
  { type: 'stripe_key', pattern: /\b([sr]k_live_[A-Za-z0-9]{16,})\b/g, group: 1, accept: (v) => notPlaceholder(v.slice(8)) },
  { type: 'stripe_test_key', pattern: /\b([sr]k_test_[A-Za-z0-9]{16,})\b/g, group: 1, accept: (v) => looksRandom(v.slice(8)) },
  { type: 'anthropic_key', pattern: /\b(sk-ant-[A-Za-z0-9_-]{20,})/g, group: 1, accept: (v) => looksRandom(v.slice(7)) },
  {
    type: 'openai_key',
    pattern: /\b(sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,})/g,
    group: 1,
    accept: (v) => looksRandom(v.replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, '')),
  },
  { type: 'google_api_key', pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, group: 1, accept: (v) => notPlaceholder(v.slice(4)) },
  { type: 'google_oauth_secret', pattern: /\b(GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/g, group: 1 },
  {
    type: 'jwt',
    pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)/g,
    group: 1,
  },
  { type: 'npm_token', pattern: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1, accept: (v) => notPlaceholder(v.slice(4)) },
  { type: 'npm_token', pattern: /(_authToken\s*=\s*)([A-Za-z0-9_.\/+=-]{20,})/g, group: 2, accept: notPlaceholder },
  { type: 'pypi_token', pattern: /\b(pypi-AgE[A-Za-z0-9_-]{50,})/g, group: 1 },
  { type: 'twilio_api_key', pattern: /\b(SK[0-9a-f]{32})\b/g, group: 1, accept: looksRandom },
  { type: 'sendgrid_key', pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, group: 1 },
  { type: 'mailgun_key', pattern: /\b(key-[0-9a-f]{32})\b/g, group: 1, accept: looksRandom },
  { type: 'huggingface_token', pattern: /\b(hf_[A-Za-z0-9]{34,})\b/g, group: 1, accept: (v) => looksRandom(v.slice(3)) },
  { type: 'digitalocean_token', pattern: /\b(do[por]_v1_[a-f0-9]{64})\b/g, group: 1 },
  { type: 'shopify_token', pattern: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g, group: 1 },
  { type: 'databricks_token', pattern: /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g, group: 1, accept: looksRandom },
  { type: 'telegram_bot_token', pattern: /\b(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g, group: 1 },
  { type: 'age_secret_key', pattern: /\b(AGE-SECRET-KEY-1[0-9A-Z]{58})\b/g, group: 1 },
  { type: 'azure_connection_string', pattern: /\b(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})/gi, group: 1, accept: notPlaceholder },
  { type: 'azure_sas_token', pattern: /[?&]sig=([A-Za-z0-9%+/]{30,}={0,2})/g, group: 1 },
  {
    type: 'url_credentials',
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/([^\s:@\/'"`<>]{1,256}):([^\s@\/'"`<>]{1,256})@[^\s@\/'"`<>]/g,
    group: 2,
    accept: (password, m) => !isPlaceholder(password) && password !== m[1] && !/^\$|^%[0-9a-f]{2}\{/i.test(password),
  },
  { type: 'netrc_password', pattern: /\bmachine[ \t]+\S+[ \t\r\n]+login[ \t]+\S+[ \t\r\n]+password[ \t]+(\S{4,256})/g, group: 1, accept: (v) => !isPlaceholder(v) },
  // Docker/Podman config.json: "auth" is base64 of `user:password`.
  { type: 'docker_auth', pattern: /"auth"\s*:\s*"([A-Za-z0-9+/]{12,}={0,2})"/g, group: 1, accept: (v) => /^[^:\s]+:\S+$/.test(Buffer.from(v, 'base64').toString('latin1')) },
  { type: 'basic_auth_header', pattern: /\bAuthorization:\s*Basic\s+([A-Za-z0-9+/]{12,}={0,2})/gi, group: 1, accept: notPlaceholder },
  { type: 'bearer_token', pattern: /\bAuthorization:\s*Bearer\s+([A-Za-z0-9._~+/-]{20,}=*)/gi, group: 1, accept: looksRandom },
];

/** Private key blocks: the BEGIN line must be followed by key material, not merely mentioned. */
const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/g;
const PUTTY_KEY = /PuTTY-User-Key-File-\d+:/g;
const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/]{100,}={0,2}/g;

function findPrivateKeys(text: string, out: SecretSpan[]): void {
  PRIVATE_KEY_BEGIN.lastIndex = 0;
  for (let m = PRIVATE_KEY_BEGIN.exec(text); m !== null; m = PRIVATE_KEY_BEGIN.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const window = text.slice(bodyStart, bodyStart + 600);
    // Header lines (Proc-Type, DEK-Info, Version, Comment) and escaped newlines (`\n` in JSON) come before the body.
    const body = window
      .replace(/\\[nr]/g, '\n')
      .split('\n')
      .map((line) => line.trim().replace(/^["']|["',]+$/g, ''))
      .filter((line) => line !== '' && !/^[A-Za-z-]+:\s/.test(line))
      .join('');
    if (!/^[A-Za-z0-9+/=]{40,}/.test(body)) continue;
    const endMarker = text.indexOf('-----END', bodyStart);
    const endLine = endMarker === -1 ? -1 : text.indexOf('-----', endMarker + 8);
    const end = endMarker !== -1 && endMarker - bodyStart < 65_536 && endLine !== -1 ? endLine + 5 : Math.min(text.length, bodyStart + 4096);
    out.push({ type: 'private_key', start: m.index, end });
    PRIVATE_KEY_BEGIN.lastIndex = end;
  }
  // A PEM block stored base64-encoded (Kubernetes secrets, CI variables): `LS0tLS1CRUdJTi…`.
  BASE64_PEM.lastIndex = 0;
  for (let m = BASE64_PEM.exec(text); m !== null; m = BASE64_PEM.exec(text)) {
    const head = Buffer.from(m[0].slice(0, 64), 'base64').toString('latin1');
    if (/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(head)) out.push({ type: 'private_key', start: m.index, end: m.index + m[0].length });
  }
  PUTTY_KEY.lastIndex = 0;
  for (let m = PUTTY_KEY.exec(text); m !== null; m = PUTTY_KEY.exec(text)) {
    const privateLines = text.indexOf('Private-Lines:', m.index);
    if (privateLines === -1 || privateLines - m.index > 8192) continue;
    const end = text.indexOf('Private-MAC:', privateLines);
    out.push({ type: 'private_key', start: m.index, end: end === -1 ? Math.min(text.length, privateLines + 4096) : end });
  }
}

/**
 * `name = value` / `name: value` / `"name": "value"` / `--name value` where the name says
 * secret and the value is a literal random enough to be one. Code that only refers to a
 * secret (`os.environ["X"]`, `process.env.TOKEN`, `getpass()`, `${VAR}`) is not a value.
 */
const ASSIGNMENT =
  /(?<![A-Za-z0-9_])(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\1[ \t]*(?::=|=>|==|=|:)[ \t]*(?:(["'`])([^"'`\r\n]{1,512}?)\3|([^\s"'`,;&|<>(){}[\]=\\]{1,200}={0,2}))/g;

const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'secret', 'secrets', 'token', 'apikey', 'credential',
  'credentials', 'authtoken', 'accesstoken', 'secretkey', 'privatekey', 'clientsecret', 'apisecret', 'signingkey',
  'encryptionkey', 'masterkey', 'dbpass', 'dbpassword', 'bearer',
]);
/** `key` counts as a secret word after one of these (`api_key`, `access-key`, `PRIVATE_KEY`). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'client', 'auth', 'app', 'license',
  'account', 'service', 'session', 'shared', 'storage', 'subscription', 'admin', 'webhook', 'hmac', 'jwt',
]);
/** A name ending in one of these describes a secret without being one (`password_file`, `token_url`, `secret_name`). */
const NOT_A_VALUE_SUFFIXES = new Set([
  'name', 'names', 'path', 'paths', 'file', 'files', 'dir', 'url', 'uri', 'endpoint', 'type', 'types', 'id', 'ids', 'count',
  'length', 'len', 'size', 'limit', 'limits', 'field', 'header', 'env', 'var', 'hash', 'hashed', 'policy', 'prompt',
  'mode', 'method', 'version', 'provider', 'ref', 'arn', 'region', 'format', 'pattern', 'regex', 'label', 'hint', 'min',
  'max', 'expiry', 'expires', 'ttl', 'timeout', 'enabled', 'required', 'reset', 'strength', 'rules', 'chars', 'index',
  'location', 'store', 'manager', 'prefix', 'suffix', 'source', 'kind', 'helper', 'command', 'cmd', 'template', 'tokens',
  'arg', 'args', 'flag', 'option', 'options', 'opts', 'param', 'params', 'string', 'strings', 'regexp', 're', 'charset',
  'alphabet', 'error', 'errors', 'message', 'msg', 'text', 'description', 'placeholder', 'title', 'validator',
  'validation', 'schema', 'input', 'column', 'col', 'class', 'component', 'handler', 'callback', 'fn', 'func',
]);

/** Words that only describe a secret: a value made of them alone (`super-secret-password`) is a stand-in. */
const DEMO_WORDS = new Set([
  'secret', 'secrets', 'password', 'passwd', 'pass', 'token', 'key', 'api', 'value', 'my', 'your', 'the', 'a', 'test',
  'demo', 'sample', 'some', 'very', 'super', 'top', 'real', 'fake', 'dummy', 'it', 'is', 'app', 'db', 'level', 'levels',
  'not', 'here', 'goes', 'local', 'dev', 'development', 'default', 'example', 'user', 'admin', 'private', 'public',
  'access', 'auth', 'client', 'server', 'new', 'old', 'prod', 'staging', 'string', 'value', 'jwt', 'session', 'signing',
]);

/** Names repeat a lot in config files and hostile input; remember recent verdicts. */
const secretNameCache = new Map<string, boolean>();

function isSecretName(name: string): boolean {
  const cached = secretNameCache.get(name);
  if (cached !== undefined) return cached;
  const verdict = classifySecretName(name);
  if (secretNameCache.size >= 2048) secretNameCache.clear();
  secretNameCache.set(name, verdict);
  return verdict;
}

function classifySecretName(fullName: string): boolean {
  // `options.invalidToken.message`, `spring.datasource.password`: the last segment names the value.
  const name = fullName.slice(fullName.lastIndexOf('.') + 1);
  if (/^(?:old)?pwd$/i.test(name)) return false; // the working directory, not a password
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((p) => p !== '');
  if (parts.length === 0) return false;
  if (NOT_A_VALUE_SUFFIXES.has(parts[parts.length - 1])) return false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (SECRET_WORDS.has(part) && part !== 'pass' && part !== 'pwd') return true;
    if (part === 'key' && i > 0 && KEY_QUALIFIERS.has(parts[i - 1])) return true;
  }
  // `pass`/`pwd` are too common inside other names (`pass-arg`, `passthrough`): only as the last word.
  const last = parts[parts.length - 1];
  if (last === 'pass' || last === 'pw' || last === 'pwd') return true;
  // Run-together names: DBPASSWORD, APIKEY, mysecret.
  const joined = parts.join('');
  return /(?:password|passwd|secret|apikey|accesskey|secretkey|privatekey|authtoken|accesstoken|apitoken)s?$/.test(joined);
}

/** A literal that reads like code referring to a value, not like the value itself. */
function looksLikeCode(value: string, quoted: boolean): boolean {
  if (quoted) return /^\$\{?[A-Za-z_]|^\$\(|^%\(|^\{\{|^#\{|^`/.test(value);
  if (/^[#A-Za-z_$][\w$]*(?:\??\.[#A-Za-z_$][\w$]*)+$/.test(value)) return true; // process.env.TOKEN, config?.password
  if (/^[A-Za-z_][\w]*$/.test(value) && !/\d/.test(value)) return true; // an identifier: `password = password`
  if (/^\$|^%|^@|^&|^\*|^!/.test(value)) return true; // shell/template variables, references
  return /^(?:true|false|null|none|nil|undefined|str|string|int|bool|bytes|any)$/i.test(value);
}

function acceptsAssignedValue(raw: string, quoted: boolean): boolean {
  // Base64 padding says nothing about the value; `password=` alone is no value.
  const value = raw.replace(/=+$/, '');
  if (value.length < 8 || value.length > 512) return false;
  if (looksLikeCode(value, quoted) || isPlaceholder(value)) return false;
  if (/^[a-z]+(?:[-_][a-z]+)+$/.test(value)) return false; // an enum-like identifier: 'invalid_token', 'same-origin'
  if (/^[^A-Za-z0-9]?(?:[A-Z][a-z]+){2,}[^A-Za-z0-9]?$/.test(value)) return false; // a CamelCase name
  if (/\s|[^\x21-\x7e]/.test(value)) return false; // prose or translated text, not a credential
  if (/^(?:\/|~\/|\.\.?\/)[\w.\/@-]*$/.test(value)) return false; // a path
  if (/\[[^\]]*\][+*?{]/.test(value)) return false; // a regular expression
  const words = value.toLowerCase().split(/[-_. ]+|(?<=\D)(?=\d)|(?<=\d)(?=\D)/).filter((w) => w !== '');
  if (words.length > 1 && words.every((w) => DEMO_WORDS.has(w) || /^\d+$/.test(w))) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  const entropy = shannonEntropy(value);
  if (classes < 2) return entropy >= 3.5 && value.length >= 16;
  return entropy >= 2.8;
}

function isAssignedSecret(text: string, m: RegExpExecArray, name: string, value: string, quoted: boolean): boolean {
  if (!isSecretName(name) || !acceptsAssignedValue(value, quoted)) return false;
  if (!quoted && (value === name || name.endsWith(`.${value}`) || value.endsWith(name))) return false; // `exports.X = X`
  // An unquoted value followed by `(`, `[` or `{` is a call or an index: code, not a literal.
  return quoted || !/[([{]/.test(text[m.index + m[0].length] ?? '');
}

function findAssignments(text: string, out: SecretSpan[]): void {
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
    const name = m[2];
    const quoted = m[4] !== undefined;
    const value = (quoted ? m[4] : m[5]) ?? '';
    const start = m.index + m[0].length - value.length - (quoted ? 1 : 0);
    if (isAssignedSecret(text, m, name, value, quoted)) {
      out.push({ type: 'generic_secret', start, end: start + value.length });
    } else {
      // Look inside the value too: `--from-literal=password=…`, `url="…?token=…"`.
      ASSIGNMENT.lastIndex = Math.max(m.index + 1, start);
    }
  }
  // XML elements: `<password>…</password>` (Maven settings.xml, .NET configs).
  ELEMENT.lastIndex = 0;
  for (let m = ELEMENT.exec(text); m !== null; m = ELEMENT.exec(text)) {
    if (!isSecretName(m[1]) || !acceptsAssignedValue(m[2], true)) continue;
    const start = m.index + m[1].length + 2;
    out.push({ type: 'generic_secret', start, end: start + m[2].length });
  }
  // Prose in messages: "the prod password is Xk29dLq0zWp". Words after "is" are usually
  // prose, so the value must mix upper case, lower case and digits to count.
  PROSE.lastIndex = 0;
  for (let m = PROSE.exec(text); m !== null; m = PROSE.exec(text)) {
    const value = m[2].replace(/[.,;!?)]+$/, '');
    if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/\d/.test(value) || !acceptsAssignedValue(value, true)) continue;
    const start = m.index + m[0].length - m[2].length - m[1].length;
    out.push({ type: 'generic_secret', start, end: start + value.length });
  }
  // Command-line flags: `--password hunter2xyz`, `-p'S3cr3t!'` is left to the bash normalizer.
  FLAG.lastIndex = 0;
  for (let m = FLAG.exec(text); m !== null; m = FLAG.exec(text)) {
    const value = m[2];
    if (!acceptsAssignedValue(value, m[1] !== '')) continue;
    const start = m.index + m[0].length - value.length - m[1].length;
    out.push({ type: 'generic_secret', start, end: start + value.length });
  }
  // Passwords handed to command-line clients: `curl -u user:pass`, `sshpass -p pass`, `mysql -ppass`.
  for (const re of CLI_PASSWORDS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const value = m[m.length - 1];
      const user = m.length > 3 ? m[2] : null;
      if (value === user || !acceptsAssignedValue(value, true)) continue;
      const start = m.index + m[0].length - value.length - m[1].length;
      out.push({ type: 'generic_secret', start, end: start + value.length });
    }
  }
}

const ELEMENT = /<([A-Za-z_][\w.-]{0,60})>([^<\s]{8,256})<\/\1>/g;
const PROSE = /\b(?:password|passwd|passphrase|secret|token|api[ _-]?key|access[ _-]?key)\s+(?:is|was)\s*:?\s*(["'`]?)([^\s"'`]{8,128})\1/gi;
const FLAG = /--(?:password|passwd|token|api-key|apikey|secret|client-secret|access-key|secret-key)[ =](["']?)([^\s"']{8,256})\1/g;

/** The last group is the password; group 1 its quote; `-u user:pass` has the user in group 2. */
const CLI_PASSWORDS = [
  /(?:^|\s)(?:-u|--user)[ =]?(["']?)([^\s:'"]{1,64}):([^\s'"@]{6,128})\1/g,
  /\bsshpass\s+-p\s*(["']?)([^\s'"]{6,128})\1/g,
  /\bmysql(?:dump|admin|import|show|check)?\b[^\n;&|]{0,200}?\s-p(["']?)([^\s'"]{6,128})\1/g,
];

/**
 * No finding is shorter than this: every detector needs a prefix and a body of several
 * characters, and an assigned or keyed value needs 8 (acceptsAssignedValue). Shorter text —
 * most strings of a call's facts (names, flags, short paths) — is not scanned at all.
 */
export const MIN_SECRET_TEXT = 8;

/**
 * Findings of recently scanned texts. The same strings come back call after call (paths,
 * commands, and the command text the bash normalizer scanned is scanned again when the log
 * masks the input). Bounded by entries and by the characters it holds (≈ 2 MB at most),
 * least recently used out first; the findings are frozen (shared). TOOLGATE_PERF_CACHES=0
 * turns it off.
 */
const NO_SPANS: readonly SecretSpan[] = Object.freeze([]);

export class SpanMemo {
  static readonly MAX_TEXT = 4096;
  static readonly MAX_CHARS = 1 << 20;
  static readonly MAX_ENTRIES = 8192;
  private readonly spans = new LRUCache<string, readonly SecretSpan[]>({
    max: SpanMemo.MAX_ENTRIES,
    maxSize: SpanMemo.MAX_CHARS,
    sizeCalculation: (_spans, text) => Math.max(1, text.length),
  });

  get size(): { entries: number; chars: number } {
    return { entries: this.spans.size, chars: this.spans.calculatedSize };
  }

  get(text: string): readonly SecretSpan[] | undefined {
    return this.spans.get(text);
  }

  set(text: string, spans: SecretSpan[]): readonly SecretSpan[] {
    const frozen = spans.length === 0 ? NO_SPANS : Object.freeze(spans.map((span) => Object.freeze(span)));
    if (text.length <= SpanMemo.MAX_TEXT) this.spans.set(text, frozen);
    return frozen;
  }
}

const memo = perfCachesEnabled() ? new SpanMemo() : null;

/** Every secret in `text` with its extent; overlapping findings keep the most specific. Shared: never mutate. */
export function findSecretSpans(text: string): readonly SecretSpan[] {
  if (typeof text !== 'string' || text.length < MIN_SECRET_TEXT) return NO_SPANS;
  if (!memo) return scanSpans(text);
  return memo.get(text) ?? memo.set(text, scanSpans(text));
}

/** findSecretSpans without the length guard (exported for the test that proves the guard loses nothing). */
export function scanSpans(text: string): SecretSpan[] {
  return scanText(text, true);
}

function scanText(text: string, decodeEncoded: boolean): SecretSpan[] {
  if (text.length === 0) return [];
  const scanned = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH) : text;
  const specific: SecretSpan[] = [];
  findPrivateKeys(scanned, specific);
  for (const span of catalogueSpans(scanned)) {
    const kept = acceptCatalogued(scanned, span);
    if (kept !== null) specific.push(kept);
  }
  if (decodeEncoded) findEncoded(scanned, specific);
  for (const detector of DETECTORS) {
    const re = detector.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(scanned); m !== null; m = re.exec(scanned)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const group = detector.group ?? 0;
      const value = m[group];
      if (value === undefined) continue;
      if (detector.accept && !detector.accept(value, m)) continue;
      const start = m.index + m[0].lastIndexOf(value);
      specific.push({ type: detector.type, start, end: start + value.length });
    }
  }
  const generic: SecretSpan[] = [];
  findAssignments(scanned, generic);
  const spans = mergeFindings(specific.sort(byStart), generic.sort(byStart));
  if (text.length > MAX_SCAN_LENGTH) spans.push({ type: 'scan_truncated', start: MAX_SCAN_LENGTH, end: text.length });
  return spans;
}

/**
 * The catalogue's connection strings and basic-auth URLs pass the same stand-in test as
 * ours: `postgres:postgres@localhost`, `user:your-password@…` are examples, not secrets.
 */
function acceptCatalogued(text: string, span: SecretSpan): SecretSpan | null {
  if (span.type !== 'url_credentials') return span;
  const m = /:\/\/([^\s:@\/'"`<>]{1,256}):([^\s@\/'"`<>]{1,256})@/.exec(text.slice(span.start, span.end));
  if (m === null) return span;
  const [, user, password] = m;
  if (isPlaceholder(password) || password === user || /^\$|^%[0-9a-f]{2}\{/i.test(password)) return null;
  // Only the password is the secret: masking keeps the rest of the URL readable.
  const start = span.start + m.index + m[0].length - 1 - password.length;
  return { type: span.type, start, end: start + password.length };
}

/**
 * Secrets hidden in an encoding (base64, URL escapes, hex; ./decode.ts, the one decoder): each
 * decoded form is scanned once (no decoding inside decoded text). A finding covers the whole
 * encoded run, which is what masking replaces.
 */
function findEncoded(text: string, out: SecretSpan[]): void {
  for (const run of encodedRuns(text)) {
    const found = scanText(run.decoded, false).find((s) => s.type !== 'scan_truncated');
    if (found !== undefined) out.push({ type: found.type, start: run.start, end: run.end });
  }
}

function byStart(a: SecretSpan, b: SecretSpan): number {
  return a.start - b.start || b.end - a.end;
}

/** Sorted spans without overlaps: of overlapping spans the one starting first (then the longer) stays. */
function disjoint(sorted: SecretSpan[]): SecretSpan[] {
  const kept: SecretSpan[] = [];
  for (const span of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/**
 * Specific findings win over generic ones they overlap (`GITHUB_TOKEN=ghp_…` is one
 * github_token). Both lists sorted by start; linear apart from the sort.
 */
function mergeFindings(specific: SecretSpan[], generic: SecretSpan[]): SecretSpan[] {
  const strong = disjoint(specific);
  const weak: SecretSpan[] = [];
  let i = 0;
  for (const span of disjoint(generic)) {
    while (i < strong.length && strong[i].end <= span.start) i++;
    if (i < strong.length && strong[i].start < span.end) continue;
    weak.push(span);
  }
  return [...strong, ...weak].sort(byStart);
}

/** At most this many findings are stated; more are summarised by one `scan_truncated`. */
export const MAX_FINDINGS = 1000;

/** Secrets in `text`: type and offset only. */
export function scanSecrets(text: string): SecretFinding[] {
  try {
    const spans = findSecretSpans(text);
    const findings = spans.slice(0, MAX_FINDINGS).map((s) => ({ type: s.type, offset: s.start }));
    if (spans.length > MAX_FINDINGS && findings[findings.length - 1].type !== 'scan_truncated') {
      findings.push({ type: 'scan_truncated', offset: spans[MAX_FINDINGS].start });
    }
    return findings;
  } catch {
    return [{ type: 'scan_failed', offset: 0 }];
  }
}

/**
 * `text` with each secret value replaced by `[MASKED:<type>]`. Text past the scan limit is
 * not stored at all (it could not be checked): it becomes `[UNSCANNED:<n> chars]`.
 */
export function maskSecrets(text: string): string {
  if (typeof text !== 'string') return '';
  let spans: readonly SecretSpan[];
  try {
    spans = findSecretSpans(text);
  } catch {
    return `[UNSCANNED:${text.length} chars]`;
  }
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.type === 'scan_truncated') continue;
    out += text.slice(at, span.start) + `[MASKED:${span.type}]`;
    at = span.end;
  }
  if (text.length > MAX_SCAN_LENGTH) {
    out += text.slice(at, MAX_SCAN_LENGTH) + `[UNSCANNED:${text.length - MAX_SCAN_LENGTH} chars]`;
  } else {
    out += text.slice(at);
  }
  return out;
}

const MAX_MASK_DEPTH = 32;

/**
 * Masks a structured value (a tool input) for storage. Each string is masked as text, and
 * a string whose key names a secret (`{"password": "…"}`) is masked whole when it reads
 * as a literal value: `maskSecrets` alone cannot see the key once the value is cut out.
 * What lies deeper than the walk goes is replaced, not stored unscanned.
 *
 * Copy on write: an array or object in which nothing was masked comes back as it was given
 * (most values hold no secret), otherwise as a masked copy of its own enumerable entries.
 */
export function maskSecretsDeep(value: unknown, key: string | null = null, depth = 0): unknown {
  if (typeof value === 'string') {
    if (value.length < MIN_SECRET_TEXT) return value;
    if (key !== null && isSecretName(key) && acceptsAssignedValue(value, true)) return '[MASKED:generic_secret]';
    return maskSecrets(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_MASK_DEPTH) return '[UNSCANNED:too deep]';
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const masked = maskSecretsDeep(item, key, depth + 1);
      if (copy === null && (masked !== item || !(i in value))) copy = value.slice(0, i);
      if (copy !== null) copy[i] = masked;
    }
    return copy ?? value;
  }
  // A copy is what the log has always stored for these: a toJSON method or a `__proto__` key
  // (which an assignment turns into a prototype) would serialise differently from the original.
  let copy = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? ({} as Record<string, unknown>) : null;
  const entries = Object.entries(value as Record<string, unknown>);
  for (let i = 0; i < entries.length; i++) {
    const [k, item] = entries[i]!;
    const masked = maskSecretsDeep(item, k, depth + 1);
    if (copy === null && (masked !== item || k === '__proto__')) {
      copy = {};
      for (let j = 0; j < i; j++) copy[entries[j]![0]] = entries[j]![1];
    }
    if (copy !== null) copy[k] = masked;
  }
  return copy ?? value;
}

/** Shorter values are not masked where they occur cut out of their context (too many false hits). */
const MIN_CARRIED_VALUE = 6;

/**
 * The secret values that maskSecretsDeep masks in `value`, each with its type. Facts carry
 * the same values cut out of the text that made them secret (`sshpass -p 'S3cret!'` becomes
 * the argv ["sshpass", "-p", "S3cret!"]): the log masks these values wherever they occur.
 */
export function collectSecretValues(value: unknown, out: Map<string, string>, key: string | null = null, depth = 0): void {
  if (typeof value === 'string') {
    if (value.length < MIN_SECRET_TEXT) return;
    if (key !== null && isSecretName(key) && acceptsAssignedValue(value, true)) {
      addCarried(value, 'generic_secret', out);
      return;
    }
    let spans: readonly SecretSpan[];
    try {
      spans = findSecretSpans(value);
    } catch {
      return;
    }
    for (const span of spans) if (span.type !== 'scan_truncated') addCarried(value.slice(span.start, span.end), span.type, out);
    return;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_MASK_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collectSecretValues(item, out, key, depth + 1);
    return;
  }
  for (const [k, item] of Object.entries(value as Record<string, unknown>)) collectSecretValues(item, out, k, depth + 1);
}

/** A value and its unquoted form (the shell removes the quotes the text had). */
function addCarried(raw: string, type: string, out: Map<string, string>): void {
  const unquoted = /^(['"])(.*)\1$/s.exec(raw)?.[2];
  for (const text of unquoted === undefined ? [raw] : [raw, unquoted]) {
    if (text.length >= MIN_CARRIED_VALUE && !out.has(text)) out.set(text, type);
  }
}

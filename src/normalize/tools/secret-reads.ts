/**
 * A tool that prints a stored secret's value into the agent's context (`kubectl_get
 * {resourceType: secret, output: yaml}`, `get_secret_value`, `vault_read`, a password manager's
 * `get_item`): a `reveal` effect, the same the command-knowledge table states for `gh auth
 * token` or `aws secretsmanager get-secret-value` (DESIGN.md: reading credentials is denied).
 * Listing or describing secrets shows their names and sizes, not their values, and stays a read.
 * Data: a new secret store or a new object word is a new entry.
 */
import type { Effect } from '../effects.js';
import { producer } from './effects.js';
import { nameWords, objectWords, type ToolVerb } from './verbs.js';

/** MCP servers every record of which is a secret: password managers and secret stores. */
const SECRET_STORE_SERVER =
  /1password|onepassword|^op$|bitwarden|vaultwarden|^bw$|vault|doppler|infisical|keeper|lastpass|dashlane|keychain|keyring|secrets?[-_]?manager|secretmanager|key[-_]?vault|passbolt|akeyless|conjur|cyberark|^pass$|gopass|sops|psono|enpass|keepass/i;

/** Words that name a secret. */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'secret', 'secrets', 'password', 'passwords', 'passwd', 'credential', 'credentials', 'creds', 'token', 'tokens', 'apikey', 'apikeys',
  'passphrase', 'totp', 'otp', 'kubeconfig', 'privatekey',
]);
/** Two words that name a secret together. */
const SECRET_PAIRS = ['api key', 'access key', 'private key', 'secret key', 'ssh key', 'signing key', 'connection string', 'client secret'];
/** Head words that are the value of the secret named before them (`secret_value`, `secret_version`, `password_item`). */
const VALUE_HEADS: ReadonlySet<string> = new Set(['value', 'values', 'data', 'string', 'item', 'items', 'version', 'versions', 'content', 'contents', 'payload', 'field', 'fields', 'text', 'plaintext', 'key', 'keys', 'entry', 'entries', 'login', 'logins']);

/** Read verbs that show names, sizes or metadata, never a value. */
const NAME_VERBS: ReadonlySet<string> = new Set(['list', 'ls', 'search', 'find', 'count', 'tree', 'stat', 'info', 'status', 'describe', 'check', 'validate', 'history', 'glob', 'grep', 'exists']);

/** Fields that ask a read to return secrets in clear. */
const DECRYPT_FIELD = /^(?:with_?decryption|WithDecryption|decrypt|decrypted|reveal|show_?secrets?|showSecrets?|include_?values|includeValues|include_?secrets?|unmask|unmasked|plaintext|show_?values|showValues)$/i;

/** Output fields of cluster getters, and the formats that print names only. */
const OUTPUT_FIELD = /^(?:output|output_?format|outputFormat|format|o)$/i;
const NAME_OUTPUTS: ReadonlySet<string> = new Set(['name', 'names', 'wide', 'table', 'short']);

/** Whether the object words name a secret's value: a secret word, with the value itself or the secret as the head word. */
function namesSecretValue(words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const joined = ` ${words.join(' ')} `;
  // A pair matches in the plural too (`project_api_keys`).
  const secret = words.some((w) => SECRET_WORDS.has(w)) || SECRET_PAIRS.some((p) => joined.includes(` ${p} `) || joined.includes(` ${p}s `));
  if (!secret) return false;
  const head = words[words.length - 1];
  return SECRET_WORDS.has(head) || VALUE_HEADS.has(head);
}

/** The reveal effect of a tool that prints a stored secret's value, or null. */
export function secretReadEffect(server: string | null, name: string, verb: ToolVerb | undefined, input: Record<string, unknown>): Effect | null {
  if (verb === undefined || verb.effect !== 'read' || NAME_VERBS.has(verb.word)) return null;
  // Output formats that print names only (kubectl get secrets -o name).
  for (const [k, v] of Object.entries(input)) if (OUTPUT_FIELD.test(k) && typeof v === 'string' && NAME_OUTPUTS.has(v.toLowerCase())) return null;
  const store = server !== null && SECRET_STORE_SERVER.test(server);
  // A read asked to decrypt or unmask what it returns (`get_parameter {WithDecryption: true}`, `get_env {decrypt: true}`).
  const decrypts = Object.entries(input).some(([k, v]) => DECRYPT_FIELD.test(k) && (v === true || v === 'true'));
  if (!store && !decrypts && !namesSecretValue(objectWords(name, verb.word, input))) return null;
  return { ...producer('other'), type: 'reveal', secret: store ? 'stored secret' : 'secret value', to: 'context' };
}

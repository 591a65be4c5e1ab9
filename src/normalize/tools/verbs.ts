/**
 * What a tool without a normalizer of its own does, read from the verb in its name
 * (`mcp__fs__delete_file`, `Glob`, `mcp__github__list_workflow_runs`, `mcp__git__git_add`).
 *
 * The name is split into words (`_`, `-`, `.`, camelCase); the first word that is a verb in
 * VERB_WORDS says what the tool does. Words before it are the server's or the object's
 * (`git_add`, `browser_navigate`, `resources_create_or_update`), words after it the object
 * (`list_workflow_runs` is a list, whatever `runs` means). A name with no known verb has no
 * effect family and the tool needs vouching. Data: a new verb is a new line.
 */
export type VerbEffect = 'delete' | 'write' | 'read' | 'send' | 'exec';

export interface ToolVerb {
  /** The verb word found in the name. */
  word: string;
  effect: VerbEffect;
  recursive?: boolean;
  /** The verb stated in the facts when it says more than the effect: "create" only adds (an issue, a pull request, a page) and replaces nothing. */
  verb?: 'create';
  /** A move or rename: the source paths are removed, the destination paths written. */
  moves?: boolean;
  /** A copy: the source paths are read, the destination paths written. */
  copies?: boolean;
  /** Values that only look like paths are names of what it works on (a branch), read, not written. */
  namesOnly?: boolean;
  /**
   * Changes the state of a record elsewhere (an issue closed, a container stopped, a pull
   * request merged, a deployment restarted) that the opposite verb undoes: stated as a `change`
   * effect whose reversibility its object and input decide (changes.ts).
   */
  change?: boolean;
  /** An umbrella word (`kubectl_rollout`, `manage_container`): the input's action field (`subCommand`, `action`) names the verb. */
  byInput?: boolean;
}

type VerbEntry = Omit<ToolVerb, 'word'>;

const family = (effect: VerbEffect, words: readonly string[], extra: Omit<VerbEntry, 'effect'> = {}): [string, VerbEntry][] =>
  words.map((w) => [w, { effect, ...extra }]);

/** Verb word → what the tool does to the things its input names. */
export const VERB_WORDS: ReadonlyMap<string, VerbEntry> = new Map<string, VerbEntry>([
  ...family('delete', ['rmdir', 'purge', 'wipe', 'rmrf'], { recursive: true }),
  ...family('delete', ['delete', 'remove', 'rm', 'unlink', 'trash', 'destroy', 'drop', 'erase', 'del']),
  // Runs something: a command line, code, a process, a container.
  ...family('exec', ['exec', 'execute', 'run', 'shell', 'terminal', 'command', 'eval', 'evaluate', 'spawn', 'launch', 'invoke', 'start']),
  // Hands data to someone else: a post, a mail, a comment.
  ...family('send', ['send', 'post', 'publish', 'upload', 'share', 'email', 'notify', 'comment', 'message', 'reply', 'tweet', 'broadcast']),
  // Adds a new record elsewhere (an issue, a branch, a page); its path fields are still written.
  // A request (`request_reviewers`, `request_review`) adds one too: a review asked of someone.
  ...family('write', ['create', 'add', 'new', 'open', 'fork', 'request'], { verb: 'create' }),
  ...family('write', ['move', 'rename', 'mv'], { moves: true }),
  ...family('write', ['copy', 'cp', 'duplicate', 'clone'], { copies: true }),
  // The working tree changes to another branch or takes in the remote's commits (git without force).
  ...family('write', ['checkout', 'switch', 'pull'], { namesOnly: true }),
  // Changes a record's state elsewhere, undone by the opposite verb (close/reopen, stop/start,
  // merge/revert, label/unlabel, scale back): the everyday loop on remote records, unless the
  // object or the input makes it one the opposite does not undo (changes.ts). Local paths its
  // path fields name are written (a merge into a checkout), values that only look like paths
  // are names (a repository `acme/api`).
  ...family('write', [
    'reopen', 'merge', 'restart', 'reload', 'redeploy', 'stop', 'pause', 'unpause', 'resume', 'suspend', 'unsuspend',
    'label', 'unlabel', 'assign', 'unassign', 'approve', 'resolve', 'unresolve', 'lock', 'unlock', 'archive', 'unarchive',
    'rollback', 'revert', 'undo', 'cancel', 'rerun', 'retry', 'mark', 'pin', 'unpin', 'star', 'unstar', 'watch', 'unwatch',
    'subscribe', 'unsubscribe', 'transition', 'scale', 'tag', 'untag', 'snooze', 'dismiss', 'react', 'vote', 'complete',
    'reassign', 'link', 'reorder', 'prioritize', 'triage', 'acknowledge', 'ack',
    // A reset of the index (`git_reset`: unstage) is undone by staging again; a hard reset is not (changes.ts).
    'reset', 'unstage',
  ], { change: true, namesOnly: true }),
  ...family('write', ['rollout', 'manage', 'control', 'operate', 'lifecycle', 'perform', 'action', 'actions'], { change: true, namesOnly: true, byInput: true }),
  // Writes: the files their path fields name; with no file named, the values of a record
  // elsewhere (an issue's state, a key's value, a page's text) changed in place.
  ...family('write', ['edit', 'update', 'put', 'save', 'append', 'patch', 'insert', 'upsert', 'set', 'modify', 'change', 'store'], { change: true }),
  ...family('write', ['write', 'replace', 'mkdir', 'make', 'commit', 'stage', 'push', 'apply', 'import', 'sync', 'download']),
  // Reads, lists, searches, shows; browser page views and interactions with the page already open.
  ...family('read', [
    'read', 'get', 'list', 'ls', 'search', 'grep', 'glob', 'find', 'view', 'cat', 'head', 'tail', 'tree', 'stat', 'info', 'log',
    'logs', 'diff', 'show', 'status', 'describe', 'inspect', 'history', 'snapshot', 'screenshot', 'navigate', 'goto', 'browse',
    'fetch', 'query', 'select', 'count', 'explain', 'lookup', 'resolve', 'check', 'validate', 'preview',
    'click', 'hover', 'type', 'fill', 'press', 'scroll', 'wait', 'drag', 'close', 'resize', 'back', 'forward', 'tabs', 'tab',
    'console', 'network', 'requests', 'analyze', 'summarize', 'think', 'sequentialthinking', 'ask', 'retrieve', 'recall',
    'suggest', 'recommend',
    // Print what they are given access to (a secret's version, a decrypted value, an export).
    'access', 'reveal', 'decrypt', 'dump', 'print', 'export',
  ]),
]);

/**
 * Object words that turn an added record into a grant: keys, tokens, hooks, members,
 * permissions (`add_collaborator`, `create_deploy_key`, `create_repository_webhook`). Such a
 * tool writes something that needs vouching, never a plain "create".
 */
const GRANT_OBJECTS: ReadonlySet<string> = new Set([
  'webhook', 'hook', 'key', 'secret', 'token', 'user', 'member', 'collaborator', 'permission', 'role', 'policy', 'rule',
  'variable', 'env', 'admin', 'owner', 'access', 'grant', 'invitation', 'invite', 'credential', 'password',
]);

/**
 * Object words that make an added record move money (`create_refund`, `create_payout`,
 * `create_transfer`): not undone by a call, so not a plain "create" either.
 */
const MONEY_OBJECTS: ReadonlySet<string> = new Set(['refund', 'payout', 'transfer', 'charge', 'payment', 'withdrawal', 'disbursement']);

/** Object words a `pull` downloads into a local store (`pull_image`, `pull_model`): a download from a registry, read. */
const DOWNLOADED_OBJECTS: ReadonlySet<string> = new Set(['image', 'model', 'chart', 'artifact', 'package']);

/** Object words that make a delete take everything under it (`delete_directory`, `remove_tree`). */
const RECURSIVE_OBJECTS: ReadonlySet<string> = new Set(['dir', 'directory', 'folder', 'tree', 'recursive', 'recursively', 'all']);

/** Fields that name the kind of object a tool acts on (`kubectl_get {resourceType: secret}`). */
const KIND_FIELD = /^(?:resource_?type|resourceType|kind|resource|object_?type|objectType|type|target_?type)$/i;

/**
 * The object words a call names: its name's words after the verb (before it when nothing
 * follows: `keyvault_secret_get`, `deployment_scale`), and its kind fields' value, whole and
 * in words (`deploy key`). Shared by the change and the secret-read readers.
 */
export function objectWords(name: string, verbWord: string, input: Record<string, unknown>): string[] {
  const words = nameWords(name);
  const at = words.indexOf(verbWord);
  const out = at < 0 ? [] : at === words.length - 1 ? words.slice(0, at) : words.slice(at + 1);
  for (const [k, v] of Object.entries(input)) {
    // A kind is a word or two: a long value is data, not a kind.
    if (KIND_FIELD.test(k) && typeof v === 'string' && v.length <= 256) out.push(v.toLowerCase(), ...nameWords(v));
  }
  return out;
}

/** `mcp__x__list_workflowRuns` → ["list", "workflow", "runs"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

// `keys` → key, but `access` stays access.
const singular = (w: string): string => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Claude Code's own read tools, whose names are bare nouns. */
const READ_TOOLS: ReadonlySet<string> = new Set(['Glob', 'Grep', 'LS', 'NotebookRead']);

/** The verb of a tool name, or undefined when none of its words is a known verb. */
export function findVerb(name: string): ToolVerb | undefined {
  if (READ_TOOLS.has(name)) return { word: name.toLowerCase(), effect: 'read' };
  const words = nameWords(name);
  for (let i = 0; i < words.length; i++) {
    const entry = VERB_WORDS.get(words[i]);
    if (entry === undefined) continue;
    if (entry.verb === 'create' && words.slice(i + 1).some((w) => GRANT_OBJECTS.has(singular(w)) || MONEY_OBJECTS.has(singular(w)))) return { word: words[i], effect: 'write' };
    if (entry.effect === 'delete' && words.slice(i + 1).some((w) => RECURSIVE_OBJECTS.has(singular(w)))) return { word: words[i], ...entry, recursive: true };
    if (words[i] === 'pull' && words.slice(i + 1).some((w) => DOWNLOADED_OBJECTS.has(singular(w)))) return { word: words[i], effect: 'read' };
    return { word: words[i], ...entry };
  }
  return undefined;
}

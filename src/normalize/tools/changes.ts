/**
 * Changes of a record elsewhere (a remote issue closed, a container stopped, a deployment
 * restarted, a pull request merged, a key's value set) by a tool whose input names no file:
 * stated as a `change` effect, reversible when the opposite verb undoes it (reopen, start,
 * revert, scale back). DESIGN.md: reversible changes of a remote record are the everyday loop;
 * cluster and cloud deletes, scale-to-zero, forced calls, grants, secrets and security
 * settings are not. Which verbs change (verbs.ts) × what makes a change one the opposite does
 * not undo (IRREVERSIBLE below) is data: a new class is a new line.
 */
import type { Effect } from '../effects.js';
import { objectWords, type ToolVerb } from './verbs.js';

type Scalar = string | number | boolean;

interface Irreversible {
  /** Why the opposite verb does not undo it. */
  reason: string;
  /** Object words (of the name after the verb, or of a kind field's value) that make it so. */
  objects?: readonly string[];
  /** Only for these verbs (a reset of a database branch loses data; a restart of one does not). */
  verbs?: readonly string[];
  /** Input fields whose value makes it so… */
  fields?: RegExp;
  /** …when it is one of these (compared lower-case as text). */
  values?: readonly Scalar[];
}

/** Fields that hold the verb of an umbrella tool (`kubectl_rollout {subCommand: restart}`, `manage_container {action: stop}`). */
export const ACTION_FIELD = /^(?:sub_?command|subCommand|action|operation|op|verb)$/i;

export const IRREVERSIBLE: readonly Irreversible[] = [
  // Who may do what: a grant outlives the task and is not undone by the agent's opposite call.
  {
    reason: 'grant',
    objects: [
      'permission', 'permissions', 'role', 'roles', 'rolebinding', 'clusterrole', 'clusterrolebinding', 'serviceaccount', 'policy',
      'policies', 'member', 'members', 'membership', 'collaborator', 'collaborators', 'user', 'users', 'admin', 'owner', 'owners',
      'access', 'acl', 'grant', 'invitation', 'invite', 'iam', 'sharing', 'share',
    ],
  },
  // Credentials and secrets: their old value is gone, and the new one is a credential.
  { reason: 'secret', objects: ['secret', 'secrets', 'token', 'tokens', 'deploy key', 'ssh key', 'api key', 'access key', 'gpg key', 'signing key', 'apikey', 'sshkey', 'credential', 'credentials', 'password', 'passwords', 'certificate', 'cert', 'kms', 'vault', 'webhook', 'hook', 'hooks', 'variable', 'variables', 'env'] },
  // Security settings: what protects the record or watches it (branch protection, firewalls, audit trails, alarms).
  {
    reason: 'security_setting',
    objects: [
      'protection', 'ruleset', 'rulesets', 'firewall', 'security', 'securitygroup', 'networkpolicy', 'visibility', 'logging', 'log',
      'logs', 'trail', 'audit', 'monitor', 'monitoring', 'alarm', 'detector', 'guardduty', 'defender', 'mfa', 'sso', 'ref', 'refs',
    ],
  },
  // Money and contracts: a cancelled subscription, a refund or a payout is not undone by a call.
  { reason: 'commercial', objects: ['subscription', 'subscriptions', 'payment', 'payments', 'invoice', 'invoices', 'refund', 'charge', 'payout', 'transfer', 'billing', 'order', 'orders', 'contract', 'domain', 'account', 'accounts'] },
  // Scaled to nothing: the service is down until someone scales it back.
  { reason: 'scale_to_zero', fields: /^(?:replicas|replica_?count|desired_?count|desiredCount|desired_?capacity|desiredCapacity|min_?size|max_?size|instance_?count|instanceCount|count|size|scale|capacity)$/i, values: [0, '0'] },
  // Made public: what was private is disclosed, and a copy may be taken before it is undone.
  { reason: 'made_public', fields: /^(?:visibility|privacy|acl|access_?level|accessLevel)$/i, values: ['public', 'public-read', 'public-read-write', 'internal', 'anyone'] },
  { reason: 'made_public', fields: /^(?:private|is_?private|isPrivate)$/i, values: [false, 'false'] },
  { reason: 'made_public', fields: /^(?:public|is_?public|isPublic|publicly_?accessible|publiclyAccessible)$/i, values: [true, 'true'] },
  // Forced: what the check it skips protects is not seen (a force merge, a force rollout).
  // (`admin: true` on a merge is `gh pr merge --admin`: branch protection bypassed.)
  { reason: 'forced', fields: /^(?:force|forced|force_?merge|forceMerge|admin|admin_?merge|bypass|bypass_?\w+|override|skip_?checks|no_?verify)$/i, values: [true, 'true'] },
  // Work thrown away: a hard reset drops the uncommitted changes it resets over.
  { reason: 'work_lost', fields: /^(?:mode|reset_?mode|resetMode|reset_?type|type)$/i, values: ['hard', 'keep', 'merge'] },
  { reason: 'work_lost', fields: /^(?:hard|discard|discard_?changes|discardChanges)$/i, values: [true, 'true'] },
  // Data put back to another state: a database branch reset from its parent or restored to a point
  // in time loses what was written since (a git index reset is not this: it names no such object).
  {
    reason: 'data_lost',
    verbs: ['reset', 'restore'],
    objects: ['branch', 'branches', 'database', 'databases', 'db', 'project', 'projects', 'parent', 'data', 'table', 'tables', 'instance', 'cluster', 'environment', 'schema', 'snapshot', 'backup', 'volume', 'disk'],
  },
  // The record's state set to gone (a status field set to deleted, terminated, destroyed).
  { reason: 'destroyed', fields: /^(?:state|status|lifecycle|phase)$/i, values: ['deleted', 'destroyed', 'terminated', 'purged', 'removed'] },
];

const lower = (v: Scalar): string => String(v).toLowerCase();


/** The first reason the change is not undone by its opposite, or null when it is. */
export function irreversibleReason(objects: readonly string[], input: Record<string, unknown>, verb?: string): string | null {
  // Entries of more than one word ("deploy key") match consecutive words.
  const joined = ` ${objects.join(' ')} `;
  for (const rule of IRREVERSIBLE) {
    if (rule.verbs !== undefined && (verb === undefined || !rule.verbs.includes(verb))) continue;
    if (rule.objects !== undefined && rule.objects.some((w) => joined.includes(` ${w} `))) return rule.reason;
    if (rule.fields === undefined || rule.values === undefined) continue;
    const wanted = rule.values.map(lower);
    for (const [k, v] of fieldsOf(input)) {
      if (rule.fields.test(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && wanted.includes(lower(v))) return rule.reason;
    }
  }
  return null;
}

const MAX_FIELD_DEPTH = 6;
const MAX_FIELDS = 500;

/**
 * Every field of the input, nested ones included, and those of a JSON text under a field (a
 * patch given as text: `kubectl_patch {patch: '{"spec":{"replicas":0}}'}`): a scale to zero or a
 * forced flag is the same wherever the input puts it.
 */
function fieldsOf(input: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (value: unknown, depth: number): void => {
    if (out.length >= MAX_FIELDS || depth > MAX_FIELD_DEPTH) return;
    if (typeof value === 'string') {
      const text = value.trim();
      if (depth > 0 && text.length <= 65_536 && (text.startsWith('{') || text.startsWith('['))) {
        try {
          walk(JSON.parse(text), depth + 1);
        } catch {
          // Not JSON: a value, not fields.
        }
      }
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.push([k, v]);
      walk(v, depth + 1);
    }
  };
  walk(input, 0);
  return out;
}

/** The verb an umbrella tool's input names (`{subCommand: "restart"}`), read with the same verb table. */
export function inputAction(input: Record<string, unknown>, find: (word: string) => ToolVerb | undefined): ToolVerb | undefined {
  for (const [k, v] of Object.entries(input)) {
    if (!ACTION_FIELD.test(k) || typeof v !== 'string' || !/^[A-Za-z][\w-]{0,40}$/.test(v.trim())) continue;
    const verb = find(v.trim());
    if (verb !== undefined) return verb;
  }
  return undefined;
}

/** The `change` effect of a tool that changes a record it names by no file. */
export function changeEffect(name: string, verb: ToolVerb, input: Record<string, unknown>): Effect {
  const objects = objectWords(name, verb.word, input);
  const reason = irreversibleReason(objects, input, verb.word);
  return { producer: 'tool:other', command: null, type: 'change', action: verb.word, object: objects.join(' '), reversible: reason === null, reason };
}

import type { MessageFacts, NormalizeContext } from '../facts.js';
import { scanSecrets } from '../secrets/index.js';
import { producer, secretSources } from './effects.js';
import { asInput, safeStringify, stringField, textField } from './fields.js';

/** Recipients and channels are names: longer text is cut, not copied into the facts. */
const MAX_NAME_LENGTH = 4096;
const TO_FIELDS = ['to', 'target', 'recipient', 'recipients', 'chat_id', 'chatId', 'channel_id', 'user', 'email', 'sessionKey', 'session_key'];
const TEXT_FIELDS = ['text', 'message', 'content', 'body', 'caption'];
const CHANNEL_FIELDS = ['channel', 'platform', 'provider', 'service'];

/** `{to|target, text|message, channel?}`; the subject and attachments' names are scanned with the text. */
export function normalizeMessage(input: unknown, ctx: NormalizeContext): MessageFacts {
  void ctx;
  const fields = asInput(input);
  const text = [stringField(fields, ['subject', 'title']) ?? '', textField(fields, TEXT_FIELDS) ?? ''].join('\n');
  const to = recipient(fields).slice(0, MAX_NAME_LENGTH);
  const secrets = scanSecrets(text);
  return {
    kind: 'message',
    indeterminate: [],
    effects: [{ ...producer('message'), type: 'send', sink: to, url: null, sources: [...secretSources(secrets), 'message'] }],
    to,
    channel: stringField(fields, CHANNEL_FIELDS)?.slice(0, MAX_NAME_LENGTH) ?? null,
    secrets,
  };
}

function recipient(fields: Record<string, unknown>): string {
  for (const name of TO_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : safeStringify(v))).join(', ');
  }
  return '';
}

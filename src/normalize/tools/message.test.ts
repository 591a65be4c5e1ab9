import { describe, expect, it } from 'vitest';
import { normalizeMessage } from './message.js';
import { AWS_KEY_ID, ctx } from './test-context.js';

describe('normalizeMessage', () => {
  it('states recipient, channel and secrets in the text', () => {
    const facts = normalizeMessage({ to: '+15551234567', text: `the key is ${AWS_KEY_ID}`, channel: 'whatsapp' }, ctx);
    expect(facts).toMatchObject({ kind: 'message', to: '+15551234567', channel: 'whatsapp' });
    expect(facts.secrets.map((s) => s.type)).toEqual(['aws_access_key_id']);
  });

  it('accepts the field names of other clients', () => {
    expect(normalizeMessage({ target: '#general', message: 'build is green' }, ctx)).toMatchObject({ to: '#general', channel: null, secrets: [] });
    expect(normalizeMessage({ recipients: ['a@x.example', 'b@x.example'], body: 'hi', subject: AWS_KEY_ID }, ctx)).toMatchObject({
      to: 'a@x.example, b@x.example',
      secrets: [{ type: 'aws_access_key_id', offset: 0 }],
    });
    expect(normalizeMessage({ chat_id: 12345, text: 'x' }, ctx).to).toBe('12345');
  });

  it('states a missing recipient as empty', () => {
    expect(normalizeMessage({}, ctx)).toEqual({
      kind: 'message',
      indeterminate: [],
      effects: [{ producer: 'tool:message', command: null, type: 'send', sink: '', url: null, sources: ['message'] }],
      to: '',
      channel: null,
      secrets: [],
    });
  });

  it('never throws on hostile input', () => {
    for (const input of [null, 'x', [], { to: { a: 1 }, text: { nested: true } }, { to: ['\uD800'], text: 'a'.repeat(10 * 1024 * 1024) }]) {
      expect(() => normalizeMessage(input, ctx)).not.toThrow();
    }
    expect(normalizeMessage({ to: { a: 1 } }, ctx).to).toBe('');
    expect(normalizeMessage({ to: 'x'.repeat(100_000) }, ctx).to).toHaveLength(4096);
  });
});

import { describe, expect, it } from 'vitest';
import { withTestGateway, type TestGateway } from '../../../../test/support/gateway.js';
import { isJsonMediaType } from './index.js';

let gw: TestGateway;
withTestGateway((started) => (gw = started));

const check = JSON.stringify({ session_id: 'ct', tool: 'bash', input: { command: 'ls' } });

describe('JSON content type', () => {
  it('refuses a body that is not declared JSON (a cross-site text/plain post) with 415', async () => {
    const variants: Record<string, string>[] = [{ 'content-type': 'text/plain;charset=UTF-8' }, { 'content-type': 'application/x-www-form-urlencoded' }, {}];
    for (const headers of variants) {
      const response = await fetch(`${gw.url}/v1/check`, { method: 'POST', headers, body: new Blob([check]) });
      expect(response.status).toBe(415);
      expect((await response.json()).error.code).toBe('unsupported_media_type');
    }
    // The operator's routes too (a caller without credentials hears 403 before any body is read).
    const approve = await fetch(`${gw.url}/v1/approvals/x`, { method: 'POST', headers: { ...gw.admin, 'content-type': 'text/plain' }, body: '{"decision":"allow"}' });
    expect(approve.status).toBe(415);
  });

  it('accepts application/json, with a charset too', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8']) {
      const response = await fetch(`${gw.url}/v1/check`, { method: 'POST', headers: { 'content-type': type }, body: check });
      expect(response.status).toBe(200);
    }
    expect(isJsonMediaType('APPLICATION/JSON')).toBe(true);
    expect(isJsonMediaType('application/jsonx')).toBe(false);
  });

  it('refuses duplicate keys at any depth with 400, on the API and the Claude Code hook', async () => {
    const dup = '{"session_id":"d","tool":"bash","input":{"command":"rm -rf /","command":"ls"}}';
    const response = await fetch(`${gw.url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: dup });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('duplicate_key');
    const hook =
      '{"session_id":"d","hook_event_name":"PreToolUse","cwd":"/tmp","tool_name":"Bash","tool_input":{"command":"rm -rf /"},"tool_input":{"command":"ls"}}';
    const hooked = await fetch(`${gw.url}/v1/hooks/claude-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hook });
    expect(hooked.status).toBe(400);
    expect((await hooked.json()).error.code).toBe('duplicate_key');
  });
});

import { describe, expect, it } from 'vitest';
import { proxySessionId } from './session.js';

describe('the MCP proxy joins the launching agent session', () => {
  it('takes --session, then TOOLGATE_SESSION_ID, then the Claude Code session, then a fresh id', () => {
    expect(proxySessionId('cli', { TOOLGATE_SESSION_ID: 't', CLAUDE_CODE_SESSION_ID: 'c' }, 'fs')).toEqual({ id: 'cli', from: '--session' });
    expect(proxySessionId(undefined, { TOOLGATE_SESSION_ID: 't', CLAUDE_CODE_SESSION_ID: 'c' }, 'fs')).toEqual({ id: 't', from: 'TOOLGATE_SESSION_ID' });
    expect(proxySessionId(undefined, { CLAUDE_CODE_SESSION_ID: 'c' }, 'fs')).toEqual({ id: 'c', from: 'CLAUDE_CODE_SESSION_ID' });
    expect(proxySessionId(undefined, { CLAUDE_CODE_SESSION_ID: '  ' }, 'fs').id).toMatch(/^mcp-fs-[0-9a-f-]{36}$/);
  });
});

import os from 'node:os';
/**
 * The proxy's JSON-RPC relaying, with raw messages from the agent's side and the real
 * filesystem MCP server behind it; the gateway is real too.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../../test/support/gateway.js';
import { resolveAdapterConfig } from '../shared/config.js';
import { GatewayClient } from '../shared/gateway-client.js';
import { gatewayToolName, startMcpProxy } from './proxy.js';

const FS_SERVER = path.resolve('node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');

let gw: TestGateway;
let root: string;
beforeAll(async () => {
  gw = await startTestGateway();
  root = mkdtempSync(path.join(tmpdir(), 'toolgate-mcp-'));
  writeFileSync(path.join(root, 'a.txt'), 'a');
});
afterAll(async () => {
  await gw?.close();
});

/** Starts the proxy and returns a raw agent side: send a message, await the answer with that id. */
async function rawProxy() {
  const [agent, proxySide] = InMemoryTransport.createLinkedPair();
  const inbox: JSONRPCMessage[] = [];
  agent.onmessage = (m) => void inbox.push(m);
  await agent.start();
  const proxy = await startMcpProxy({
    name: 'fs',
    client: new GatewayClient({ ...resolveAdapterConfig({ gatewayUrl: gw.url }, {}), ask: 'native' }),
    sessionId: `raw-${Math.random()}`,
    cwd: root,
    upstream: proxySide,
    command: process.execPath,
    args: [FS_SERVER, root],
    log: () => {},
  });
  const request = async (id: number, method: string, params?: unknown): Promise<any> => {
    await agent.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) } as JSONRPCMessage);
    for (let i = 0; i < 200; i++) {
      const hit = inbox.find((m) => 'id' in m && m.id === id);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no answer to ${method}`);
  };
  await request(0, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } });
  await agent.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return { request, proxy, agent };
}

describe('MCP proxy relaying', () => {
  it('names tools for the gateway the way Claude Code does', () => {
    expect(gatewayToolName('fs', 'read_text_file')).toBe('mcp__fs__read_text_file');
  });

  it('passes requests other than tools/call through unchanged, errors included', async () => {
    const { request, proxy } = await rawProxy();
    try {
      const list = await request(1, 'tools/list');
      expect(list.result.tools.length).toBeGreaterThan(3);
      const unknown = await request(2, 'no/such/method');
      expect(unknown.error.code).toBe(-32601);
    } finally {
      await proxy.close();
    }
  });

  it('answers a tools/call without a tool name with invalid params, never reaching the server or the gateway', async () => {
    const { request, proxy } = await rawProxy();
    try {
      const before = await gw.gateway.store.db.selectFrom('decisions').select('id').execute();
      const r = await request(3, 'tools/call', { arguments: { path: 'a.txt' } });
      expect(r.error).toMatchObject({ code: -32602 });
      const after = await gw.gateway.store.db.selectFrom('decisions').select('id').execute();
      expect(after.length).toBe(before.length);
    } finally {
      await proxy.close();
    }
  });

  it('blocks a call the policy does not vouch for with an isError result (the model sees it as a failed tool call)', async () => {
    const { request, proxy } = await rawProxy();
    try {
      // A move out of the workspace into home: the shipped policy asks (a write outside the
      // workspace), and the proxy cannot prompt. (A move inside the workspace is everyday: MCP
      // tools are judged by the effects of their verb and input, src/normalize/tools/verbs.ts.)
      const r = await request(4, 'tools/call', { name: 'move_file', arguments: { source: path.join(root, 'a.txt'), destination: path.join(os.homedir(), 'toolgate-proxy-test-b.txt') } });
      expect(r.result.isError).toBe(true);
      expect(r.result.content[0].text).toMatch(/^toolgate needs approval: .*mcp__fs__move_file/);
    } finally {
      await proxy.close();
    }
  });

  it('fails to start, with the reason, when the server command does not exist', async () => {
    const [, proxySide] = InMemoryTransport.createLinkedPair();
    await expect(
      startMcpProxy({
        name: 'x',
        client: new GatewayClient({ ...resolveAdapterConfig({ gatewayUrl: gw.url }, {}), ask: 'native' }),
        sessionId: 's',
        cwd: root,
        upstream: proxySide,
        command: path.join(root, 'no-such-server'),
        log: () => {},
      }),
    ).rejects.toThrow(/ENOENT/);
  });
});

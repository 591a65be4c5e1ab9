/**
 * MCP end to end: the SDK's own client talks to toolgate's proxy, which runs the real
 * @modelcontextprotocol/server-filesystem behind it, with a real gateway deciding. The
 * credential file sits inside the server's allowed root, so the server itself would serve
 * it: a block can only come from toolgate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpProxy, type RunningProxy } from '../../src/integrations/mcp/proxy.js';
import { resolveAdapterConfig } from '../../src/integrations/shared/config.js';
import { GatewayClient } from '../../src/integrations/shared/gateway-client.js';
import { deadGatewayUrl } from '../support/dead-gateway.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ensureBuilt, removeRunDirs, ROOT, runDir } from './helpers.js';

const FS_SERVER = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
/** The operator's side of using MCP tools: the shipped policy asks for tools nobody vouched for. */
const TRUST_FS_TOOLS = path.join(ROOT, 'test/e2e/testdata/mcp-policy');

let gw: TestGateway;
let home: string;
let project: string;
beforeAll(async () => {
  gw = await startTestGateway({ policyDirs: [TRUST_FS_TOOLS] });
  home = path.join(runDir('toolgate-e2e-mcp-'), 'home');
  project = path.join(home, 'project');
  mkdirSync(path.join(home, '.ssh'), { recursive: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'README.md'), 'hello from the project\n');
  writeFileSync(path.join(home, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n');
}, 120_000);
afterAll(async () => {
  await gw?.close();
  removeRunDirs();
});

function text(result: any): string {
  return (result.content ?? []).map((c: { text?: string }) => c.text ?? '').join('');
}

async function exercise(client: Client) {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toContain('read_text_file');

  const allowed: any = await client.callTool({ name: 'read_text_file', arguments: { path: path.join(project, 'README.md') } });
  expect(allowed.isError, text(allowed)).toBeFalsy();
  expect(text(allowed)).toContain('hello from the project');

  const blocked: any = await client.callTool({ name: 'read_text_file', arguments: { path: path.join(home, '.ssh', 'id_rsa') } });
  expect(blocked.isError).toBe(true);
  expect(text(blocked)).toContain('toolgate blocked');
  expect(text(blocked)).not.toContain('PRIVATE KEY');
}

async function decisionsFor(session: string) {
  return gw.gateway.store.db.selectFrom('decisions').select(['tool', 'decision', 'categories']).where('session_id', '=', session).orderBy('seq').execute();
}

/** An SDK client connected to the proxy, and how to shut both down. */
interface Connected {
  client: Client;
  close(): Promise<void>;
}

/** The proxy started in this process (as the mcp-proxy command does), deciding through the gateway at `gatewayUrl`. */
async function inProcess(gatewayUrl: string, sessionId: string, timeoutMs?: number): Promise<Connected> {
  const [agentSide, proxySide] = InMemoryTransport.createLinkedPair();
  const proxy: RunningProxy = await startMcpProxy({
    name: 'fs',
    client: new GatewayClient({ ...resolveAdapterConfig({ gatewayUrl, timeoutMs }, {}), ask: 'native' }),
    sessionId,
    cwd: project,
    home,
    upstream: proxySide,
    command: process.execPath,
    args: [FS_SERVER, home],
    log: () => {},
  });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(agentSide);
  const close = async (): Promise<void> => {
    await client.close();
    await proxy.close();
  };
  return { client, close };
}

/** `toolgate mcp-proxy` over stdio, the way an agent starts it, with `options` before the `--` and `env` added to its environment. */
async function overStdio(options: string[], env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ensureBuilt(), 'mcp-proxy', '--name', 'fs', '--gateway', gw.url, ...options, '--', process.execPath, FS_SERVER, home],
    cwd: project,
    env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, close: () => client.close() };
}

/** Run `body` with the client, closing it (and the proxy) whatever happens. */
async function using(connected: Connected, body: (client: Client) => Promise<void>): Promise<void> {
  try {
    await body(connected.client);
  } finally {
    await connected.close();
  }
}

describe('MCP proxy in front of @modelcontextprotocol/server-filesystem', () => {
  it('in process: a read inside the root passes, a private key is blocked, other requests pass through', async () => {
    const session = `mcp-e2e-${Date.now()}`;
    await using(await inProcess(gw.url, session), exercise);
    const rows = await decisionsFor(session);
    expect(rows.map((r) => [r.tool, r.decision])).toEqual([
      ['mcp__fs__read_text_file', 'allow'],
      ['mcp__fs__read_text_file', 'deny'],
    ]);
    expect(JSON.parse(rows[1].categories)).toContain('credential_access');
  }, 60_000);

  it('as `toolgate mcp-proxy` over stdio, the way an agent starts it', async () => {
    const session = `mcp-cli-${Date.now()}`;
    await using(await overStdio(['--session', session], {}), exercise);
    expect((await decisionsFor(session)).map((r) => r.decision)).toEqual(['allow', 'deny']);
  }, 60_000);

  it('started by Claude Code (CLAUDE_CODE_SESSION_ID in its environment), its decisions join that session', async () => {
    const session = `claude-session-${Date.now()}`;
    await using(await overStdio([], { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: session }), exercise);
    expect((await decisionsFor(session)).map((r) => r.decision)).toEqual(['allow', 'deny']);
  }, 60_000);

  it('fails closed when the gateway is down: the call is blocked with the gateway URL named', async () => {
    const dead = await deadGatewayUrl();
    await using(await inProcess(dead, 'mcp-down', 1000), async (client) => {
      const r: any = await client.callTool({ name: 'read_text_file', arguments: { path: path.join(project, 'README.md') } });
      expect(r.isError).toBe(true);
      expect(text(r)).toContain(dead);
      expect(text(r)).not.toContain('hello from the project');
    });
  }, 60_000);
});

/** `toolgate mcp-proxy [--name N] [--gateway URL] -- <server command…>`: a checking stdio MCP proxy. */
import { homedir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { startMcpProxy } from '../integrations/mcp/proxy.js';
import { proxySessionId } from '../integrations/mcp/session.js';
import { resolveAdapterConfig } from '../integrations/shared/config.js';
import { GatewayClient } from '../integrations/shared/gateway-client.js';
import { adapterOverrides, fail } from './util.js';

/** Under the MCP SDK's default 60 s request timeout, so a blocked answer arrives before the client gives up. */
const MCP_APPROVAL_WAIT_MS = 50_000;

export function registerMcpProxyCommand(program: Command): void {
  program
    .command('mcp-proxy')
    .description('run an MCP server behind toolgate: every tools/call is checked first (stdio)')
    .argument('<server...>', 'the MCP server command and its arguments, after --')
    .option('--name <name>', 'the server name the agent uses (tools are checked as mcp__<name>__<tool>)')
    .option('--gateway <url>', 'gateway URL (default $TOOLGATE_URL or http://127.0.0.1:8787)')
    .option('--session <id>', "session id for the decisions (default $TOOLGATE_SESSION_ID, else the launching Claude Code session's $CLAUDE_CODE_SESSION_ID, else a new one)")
    .option('--agent <id>', 'agent id for the decisions')
    .option('--timeout <ms>', 'how long to wait for the gateway', (v) => Number(v))
    .option('--fail-open', 'allow calls when the gateway gives no decision (default: deny)')
    .option('--approval-wait <ms>', 'how long a call the policy asks about waits for `toolgate approvals approve` (default 50000)', (v) => Number(v))
    .action(async (server: string[], opts: { name?: string; gateway?: string; session?: string; agent?: string; timeout?: number; failOpen?: boolean; approvalWait?: number }) => {
      const [command, ...args] = server;
      if (!command) fail('give the MCP server command after --, e.g. toolgate mcp-proxy --name fs -- npx @modelcontextprotocol/server-filesystem .');
      let config;
      try {
        config = resolveAdapterConfig({
          ...adapterOverrides(opts),
          // MCP clients built on the SDK give up on a request after 60 s: answer before that.
          ...(opts.approvalWait !== undefined
            ? { approvalWaitMs: opts.approvalWait }
            : process.env.TOOLGATE_APPROVAL_WAIT_MS
              ? {}
              : { approvalWaitMs: MCP_APPROVAL_WAIT_MS }),
        });
      } catch (error) {
        fail((error as Error).message);
      }
      const name = opts.name ?? path.basename(command).replace(/\.[cm]?js$/, '');
      const proxy = await startMcpProxy({
        name,
        client: new GatewayClient({ ...config, ask: 'approval' }),
        sessionId: proxySessionId(opts.session, process.env, name).id,
        ...(opts.agent ? { agentId: opts.agent } : {}),
        cwd: process.cwd(),
        home: homedir(),
        command,
        args,
      }).catch((error: Error) => fail(`cannot start the MCP server "${command}": ${error.message}`));
      await proxy.closed;
      process.exit(0);
    });
}

/**
 * A stdio MCP proxy: the agent starts it as if it were the MCP server; it starts the real
 * server and relays every message unchanged, except `tools/call`, which the gateway checks
 * first. A denied call never reaches the server: the agent gets a tool result with
 * `isError: true` and the reason (a tool-execution error, which the model sees and can act
 * on). When the server answers an allowed call, the outcome goes to /v1/report.
 *
 * Messages from the agent are relayed one at a time, in order, so a call waiting for its
 * decision is never overtaken by a later message (e.g. its own cancellation).
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { type GatewayClient } from '../shared/gateway-client.js';
import { outputFigures } from '../shared/outcome.js';

export interface McpProxyOptions {
  /** The server's name as the agent knows it: tools are checked as `mcp__<name>__<tool>`. */
  name: string;
  client: GatewayClient;
  sessionId: string;
  agentId?: string;
  cwd: string;
  home?: string;
  /** Where the agent talks to us (default: our stdin/stdout). */
  upstream?: Transport;
  /** The real server (default: spawned from command/args). */
  downstream?: Transport;
  command?: string;
  args?: string[];
  log?: (message: string) => void;
}

export interface RunningProxy {
  /** Resolves when either side closed; the other side is closed too. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** `mcp__<server>__<tool>`, the name Claude Code gives MCP tools, so one rule matches both paths. */
export function gatewayToolName(server: string, tool: string): string {
  return `mcp__${server}__${tool}`;
}

function blockedResult(id: RequestId, text: string): JSONRPCMessage {
  return { jsonrpc: '2.0', id, result: { content: [{ type: 'text', text }], isError: true } };
}

export async function startMcpProxy(options: McpProxyOptions): Promise<RunningProxy> {
  const log = options.log ?? ((m: string) => process.stderr.write(`[toolgate mcp-proxy] ${m}\n`));
  const up = options.upstream ?? new StdioServerTransport();
  const down =
    options.downstream ??
    new StdioClientTransport({
      command: options.command ?? '',
      args: options.args ?? [],
      // The server gets the environment the agent gave us, as if the agent had started it.
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
      cwd: options.cwd,
      stderr: 'inherit',
    });

  /** Allowed calls on their way to the server: request id → decision id, for the report. */
  const inFlight = new Map<string, { decisionId: string; started: number }>();
  let closing = false;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const closeBoth = async () => {
    if (closing) return;
    closing = true;
    await Promise.allSettled([up.close(), down.close()]);
    resolveClosed();
  };

  const sendUp = (message: JSONRPCMessage) =>
    up.send(message).catch((e: Error) => log(`could not write to the agent: ${e.message}`));
  const sendDown = (message: JSONRPCMessage) =>
    down.send(message).catch((e: Error) => {
      log(`could not write to the server: ${e.message}`);
      if (isJSONRPCRequest(message)) {
        sendUp({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: `toolgate mcp-proxy: the server is not reachable (${e.message})` } });
      }
    });

  async function fromAgent(message: JSONRPCMessage): Promise<void> {
    if (!(isJSONRPCRequest(message) && message.method === 'tools/call')) {
      await sendDown(message);
      return;
    }
    const params = (message.params ?? {}) as { name?: unknown; arguments?: unknown };
    if (typeof params.name !== 'string' || params.name === '') {
      await sendUp({ jsonrpc: '2.0', id: message.id, error: { code: -32602, message: 'tools/call without a tool name' } });
      return;
    }
    const args = params.arguments && typeof params.arguments === 'object' && !Array.isArray(params.arguments) ? (params.arguments as Record<string, unknown>) : {};
    const verdict = await options.client.check({
      session_id: options.sessionId,
      ...(options.agentId ? { agent_id: options.agentId } : {}),
      tool: gatewayToolName(options.name, params.name),
      input: args,
      context: { cwd: options.cwd, ...(options.home ? { home: options.home } : {}) },
    });
    if (verdict.decision !== 'allow') {
      log(`blocked ${params.name}: ${verdict.message}`);
      await sendUp(blockedResult(message.id, verdict.message));
      return;
    }
    if (verdict.decision_id) inFlight.set(String(message.id), { decisionId: verdict.decision_id, started: Date.now() });
    await sendDown(message);
  }

  let queue = Promise.resolve();
  up.onmessage = (message: JSONRPCMessage) => {
    queue = queue.then(() => fromAgent(message)).catch((e: Error) => log(`relay error: ${e.message}`));
  };
  down.onmessage = (message: JSONRPCMessage) => {
    if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined) {
      const pending = inFlight.get(String(message.id));
      if (pending) {
        inFlight.delete(String(message.id));
        const result = isJSONRPCResultResponse(message) ? (message.result as { isError?: boolean }) : undefined;
        void options.client.report({
          decision_id: pending.decisionId,
          ok: !!result && result.isError !== true,
          duration_ms: Date.now() - pending.started,
          ...outputFigures(isJSONRPCResultResponse(message) ? message.result : message.error),
        });
      }
    }
    void sendUp(message);
  };
  up.onerror = (e) => log(`agent side: ${e.message}`);
  down.onerror = (e) => log(`server side: ${e.message}`);
  up.onclose = () => void closeBoth();
  down.onclose = () => void closeBoth();

  // The server first: if it cannot start, the agent should see the proxy fail, not hang.
  await down.start();
  await up.start();
  return { closed, close: closeBoth };
}

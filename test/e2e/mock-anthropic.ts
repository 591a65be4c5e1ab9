/**
 * A scripted Anthropic Messages API on loopback, enough for Claude Code's `-p` mode: the main
 * conversation (requests that offer tools) gets the scripted turns in order, one per assistant
 * turn already in the conversation; side requests (titles, summaries) get a short text. Every
 * request is recorded so tests can read what the model was sent back (tool results, reasons).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export type ScriptedTurn =
  | { kind: 'tool_use'; name: string; input: Record<string, unknown>; id?: string }
  | { kind: 'text'; text: string };

export interface RecordedRequest {
  path: string;
  body: {
    model?: string;
    stream?: boolean;
    tools?: Array<{ name: string }>;
    messages?: Array<{ role: string; content: unknown }>;
  };
}

export interface MockAnthropic {
  url: string;
  requests: RecordedRequest[];
  /** tool_result blocks Claude Code sent back, in order. */
  toolResults(): Array<{ tool_use_id: string; is_error?: boolean; text: string }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function contentOf(turn: ScriptedTurn, index: number): Record<string, unknown> {
  return turn.kind === 'tool_use'
    ? { type: 'tool_use', id: turn.id ?? `toolu_mock_${index}`, name: turn.name, input: turn.input }
    : { type: 'text', text: turn.text };
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function streamMessage(model: string, block: Record<string, unknown>, id: string): string {
  const stop = block.type === 'tool_use' ? 'tool_use' : 'end_turn';
  const start = block.type === 'tool_use' ? { ...block, input: {} } : { type: 'text', text: '' };
  const delta =
    block.type === 'tool_use'
      ? { type: 'input_json_delta', partial_json: JSON.stringify(block.input) }
      : { type: 'text_delta', text: block.text };
  return [
    sse('message_start', {
      type: 'message_start',
      message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 50, output_tokens: 1 } },
    }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: start }),
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 20 } }),
    sse('message_stop', { type: 'message_stop' }),
  ].join('');
}

export async function startMockAnthropic(script: ScriptedTurn[]): Promise<MockAnthropic> {
  const requests: RecordedRequest[] = [];
  let counter = 0;
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = req.url ?? '/';
    let body: RecordedRequest['body'] = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      /* recorded as empty */
    }
    requests.push({ path, body });
    if (path.startsWith('/v1/messages/count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 100 }));
      return;
    }
    if (!path.startsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: path } }));
      return;
    }
    const model = body.model ?? 'claude-mock';
    const isMain = (body.tools ?? []).some((t) => t.name === 'Bash');
    let block: Record<string, unknown>;
    if (isMain) {
      const assistantTurns = (body.messages ?? []).filter((m) => m.role === 'assistant').length;
      const turn = script[assistantTurns] ?? { kind: 'text', text: 'done' };
      block = contentOf(turn, assistantTurns);
    } else {
      block = { type: 'text', text: 'ok' };
    }
    const id = `msg_mock_${++counter}`;
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(streamMessage(model, block, id));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id, type: 'message', role: 'assistant', model, content: [block],
          stop_reason: block.type === 'tool_use' ? 'tool_use' : 'end_turn', stop_sequence: null,
          usage: { input_tokens: 50, output_tokens: 20 },
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    toolResults() {
      const seen = new Map<string, { tool_use_id: string; is_error?: boolean; text: string }>();
      for (const r of requests) {
        for (const m of r.body.messages ?? []) {
          if (m.role !== 'user' || !Array.isArray(m.content)) continue;
          for (const block of m.content as Array<Record<string, unknown>>) {
            if (block.type !== 'tool_result') continue;
            const c = block.content;
            const text = typeof c === 'string' ? c : Array.isArray(c) ? c.map((x: { text?: string }) => x.text ?? '').join('') : '';
            seen.set(String(block.tool_use_id), { tool_use_id: String(block.tool_use_id), is_error: block.is_error as boolean | undefined, text });
          }
        }
      }
      return [...seen.values()];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A scripted OpenAI Chat Completions API on loopback, for OpenClaw's `openai-completions`
 * provider: each request gets the scripted turn at index "assistant messages so far" (so a
 * retried request gets the same turn), streamed as SSE or returned whole. Every request is
 * recorded so tests can read the tool results OpenClaw sent back.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export type ScriptedCall =
  | { kind: 'tool_call'; name: string; arguments: Record<string, unknown>; id?: string }
  | { kind: 'text'; text: string };

export interface ChatMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
  tool_calls?: unknown[];
}

export interface MockOpenAI {
  /** Base URL for the provider config (with /v1). */
  baseUrl: string;
  requests: Array<{ path: string; body: { messages?: ChatMessage[]; stream?: boolean; tools?: unknown[] } }>;
  /** Tool-result messages OpenClaw sent back, in order, text only. */
  toolResults(): Array<{ tool_call_id?: string; text: string }>;
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c: { text?: string }) => c?.text ?? '').join('');
  return '';
}

export async function startMockOpenAI(script: ScriptedCall[]): Promise<MockOpenAI> {
  const requests: MockOpenAI['requests'] = [];
  let n = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: MockOpenAI['requests'][number]['body'] = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      /* recorded as empty */
    }
    const path = req.url ?? '/';
    requests.push({ path, body });
    if (req.method === 'GET' && path.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'mock-1', object: 'model' }] }));
      return;
    }
    if (!path.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${path}` } }));
      return;
    }
    const turnIndex = (body.messages ?? []).filter((m) => m.role === 'assistant').length;
    const turn = script[turnIndex] ?? { kind: 'text', text: 'done' };
    const id = `chatcmpl-mock-${++n}`;
    const created = Math.floor(Date.now() / 1000);
    const toolCall =
      turn.kind === 'tool_call'
        ? { id: turn.id ?? `call_mock_${turnIndex}`, type: 'function', function: { name: turn.name, arguments: JSON.stringify(turn.arguments) } }
        : undefined;
    const finish = toolCall ? 'tool_calls' : 'stop';
    const usage = { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 };
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (delta: unknown, finish_reason: string | null, extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'mock-1', choices: [{ index: 0, delta, finish_reason }], ...extra })}\n\n`;
      const first = toolCall
        ? chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall }] }, null)
        : chunk({ role: 'assistant', content: turn.kind === 'text' ? turn.text : '' }, null);
      res.end(first + chunk({}, finish) + `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'mock-1', choices: [], usage })}\n\n` + 'data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id, object: 'chat.completion', created, model: 'mock-1',
        choices: [{ index: 0, message: { role: 'assistant', content: turn.kind === 'text' ? turn.text : null, ...(toolCall ? { tool_calls: [toolCall] } : {}) }, finish_reason: finish }],
        usage,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    toolResults() {
      const seen = new Map<string, { tool_call_id?: string; text: string }>();
      for (const r of requests) {
        for (const m of r.body.messages ?? []) {
          if (m.role === 'tool') seen.set(`${m.tool_call_id}`, { tool_call_id: m.tool_call_id, text: textOf(m.content) });
        }
      }
      return [...seen.values()];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Claude Code's `http` hook type, served by the gateway itself: the hook event JSON is the
 * request body and the answer is Claude Code's hook output JSON, so no process is spawned per
 * tool call. The handler speaks to the gateway's own /v1/check through the app in-process
 * (`app.request`), keeping auth, validation and limits exactly those of the public API.
 */
import { duplicateKey, duplicateKeyMessage } from '../../api/strict-json.js';
import { type Context, type Hono } from 'hono';
import { MemoryCallLedger, type CallLedger } from '../shared/call-ledger.js';
import { GatewayClient } from '../shared/gateway-client.js';
import { TOKEN_ENV } from '../shared/config.js';
import { handleClaudeCodeHook } from './adapter.js';
import { MAX_HOOK_INPUT_BYTES } from './command-hook.js';
import { contextTokensFromTranscript } from './transcript.js';
import { MemoryUsageCursor, newUsage } from './usage.js';
import type { ErrorBody, ErrorCode } from '../../api/errors.js';

/** An error in the gateway's one shape, with a code from its catalogue (src/api/errors.ts). */
const errorBody = (code: ErrorCode, message: string): ErrorBody => ({ error: { code, message } });

export interface ClaudeCodeHttpHookOptions {
  /** Per-check time budget; Claude Code's own hook timeout (30 s as installed) must exceed it. */
  timeoutMs?: number;
  ledger?: CallLedger;
  /**
   * Read context and token usage from the transcript the event names (`serve --read-transcripts`).
   * Only when gateway and Claude Code share a host and the gateway may read the agent's files;
   * off by default, since the path comes from the request.
   */
  readTranscripts?: boolean;
}

// Hono apps are generic over their Env; this route works with any of them (hence any).
type AnyHono = Hono<any, any, any>;

/** `$HOME` arrives unexpanded when Claude Code was not allowed to interpolate it. */
function headerValue(c: Context, name: string): string | undefined {
  const v = c.req.header(name)?.trim();
  return v && !v.startsWith('$') ? v : undefined;
}

export function claudeCodeHttpHookHandler(app: AnyHono, options: ClaudeCodeHttpHookOptions = {}) {
  const ledger = options.ledger ?? new MemoryCallLedger();
  const usageCursor = new MemoryUsageCursor();
  const transcripts = options.readTranscripts
    ? {
        usageOf: (sessionId: string, transcript: string | undefined) => newUsage(transcript, sessionId, usageCursor),
        contextOf: (event: { transcript_path?: string }) => {
          const tokens = contextTokensFromTranscript(event.transcript_path);
          return tokens !== undefined ? { context_tokens: tokens } : {};
        },
      }
    : {};
  return async (c: Context): Promise<Response> => {
    const raw = await c.req.text();
    if (Buffer.byteLength(raw) > MAX_HOOK_INPUT_BYTES) {
      return c.json(errorBody('payload_too_large', `hook event larger than ${MAX_HOOK_INPUT_BYTES} bytes`), 413);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return c.json(errorBody('malformed_json', 'the body is not JSON; expected a Claude Code hook event'), 400);
    }
    const duplicate = duplicateKey(raw);
    if (duplicate !== null) return c.json({ error: { code: 'duplicate_key', message: duplicateKeyMessage(duplicate) } }, 400);
    // Forward the caller's credentials to the in-process check; "Bearer " with nothing after it
    // is what Claude Code sends when $TOOLGATE_TOKEN is unset, so it is dropped, not forwarded.
    const authorization = c.req.header('authorization')?.trim();
    const headers: Record<string, string> = {};
    if (authorization && !/^bearer\s*(\$\w+)?$/i.test(authorization)) headers.authorization = authorization;
    const client = new GatewayClient({
      gatewayUrl: new URL(c.req.url).origin,
      timeoutMs: options.timeoutMs ?? 20_000,
      failMode: 'closed',
      approvalWaitMs: 0,
      ask: 'native',
      headers,
      fetch: async (url, init) => app.request(url, init),
    });
    // Claude Code expands the bearer from $TOOLGATE_TOKEN of the environment its tools inherit.
    const tokenEnv = headers.authorization ? [...TOKEN_ENV] : [];
    const result = await handleClaudeCodeHook(body, { client, ledger, home: headerValue(c, 'x-toolgate-home'), tokenEnv, ...transcripts });
    if (!result.ok) return c.json(errorBody('invalid_hook_event', result.error), 400);
    return c.json(result.output, 200);
  };
}

export function registerClaudeCodeHookRoutes(app: AnyHono, options: ClaudeCodeHttpHookOptions = {}): void {
  app.post('/v1/hooks/claude-code', claudeCodeHttpHookHandler(app, options));
}

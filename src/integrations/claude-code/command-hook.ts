/**
 * The command-hook form: one process per event, hook JSON on stdin, hook output JSON on
 * stdout. It denies by itself whenever it cannot reach a decision, and exits 2 (which Claude
 * Code treats as blocking, showing stderr) when its input is not a hook event at all.
 */
import { homedir } from 'node:os';
import { FileCallLedger, type CallLedger } from '../shared/call-ledger.js';
import { tokenEnvOf, type AdapterConfig } from '../shared/config.js';
import { GatewayClient } from '../shared/gateway-client.js';
import { handleClaudeCodeHook, preToolUseOutput } from './adapter.js';
import { contextTokensFromTranscript } from './transcript.js';
import { FileUsageCursor, newUsage, type UsageCursor } from './usage.js';

/** The model's context window, which no hook event states: TOOLGATE_CONTEXT_WINDOW (tokens). */
function contextWindow(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.TOOLGATE_CONTEXT_WINDOW);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Hook inputs carry whole files for Write; anything past this is not a hook event. */
export const MAX_HOOK_INPUT_BYTES = 16 * 1024 * 1024;

export interface CommandHookResult {
  exitCode: 0 | 2;
  stdout: string;
  stderr: string;
}

export async function runCommandHook(
  raw: string,
  config: AdapterConfig,
  ledger: CallLedger = new FileCallLedger(),
  usageCursor: UsageCursor = new FileUsageCursor(),
): Promise<CommandHookResult> {
  if (Buffer.byteLength(raw) > MAX_HOOK_INPUT_BYTES) {
    return { exitCode: 2, stdout: '', stderr: `toolgate hook: input larger than ${MAX_HOOK_INPUT_BYTES} bytes; blocked\n` };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { exitCode: 2, stdout: '', stderr: 'toolgate hook: stdin is not JSON (expected a Claude Code hook event); blocked\n' };
  }
  const client = new GatewayClient({ ...config, ask: 'native' });
  try {
    const window = contextWindow(process.env);
    const result = await handleClaudeCodeHook(body, {
      client,
      ledger,
      home: homedir(),
      // This process runs in the environment Claude Code gives its tools.
      tokenEnv: tokenEnvOf(process.env),
      usageOf: (sessionId, transcript) => newUsage(transcript, sessionId, usageCursor),
      contextOf: (event) => {
        const tokens = contextTokensFromTranscript(event.transcript_path);
        return { ...(tokens !== undefined ? { context_tokens: tokens } : {}), ...(window ? { context_window: window } : {}) };
      },
    });
    if (!result.ok) return { exitCode: 2, stdout: '', stderr: `toolgate hook: ${result.error}; blocked\n` };
    return { exitCode: 0, stdout: `${JSON.stringify(result.output)}\n`, stderr: '' };
  } catch (err) {
    // Nothing above should throw; if it does, a PreToolUse must still end in a deny.
    const message = `toolgate hook failed (${err instanceof Error ? err.message : String(err)}); the call is blocked because the firewall fails closed`;
    return { exitCode: 0, stdout: `${JSON.stringify(preToolUseOutput('deny', message))}\n`, stderr: '' };
  }
}

export async function readStdin(limit = MAX_HOOK_INPUT_BYTES + 1): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buf.length;
    if (size > limit) break;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

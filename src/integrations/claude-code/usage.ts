/**
 * Token usage from Claude Code's transcript, so that the token budgets fire for Claude Code:
 * hook events carry no usage, the transcript does (each assistant message's `usage`). Each
 * message is counted once: the id of the last message counted is kept per session (a cursor),
 * and a report carries the usage of the messages after it. A message streamed as several
 * transcript lines (one per content block) shares one `message.id` and one usage: counted once.
 *
 * Measured: input tokens (input + cache creation + cache reads) and output tokens. Not
 * measured: cost (the transcript has no prices).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTail } from './transcript.js';

/** The tail to read: a transcript grows without bound; what is new is near its end. */
const TAIL_BYTES = 512 * 1024;

export interface Usage {
  tokens_in: number;
  tokens_out: number;
}

export interface UsageCursor {
  last(sessionId: string): string | undefined;
  save(sessionId: string, messageId: string): void;
}

interface AssistantMessage {
  id: string;
  usage: Usage;
}

/** Assistant messages with usage, in transcript order, each id once. */
export function assistantMessages(text: string): AssistantMessage[] {
  const out: AssistantMessage[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.includes('"usage"')) continue;
    let entry: { type?: string; uuid?: string; message?: { id?: string; usage?: Record<string, unknown> } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // the tail's first line may be cut; the transcript may be mid-write
    }
    const u = entry.message?.usage;
    const id = entry.message?.id ?? entry.uuid;
    if (entry.type !== 'assistant' || !u || typeof id !== 'string' || seen.has(id)) continue;
    seen.add(id);
    const n = (k: string) => (typeof u[k] === 'number' && Number.isFinite(u[k]) && (u[k] as number) >= 0 ? Math.round(u[k] as number) : 0);
    out.push({ id, usage: { tokens_in: n('input_tokens') + n('cache_creation_input_tokens') + n('cache_read_input_tokens'), tokens_out: n('output_tokens') } });
  }
  return out;
}

/**
 * The usage of the assistant messages after the session's cursor, and moves the cursor. Nothing
 * new (or no transcript): undefined, and the report goes without token figures.
 */
export function newUsage(transcriptPath: string | undefined, sessionId: string, cursor: UsageCursor): Usage | undefined {
  if (!transcriptPath) return undefined;
  const text = readTail(transcriptPath, TAIL_BYTES);
  if (text === undefined) return undefined;
  const messages = assistantMessages(text);
  if (messages.length === 0) return undefined;
  const last = cursor.last(sessionId);
  const at = last === undefined ? -1 : messages.findIndex((m) => m.id === last);
  const fresh = messages.slice(at + 1);
  if (fresh.length === 0) return undefined;
  cursor.save(sessionId, fresh[fresh.length - 1]!.id);
  return fresh.reduce((sum, m) => ({ tokens_in: sum.tokens_in + m.usage.tokens_in, tokens_out: sum.tokens_out + m.usage.tokens_out }), { tokens_in: 0, tokens_out: 0 });
}

export class MemoryUsageCursor implements UsageCursor {
  private readonly ids = new Map<string, string>();
  constructor(private readonly capacity = 10_000) {}
  last(sessionId: string): string | undefined {
    return this.ids.get(sessionId);
  }
  save(sessionId: string, messageId: string): void {
    this.ids.delete(sessionId);
    this.ids.set(sessionId, messageId);
    while (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value as string);
  }
}

/** For the command hook (a process per event): one small file per session, named by a hash. */
export class FileUsageCursor implements UsageCursor {
  constructor(readonly dir = join(tmpdir(), `toolgate-usage-${process.getuid?.() ?? 'user'}`)) {}
  private file(sessionId: string): string {
    return join(this.dir, createHash('sha256').update(sessionId).digest('hex'));
  }
  last(sessionId: string): string | undefined {
    try {
      return readFileSync(this.file(sessionId), 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }
  save(sessionId: string, messageId: string): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(this.file(sessionId), messageId, { mode: 0o600 });
    } catch {
      // Losing the cursor can only count a message twice or not at all; it never blocks a call.
    }
  }
}

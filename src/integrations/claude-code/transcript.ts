/**
 * How full the model's context is, read from Claude Code's transcript (JSONL, one entry per
 * line): the last assistant entry's usage is what the model saw on its latest turn. Hook
 * events do not carry it, and the gateway's context rules need it. Read only by the command
 * hook, which runs as the agent's user: the gateway does not open paths that requests name.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The tail to read: a transcript grows without bound, the last turn is near its end. */
const TAIL_BYTES = 256 * 1024;

/** The last `bytes` of a file as text; undefined when it cannot be read (no transcript yet). */
export function readTail(path: string, bytes = TAIL_BYTES): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - bytes);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    return buf.toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function contextTokensFromTranscript(path: string | undefined): number | undefined {
  // No transcript yet, or unreadable: the check goes without context figures.
  const tail = path ? readTail(path) : undefined;
  if (tail === undefined) return undefined;
  const lines = tail.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line.includes('"usage"')) continue;
    let entry: { type?: string; message?: { usage?: Record<string, unknown> } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // the first line of the tail may be cut; the transcript may be mid-write
    }
    const u = entry.message?.usage;
    if (entry.type !== 'assistant' || !u) continue;
    const n = (k: string) => (typeof u[k] === 'number' && Number.isFinite(u[k]) && (u[k] as number) >= 0 ? (u[k] as number) : 0);
    return Math.round(n('input_tokens') + n('cache_creation_input_tokens') + n('cache_read_input_tokens') + n('output_tokens'));
  }
  return undefined;
}

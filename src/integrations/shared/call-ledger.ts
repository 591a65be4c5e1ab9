/**
 * Remembers which gateway decision a client's tool call got, so the outcome reported after
 * the call can name it (`/v1/report` takes a decision_id, the client's after-call event only
 * carries its own call id). Two stores: memory for long-lived adapters (http hook route,
 * OpenClaw plugin, MCP proxy) and files for the command hook, which is a new process per event.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CallLedger {
  remember(sessionId: string, callId: string, decisionId: string): void;
  /** Returns the decision id once and forgets it. */
  take(sessionId: string, callId: string): string | undefined;
}

export class MemoryCallLedger implements CallLedger {
  private readonly entries = new Map<string, string>();
  constructor(private readonly capacity = 10_000) {}

  remember(sessionId: string, callId: string, decisionId: string): void {
    const key = `${sessionId}\u0000${callId}`;
    this.entries.delete(key);
    this.entries.set(key, decisionId);
    // Maps iterate in insertion order: the first key is the oldest. Bounded so calls whose
    // outcome never comes (a crash, a denied call) cannot grow memory forever.
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  take(sessionId: string, callId: string): string | undefined {
    const key = `${sessionId}\u0000${callId}`;
    const id = this.entries.get(key);
    this.entries.delete(key);
    return id;
  }
}

/** One small file per pending call; names are hashes so hostile ids cannot escape the folder. */
export class FileCallLedger implements CallLedger {
  constructor(
    readonly dir = join(tmpdir(), `toolgate-calls-${process.getuid?.() ?? 'user'}`),
    private readonly maxAgeMs = 24 * 3600_000,
  ) {}

  private file(sessionId: string, callId: string): string {
    return join(this.dir, createHash('sha256').update(`${sessionId}\u0000${callId}`).digest('hex'));
  }

  remember(sessionId: string, callId: string, decisionId: string): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(this.file(sessionId, callId), decisionId, { mode: 0o600 });
      this.sweep();
    } catch {
      // Losing the link only loses one outcome report; it must never block the call.
    }
  }

  take(sessionId: string, callId: string): string | undefined {
    const file = this.file(sessionId, callId);
    try {
      const id = readFileSync(file, 'utf8').trim();
      rmSync(file, { force: true });
      return id || undefined;
    } catch {
      return undefined;
    }
  }

  /** Drops links older than maxAgeMs (calls whose outcome never came), now and then. */
  private sweep(): void {
    if (Math.random() > 0.02) return;
    const now = Date.now();
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      try {
        if (now - statSync(path).mtimeMs > this.maxAgeMs) rmSync(path, { force: true });
      } catch {
        /* raced with another hook process: fine */
      }
    }
  }
}

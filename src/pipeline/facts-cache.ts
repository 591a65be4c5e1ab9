/**
 * Facts of recently seen calls: agents repeat the same commands (`git status`, `npm test`,
 * `ls`) many times, and normalizing is a pure function of the call and its context.
 *
 * Only facts that were stated completely are kept: a result with any indeterminate reason
 * (time budget, too long, parse trouble) is never cached, so that a call cut short on a
 * busy moment is analysed again next time rather than frozen. Bounded in entries and key
 * size; least recently used out first. TOOLGATE_PERF_CACHES=0 turns it off.
 */
import type { Normalized, NormalizeContext } from '../normalize/index.js';

/** Calls whose key (tool, context, input JSON) is longer are not cached. */
const MAX_KEY_LENGTH = 8192;

export class FactsCache {
  private readonly entries = new Map<string, Normalized>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 2000) {}

  static key(tool: string, input: unknown, ctx: NormalizeContext): string | null {
    let json: string;
    try {
      json = JSON.stringify(input);
    } catch {
      return null;
    }
    if (json === undefined || json.length > MAX_KEY_LENGTH) return null;
    return `${tool}\u0000${ctx.cwd}\u0000${ctx.home}\u0000${ctx.workspace_roots.join('\u0001')}\u0000${json}`;
  }

  get(key: string): Normalized | undefined {
    const found = this.entries.get(key);
    if (!found) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Most recently used last, so that eviction takes the oldest.
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  set(key: string, normalized: Normalized): void {
    const indeterminate = (normalized.facts as { indeterminate?: unknown }).indeterminate;
    if (!Array.isArray(indeterminate) || indeterminate.length > 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, normalized);
  }
}

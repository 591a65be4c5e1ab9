/**
 * Facts of recently seen calls: agents repeat the same commands (`git status`, `npm test`,
 * `ls`) many times, and normalizing is a pure function of the call and its context.
 *
 * Only facts that were stated completely are kept: a result with any indeterminate reason
 * (time budget, too long, parse trouble) is never cached, so that a call cut short on a
 * busy moment is analysed again next time rather than frozen. Bounded in entries, in key
 * size and in total size; least recently used out first. TOOLGATE_PERF_CACHES=0 turns it off.
 *
 * The total size matters as much as the count: a typical call's facts are under 1 KB of JSON,
 * but a long command line under the key limit (many commands, each with paths and URLs) states
 * 50 KB and more, so 2,000 such calls bounded by count alone would hold hundreds of MB.
 */
import { LRUCache } from 'lru-cache';
import type { Normalized, NormalizeContext } from '../normalize/index.js';
import { factsComplete } from './policy-input.js';

/** Calls whose key (tool, context, input JSON) is longer are not cached. */
const MAX_KEY_LENGTH = 8192;

/**
 * Rough upper bound of what the cache may hold, in UTF-16 characters of keys and facts JSON
 * (the objects take a few times that on the heap). 2,000 typical calls take about 2 M.
 */
const MAX_SIZE_CHARS = 4 * 1024 * 1024;

export class FactsCache {
  private readonly entries: LRUCache<string, Normalized>;
  hits = 0;
  misses = 0;

  constructor(maxEntries = 2000, maxSizeChars = MAX_SIZE_CHARS) {
    this.entries = new LRUCache<string, Normalized>({
      max: maxEntries,
      maxSize: maxSizeChars,
      // An entry bigger than the whole cache is not kept (lru-cache does not store it).
      sizeCalculation: (normalized, key) => key.length + factsLength(normalized, maxSizeChars) + 64,
    });
  }

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
    return found;
  }

  set(key: string, normalized: Normalized): void {
    if (!factsComplete(normalized)) return;
    this.entries.set(key, normalized);
  }

  get size(): number {
    return this.entries.size;
  }

  /** What the entries weigh, in the characters of MAX_SIZE_CHARS. */
  get sizeChars(): number {
    return this.entries.calculatedSize;
  }
}

/** Length of the facts as JSON; facts that cannot be serialised weigh more than the cache holds. */
function factsLength(normalized: Normalized, tooBig: number): number {
  try {
    return JSON.stringify(normalized.facts)?.length ?? 0;
  } catch {
    return tooBig + 1;
  }
}

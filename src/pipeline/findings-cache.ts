/**
 * Findings of the call-only rule areas for calls seen before.
 *
 * Most of a decision's cost is the WASM evaluation of the tool-safety rules (bash, files,
 * web…), and those rules decide from the call alone: the same command in the same context
 * meets the same findings whatever the session looks like. The session rules do read the
 * session, so they are evaluated on every call; a repeated call passes the kept findings as
 * input.cached and the policy skips the areas they came from (policies/toolgate/decision.rego).
 *
 * Which areas are call-only is decided from the Rego sources at build time
 * (src/policy/call-only-areas.ts). Entries are keyed by the policy revision, so a reload never
 * reuses findings of another policy. Calls whose facts are indeterminate are not kept (as in
 * the facts cache: a call cut short on a busy moment is analysed again next time).
 * TOOLGATE_PERF_CACHES=0 turns it off.
 */
import { LRUCache } from 'lru-cache';
import type { PolicyFinding } from '../policy/index.js';

export interface KeptFindings {
  /** The areas these findings stand for: the policy does not evaluate them again. */
  areas: string[];
  findings: PolicyFinding[];
  /** The call's input and facts as the decision log stores them (masked, serialised), once computed. */
  logged?: { input: string; facts: string; mask: (value: unknown) => unknown };
}

/** Rough upper bound of what the cache may hold, in UTF-16 characters of keys and findings. */
const MAX_SIZE_CHARS = 8 * 1024 * 1024;

export class FindingsCache {
  private readonly entries: LRUCache<string, KeptFindings>;
  private revision: string | null = null;
  hits = 0;
  misses = 0;

  constructor(maxEntries = 2000) {
    this.entries = new LRUCache<string, KeptFindings>({
      max: maxEntries,
      maxSize: MAX_SIZE_CHARS,
      // The logged strings are filled in after set(), so the size allows for them: the key
      // holds the input, and facts are rarely more than a few times their call.
      sizeCalculation: (value, key) => 4 * key.length + JSON.stringify(value.findings).length + 64,
    });
  }

  /**
   * The key of a call: its facts key (tool, input, cwd, home, roots) and the fields of the
   * context the call-only areas read (all of it when fields is null). context_tokens, which
   * grows on every call, is then no part of it unless a call-only rule reads it.
   */
  static key(factsKey: string, policyContext: Record<string, unknown>, fields: readonly string[] | null): string {
    const context = fields === null ? policyContext : fields.map((field) => policyContext[field] ?? null);
    return `${factsKey}\u0000${JSON.stringify(context)}`;
  }

  get(revision: string, key: string): KeptFindings | undefined {
    if (revision !== this.revision) return undefined;
    const found = this.entries.get(key);
    if (found) this.hits += 1;
    else this.misses += 1;
    return found;
  }

  set(revision: string, key: string, kept: KeptFindings): void {
    // One revision at a time: findings of a replaced policy are of no further use.
    if (revision !== this.revision) {
      this.entries.clear();
      this.revision = revision;
    }
    this.entries.set(key, kept);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** What to keep of an evaluation: the findings of the call-only areas the call met. */
export function keepCallOnly(callOnlyAreas: readonly string[], byArea: Record<string, PolicyFinding[]>): KeptFindings {
  const areas = Object.keys(byArea).filter((area) => callOnlyAreas.includes(area));
  return { areas, findings: areas.flatMap((area) => byArea[area] ?? []) };
}

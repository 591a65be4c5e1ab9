import { withCustomIndex } from './custom-index.js';
import type { RegoModuleText } from './call-only-areas.js';

/**
 * Where the build puts the index of the data's glob lists (lib.glob_entry in policies/lib/lib.rego).
 *
 * OPA's WASM target does not memoize a Rego function's result, so lib.glob_candidates split
 * every glob of a list for every path and list it was asked about (the largest single cost of
 * a first-sight bash call's evaluation tail). The build does that work once: for each list of
 * data.config whose only special character is `*`, each glob's literal prefix, suffix and
 * middle parts, grouped by the first (or last) K characters of its prefix (or suffix), so that
 * a path is compared with the few globs that can fit it. Entries are found by the list's first
 * and last glob (joined by NUL) and carry the list itself, which lib.glob_entry compares with
 * the list it was given: a list the index does not hold as it is (changed by `with`, or with
 * other special characters) finds no entry, and the functions fall back to scanning it. The index never decides: it only narrows which globs
 * glob.match is given, to exactly those the scan would give.
 */
export const GLOB_INDEX_KEY = 'toolgate_glob_index';

/** Keys under data.config whose string lists are regexes or their hints, never globs. */
const NOT_GLOBS = new Set(['regex_hints', 'regex_alternatives']);
/** The special characters of glob.match other than `*` (and the NUL that joins a key). */
const OTHER_SPECIALS = /[?[{\\\u0000]/;
const MAX_K = 16;

/** A glob with `*`: [glob, literal prefix, literal suffix, the non-empty literal parts between]. */
type Candidate = [string, string, string, string[]];

export interface GlobIndexEntry {
  /** The list as data holds it (compared whole before the entry is used). */
  globs: string[];
  /** Prefix and suffix bucket keys are this many characters (Unicode code points, as Rego's substring counts). */
  k: number;
  members: Record<string, true>;
  /** Globs without `*`: glob.match of one is an equality test. */
  literals: Record<string, true>;
  /** For each glob `d/**`, d: the directory itself (cp x /etc/cron.d/ writes into it). */
  dirs: Record<string, true>;
  by_prefix: Record<string, Candidate[]>;
  by_suffix: Record<string, Candidate[]>;
  /** Globs whose prefix and suffix are both shorter than k: compared with every subject. */
  rest: Candidate[];
}

const chars = (s: string) => Array.from(s);

function candidate(glob: string): Candidate {
  const parts = glob.split('*');
  return [glob, parts[0], parts[parts.length - 1], parts.slice(1, -1).filter((p) => p !== '')];
}

function bucketed(candidates: Candidate[], k: number): Pick<GlobIndexEntry, 'by_prefix' | 'by_suffix' | 'rest'> {
  const byPrefix: Record<string, Candidate[]> = {};
  const bySuffix: Record<string, Candidate[]> = {};
  const rest: Candidate[] = [];
  for (const c of candidates) {
    const prefix = chars(c[1]);
    const suffix = chars(c[2]);
    if (prefix.length >= k) (byPrefix[prefix.slice(0, k).join('')] ??= []).push(c);
    else if (suffix.length >= k) (bySuffix[suffix.slice(suffix.length - k).join('')] ??= []).push(c);
    else rest.push(c);
  }
  return { by_prefix: byPrefix, by_suffix: bySuffix, rest };
}

/** The most globs one subject is compared with: the largest prefix and suffix buckets and the rest. */
function worstScan(b: Pick<GlobIndexEntry, 'by_prefix' | 'by_suffix' | 'rest'>): number {
  const largest = (o: Record<string, Candidate[]>) => Math.max(0, ...Object.values(o).map((l) => l.length));
  return largest(b.by_prefix) + largest(b.by_suffix) + b.rest.length;
}

export function globIndexEntry(list: readonly string[]): GlobIndexEntry {
  const candidates = list.filter((g) => g.includes('*')).map(candidate);
  let best = { k: 1, buckets: bucketed(candidates, 1) };
  for (let k = 2; k <= MAX_K; k++) {
    const buckets = bucketed(candidates, k);
    if (worstScan(buckets) < worstScan(best.buckets)) best = { k, buckets };
  }
  const set = (globs: string[]) => Object.fromEntries(globs.map((g) => [g, true as const]));
  return {
    globs: [...list],
    k: best.k,
    members: set([...list]),
    literals: set(list.filter((g) => !g.includes('*'))),
    dirs: set(list.filter((g) => g.endsWith('/**')).map((g) => g.slice(0, -3))),
    ...best.buckets,
  };
}

/** A list the index can hold: strings, some with `*`, none with another special character. */
function indexable(value: unknown): value is string[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  if (!value.every((v) => typeof v === 'string' && !OTHER_SPECIALS.test(v))) return false;
  return value.some((v) => v.includes('*'));
}

/** The key lib.glob_entry looks a list up by: its first and last glob joined by NUL. */
export function globIndexKey(list: readonly string[]): string {
  return `${list[0]}\u0000${list[list.length - 1]}`;
}

/** The index of every glob list under data.config: key → the entries of the lists with that key. */
export function globIndex(config: unknown): Record<string, GlobIndexEntry[]> {
  const index: Record<string, GlobIndexEntry[]> = {};
  const walk = (value: unknown): void => {
    if (indexable(value)) {
      const entries = (index[globIndexKey(value)] ??= []);
      if (!entries.some((e) => e.globs.length === value.length && e.globs.every((g, i) => g === value[i]))) entries.push(globIndexEntry(value));
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) if (!NOT_GLOBS.has(key)) walk(child);
    }
  };
  walk(config);
  return index;
}

/** The data with the index of its glob lists set (replacing any index the sources carried). */
export function withGlobIndex(data: Record<string, unknown>): Record<string, unknown> {
  const { [GLOB_INDEX_KEY]: _ignored, ...rest } = data;
  return { ...rest, [GLOB_INDEX_KEY]: globIndex(rest.config) };
}

/** The data a build evaluates with: the sources' data and what the build derives from it. */
export function withBuildData(data: Record<string, unknown>, modules: readonly RegoModuleText[]): Record<string, unknown> {
  return withGlobIndex(withCustomIndex(data, modules));
}

/**
 * How far V8 lets the old generation grow past what survived the last full GC, for the
 * long-running gateway (`toolgate serve`).
 *
 * Left to itself, V8 on a machine with several GB of memory lets the old generation grow to
 * up to 4 × the live heap before the next full GC when the process allocates fast, which a
 * busy gateway does (every decision parses JSON, builds facts and a policy input). The
 * gateway's live heap is about 30–40 MB whatever the number of sessions (session state is
 * in the database), yet its RSS reached 220–315 MB after 30,000 sessions, almost all of it
 * garbage waiting for a full GC. A factor of 1.5 keeps it at 170–185 MB; the extra full GCs
 * cost 2 µs of main-thread pause per decision and no throughput (CPU per decision was lower,
 * 697–709 vs 755–809 µs, in three alternated pairs): bench/memory.mjs measures both.
 *
 * The flag is read by V8 each time it sets the next GC limit, so setting it at run time
 * takes effect; it is left alone when the operator passed one (node flag or NODE_OPTIONS).
 * TOOLGATE_HEAP_GROWTH_PERCENT sets another value; 0 keeps V8's own policy.
 */
import v8 from 'node:v8';

export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/** The --heap-growing-percent value to set, or null to leave V8 as it is. */
export function heapGrowthPercent(env: NodeJS.ProcessEnv, execArgv: readonly string[]): number | null {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return null;
  const raw = env.TOOLGATE_HEAP_GROWTH_PERCENT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_HEAP_GROWTH_PERCENT;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 1000) {
    throw new Error(`TOOLGATE_HEAP_GROWTH_PERCENT must be a whole number from 0 to 1000 (0 keeps V8's own heap growth), not "${raw}"`);
  }
  return value === 0 ? null : value;
}

/** Applies the gateway's heap growth policy to this process; returns the value set (null: none). */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): number | null {
  const percent = heapGrowthPercent(env, execArgv);
  if (percent !== null) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}

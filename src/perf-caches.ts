/**
 * TOOLGATE_PERF_CACHES=0 turns off every performance cache (facts and findings caches, the
 * secrets-scan memo, the SQLite statement cache, read connection and deferred WAL sync), so
 * that the benchmark and the tests can decide the same calls with and without them.
 */
export function perfCachesEnabled(): boolean {
  return process.env.TOOLGATE_PERF_CACHES !== '0';
}

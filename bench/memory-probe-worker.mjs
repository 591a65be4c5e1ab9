/**
 * Loaded first into each worker thread of a gateway under bench/memory.mjs (the probe wraps
 * the worker's script): writes where the worker's memory is to BENCH_PROBE_WORKER_DIR every
 * half second, since a worker's V8 heap and WASM memory are its own and the main thread's
 * probe cannot see them. Bench tooling only.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';
import { mb, trackWasmMemories } from './lib/wasm-memories.mjs';

const wasmMemories = trackWasmMemories();
const file = path.join(process.env.BENCH_PROBE_WORKER_DIR, `worker-${threadId}.json`);
setInterval(() => {
  const heap = v8.getHeapStatistics();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mb(s.space_size), used: mb(s.space_used_size), resident: mb(s.physical_space_size) }]));
  writeFileSync(file, JSON.stringify({ at: Date.now(), heap: { total: mb(heap.total_heap_size), physical: mb(heap.total_physical_size), used: mb(heap.used_heap_size), malloced: mb(heap.malloced_memory), external: mb(heap.external_memory) }, spaces, wasm: wasmMemories() }));
}, 500).unref();

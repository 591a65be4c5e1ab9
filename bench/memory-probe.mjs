/**
 * Preloaded into a gateway process by bench/memory.mjs (node --import): answers a parent's
 * IPC message { probe: 'memory', gc } with where the process's memory is. Bench tooling
 * only; the gateway does not load it.
 *
 * WASM linear memory is not in process.memoryUsage(): the probe tracks every
 * WebAssembly.Memory created (opa-wasm makes one per loaded policy) to report its size.
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { mb, trackWasmMemories } from './lib/wasm-memories.mjs';

// Experiments only: V8 flags set at run time, as a gateway could set them itself.
if (process.env.BENCH_PROBE_V8_FLAGS) v8.setFlagsFromString(process.env.BENCH_PROBE_V8_FLAGS);

// Experiments only: resource limits given to every worker thread the gateway starts.
if (process.env.BENCH_PROBE_WORKER_LIMITS) {
  const { createRequire, syncBuiltinESMExports } = await import('node:module');
  const threads = createRequire(import.meta.url)('node:worker_threads');
  const limits = JSON.parse(process.env.BENCH_PROBE_WORKER_LIMITS);
  const NativeWorker = threads.Worker;
  threads.Worker = class extends NativeWorker {
    constructor(file, options = {}) {
      super(file, { ...options, resourceLimits: { ...options.resourceLimits, ...limits } });
    }
  };
  syncBuiltinESMExports();
}

// Where each worker thread's memory is: its script is wrapped to load memory-probe-worker.mjs first.
if (process.env.BENCH_PROBE_WORKER_DIR) {
  const { createRequire, syncBuiltinESMExports } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const threads = createRequire(import.meta.url)('node:worker_threads');
  const NativeWorker = threads.Worker;
  const probeUrl = new URL('./memory-probe-worker.mjs', import.meta.url).href;
  threads.Worker = class extends NativeWorker {
    constructor(file, options = {}) {
      const url = String(file).startsWith('file:') ? String(file) : pathToFileURL(String(file)).href;
      super(`import(${JSON.stringify(probeUrl)}).then(() => import(${JSON.stringify(url)}))`, { ...options, eval: true });
    }
  };
  syncBuiltinESMExports();
}

const wasmMemories = trackWasmMemories();

function procStatus() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), hwm: kb('VmHWM') };
}

/** Resident anonymous memory by mapping, biggest first ([heap] is malloc's main arena). */
function anonMappings(limit = 12) {
  const text = readFileSync('/proc/self/smaps', 'utf8');
  const out = [];
  let current = null;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      current = { size: (parseInt(head[2], 16) - parseInt(head[1], 16)) / 2 ** 20, perms: head[3], name: head[4] || '(anon)', rss: 0 };
      out.push(current);
      continue;
    }
    const rss = /^Anonymous:\s+(\d+) kB/.exec(line);
    if (rss && current) current.rss = Number(rss[1]) / 1024;
  }
  const anon = out.filter((m) => m.rss > 0);
  const total = anon.reduce((sum, m) => sum + m.rss, 0);
  return { total: Math.round(total), top: anon.sort((a, b) => b.rss - a.rss).slice(0, limit).map((m) => `${m.rss.toFixed(1)}/${m.size.toFixed(1)} ${m.perms} ${m.name}`) };
}

// Main-thread GC pauses by kind, in ms (the cost side of any heap-size setting).
const gcPauses = { minor: 0, major: 0, incremental: 0, weak: 0, count: 0 };
const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcPauses[kinds[entry.detail?.kind] ?? 'minor'] += entry.duration;
    gcPauses.count += 1;
  }
}).observe({ entryTypes: ['gc'] });

let gc = null;
function collect() {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc');
  }
  gc();
}


function snapshot() {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mb(s.space_size), used: mb(s.space_used_size) }]));
  const heap = v8.getHeapStatistics();
  const wasm = wasmMemories();
  return {
    proc: procStatus(),
    usage: Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, mb(v)])),
    heap: { total: mb(heap.total_heap_size), physical: mb(heap.total_physical_size), used: mb(heap.used_heap_size), limit: mb(heap.heap_size_limit), malloced: mb(heap.malloced_memory), peakMalloced: mb(heap.peak_malloced_memory), external: mb(heap.external_memory), nativeContexts: heap.number_of_native_contexts, detachedContexts: heap.number_of_detached_contexts },
    spaces,
    wasm,
    cpuUs: (({ user, system }) => user + system)(process.cpuUsage()),
    handles: process._getActiveHandles?.().length,
    gcPauses: { ...gcPauses },
    anon: anonMappings(),
  };
}

process.on('message', (message) => {
  if (message?.probe !== 'memory') return;
  const before = snapshot();
  let afterGc = null;
  if (message.gc) {
    collect();
    afterGc = snapshot();
  }
  if (message.heapSnapshot) v8.writeHeapSnapshot(message.heapSnapshot);
  process.send({ probe: 'memory', before, afterGc });
});
// The IPC channel must not keep a stopping gateway alive.
process.channel?.unref();

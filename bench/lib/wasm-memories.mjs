/**
 * WASM linear memory is not in process.memoryUsage(): this tracks every WebAssembly.Memory
 * created from now on in this thread (opa-wasm makes one per loaded policy) and returns a
 * function that lists their sizes in MB. Bench tooling only.
 */
export function trackWasmMemories() {
  const memories = [];
  const NativeMemory = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(NativeMemory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget);
      memories.push(new WeakRef(memory));
      return memory;
    },
  });
  return () => memories.map((ref) => ref.deref()).filter(Boolean).map((m) => mb(m.buffer.byteLength));
}

export const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;

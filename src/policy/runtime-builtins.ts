/**
 * The gateway's runtime: @open-policy-agent/opa-wasm in Node, with the built-ins toolgate
 * gives it. OPA compiles most built-ins into the WASM itself (strings, regex.match,
 * glob.match, net.cidr_contains, json, base64…); the others the WASM imports, and opa-wasm
 * implements a few of those in JavaScript (sprintf, regex.split, json.is_valid, yaml.*).
 * `opa test --target wasm` supplies every imported one from Go, so a test can pass with a
 * built-in the gateway formats differently (sprintf with sprintf-js) or lacks entirely
 * (time.*, units.*, semver.*: "not implemented" on every call that reaches it).
 *
 * Every policy the gateway or `toolgate test` loads goes through loadPolicyWasm here, with
 * the same table; missingBuiltins names what a compiled policy imports and the table lacks.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as OpaWasm from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { goSprintf } from './go-sprintf.js';
import { regexSplit, stringsCount, unitsParse, unitsParseBytes } from './go-builtins.js';

// The package's ESM entry re-exports only loadPolicy; its CommonJS entry has loadPolicySync,
// which the engine needs (a synchronous load is what makes activate() an atomic swap).
const requireOpa = createRequire(import.meta.url);
const { loadPolicySync } = requireOpa('@open-policy-agent/opa-wasm') as typeof OpaWasm;

// opa-wasm looks its JavaScript built-ins up in one table before the custom ones, so a
// faithful implementation replaces an entry of that table.
const jsBuiltins = requireOpa(path.join(path.dirname(requireOpa.resolve('@open-policy-agent/opa-wasm')), 'builtins', 'index.js')) as Record<string, unknown>;

/** Built-ins that format or compute as OPA's Go implementation does, in place of opa-wasm's. */
const FAITHFUL: Record<string, (...args: never[]) => unknown> = {
  sprintf: goSprintf,
  'regex.split': regexSplit,
  'strings.count': stringsCount,
  'units.parse': unitsParse,
  'units.parse_bytes': unitsParseBytes,
};
Object.assign(jsBuiltins, FAITHFUL);

/** The imported built-ins the gateway's runtime implements. */
export function runtimeBuiltins(): string[] {
  return Object.keys(jsBuiltins).sort();
}

/**
 * Loads compiled policy WASM in the gateway's runtime. opa-wasm starts the policy's memory at
 * 5 pages; a large policy (many rules, big data) declares a larger minimum and the instance
 * refuses the smaller memory. The size it asks for is in the error: load again with it.
 */
export function loadPolicyWasm(wasm: WebAssembly.Module | BufferSource): LoadedPolicy {
  try {
    return loadPolicySync(wasm);
  } catch (error) {
    const pages = /smaller than initial (\d+)/.exec(String((error as Error)?.message ?? error))?.[1];
    if (!pages) throw error;
    return loadPolicySync(wasm, { initial: Number(pages) + 1 });
  }
}

/** The built-ins a loaded policy imports from its host (OPA compiles the others into the WASM). */
export function importedBuiltins(policy: LoadedPolicy): string[] {
  const instance = ('instance' in policy.wasmInstance ? policy.wasmInstance.instance : policy.wasmInstance) as WebAssembly.Instance;
  const exports = instance.exports as Record<string, (...args: number[]) => number>;
  const start = exports.opa_json_dump!(exports.builtins!());
  const bytes = new Uint8Array(policy.mem.buffer);
  let end = start;
  while (bytes[end] !== 0) end += 1;
  const table = JSON.parse(new TextDecoder().decode(bytes.subarray(start, end))) as Record<string, number>;
  return Object.keys(table).sort();
}

/** What a loaded policy imports that the gateway's runtime lacks: every evaluation reaching one throws. */
export function missingBuiltins(policy: LoadedPolicy): string[] {
  return importedBuiltins(policy).filter((name) => !(name in jsBuiltins));
}

/**
 * Rego that compiles and passes `opa test --target wasm` can still fail in the gateway:
 * opa test runs the WASM inside Go, where builtins like sprintf are Go's, while
 * @open-policy-agent/opa-wasm implements them in JavaScript (sprintf via sprintf-js).
 * The gaps are caught here at build time, with the file and line, instead of as a
 * policy_error deny in production.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Go verbs that sprintf-js does not implement. */
const UNSUPPORTED_SPRINTF_VERB = /sprintf\(\s*"((?:[^"\\]|\\.)*)"/g;
const VERB = /%[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])/g;
const SUPPORTED_VERBS = new Set(['s', 'd', 'i', 'f', 'v', 'x', 'X', 'o', 'b', 'c', 'e', 'g', 't', 'T', 'u', 'j', '%']);

export function wasmCompatibilityErrors(files: string[]): string[] {
  const errors: string[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      for (const call of line.matchAll(UNSUPPORTED_SPRINTF_VERB)) {
        for (const verb of call[1].matchAll(VERB)) {
          if (!SUPPORTED_VERBS.has(verb[1])) {
            errors.push(
              `${path.relative(process.cwd(), file)}:${index + 1}: sprintf verb %${verb[1]} is not supported by the WebAssembly runtime (opa-wasm formats with sprintf-js); use %s or %v`,
            );
          }
        }
      }
    });
  }
  return errors;
}

/**
 * Rego that compiles and passes `opa test --target wasm` can still differ in the gateway:
 * opa test runs the WASM inside Go, where builtins like sprintf are Go's, while
 * @open-policy-agent/opa-wasm implements them in JavaScript. The gateway formats sprintf
 * with a faithful copy of Go's rules (go-sprintf.ts); the few verbs it does not reproduce
 * are caught here at build time, with the file and line, instead of differing in production.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Verbs go-sprintf.ts formats as Go does (a verb that does not fit its argument prints %!x(type=value) in both). */
const UNSUPPORTED_SPRINTF_VERB = /sprintf\(\s*"((?:[^"\\]|\\.)*)"/g;
const VERB = /%[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])/g;
const UNSUPPORTED_VERBS = new Set(['T', 'p', 'U', 'w']);

/** replace(x, "", y): OPA's WASM replace never returns on an empty old string (Go's inserts y between runes). */
const REPLACE_EMPTY_OLD = /(?<![\w.])replace\([^,()]*(?:\([^()]*\)[^,()]*)*,\s*""\s*,/;

export function wasmCompatibilityErrors(files: string[]): string[] {
  const errors: string[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (REPLACE_EMPTY_OLD.test(line.replace(/#.*$/, ''))) {
        errors.push(
          `${path.relative(process.cwd(), file)}:${index + 1}: replace with an empty old string never returns in the gateway's runtime (OPA's WASM code loops); the call would hang the evaluation`,
        );
      }
      for (const call of line.matchAll(UNSUPPORTED_SPRINTF_VERB)) {
        for (const verb of call[1].matchAll(VERB)) {
          if (UNSUPPORTED_VERBS.has(verb[1]!)) {
            errors.push(
              `${path.relative(process.cwd(), file)}:${index + 1}: sprintf verb %${verb[1]} is not formatted as Go formats it by the gateway's runtime (src/policy/go-sprintf.ts); use %s, %v, %d or %q`,
            );
          }
        }
      }
    });
  }
  return errors;
}

/**
 * Where the policy calls built-ins the gateway's runtime lacks (runtime-builtins.ts): with the
 * file and line of each call, so the build fails before the gateway would deny every call that
 * reaches one with a policy error.
 */
export function missingBuiltinErrors(files: string[], missing: string[]): string[] {
  const errors: string[] = [];
  const advice = 'OPA compiles it into the WASM for neither the gateway nor `opa test`, and the gateway\'s runtime (opa-wasm in Node) has no implementation of it; `opa test` passes with Go\'s';
  for (const name of missing) {
    const call = new RegExp(`(?<![\\w.])${name.replace(/\./g, '\\.')}\\(`);
    const where: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (call.test(line.replace(/#.*$/, ''))) where.push(`${path.relative(process.cwd(), file)}:${index + 1}`);
        });
    }
    const located = where.length ? where : ['(policy)'];
    for (const at of located) errors.push(`${at}: built-in ${name} is not available in the gateway's runtime: ${advice}`);
  }
  return errors;
}

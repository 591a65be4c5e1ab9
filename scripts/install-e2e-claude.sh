#!/usr/bin/env bash
# Installs the pinned Claude Code CLI for the end-to-end tests into .tools/e2e/claude
# (git-ignored, reused when the right version is already there).
# The version is pinned: on Node 20 a plain install picks 2.1.197, because 2.1.332 declares
# Node >= 22; its binary is native and runs fine on Node 20. The npm package is a stub whose
# postinstall copies a ~380 MB native binary from an optional dependency, so scripts and
# optional dependencies must stay on.
set -euo pipefail
CLAUDE_CODE_VERSION="${CLAUDE_CODE_VERSION:-2.1.332}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/e2e/claude"
bin="$dir/node_modules/.bin/claude"
# The version is read into a variable: `… | grep -q` under pipefail can fail on SIGPIPE.
if [ -x "$bin" ]; then
  case "$("$bin" --version 2>/dev/null || true)" in "${CLAUDE_CODE_VERSION} "*) exit 0 ;; esac
fi
mkdir -p "$dir"
# The postinstall that fetches the native binary is reviewed and allowed (npm's allowScripts).
echo '{"name":"toolgate-e2e-claude","private":true,"allowScripts":{"@anthropic-ai/claude-code":true}}' > "$dir/package.json"
echo "install-e2e-claude: installing @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} into $dir" >&2
start=$(date +%s)
flock /tmp/toolgate-npm.lock npm install --prefix "$dir" --no-audit --no-fund --save-exact \
  --include=optional --foreground-scripts=false "@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}" >&2
"$bin" --version >&2
echo "install-e2e-claude: done in $(( $(date +%s) - start )) s" >&2

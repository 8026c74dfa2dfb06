#!/usr/bin/env bash
# The language server under a real client nobody on the team wrote: Neovim's
# built-in LSP client, headless, opens fixtures through `claimcheck lsp` and must
# receive diagnostics at the lines and byte columns the JSON report's offsets
# give, in UTF-16 (the default) and UTF-8 (negotiated), also after an edit that
# inserts a line above; then a hover, the suppression quick fix, and shutdown
# with exit code 0. Ends with the didChange -> publishDiagnostics latency.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq neovim >/dev/null
fi
# CLAIMCHECK_SCRATCH: a build folder other than .build (a developer's own scratch path).
build=(${CLAIMCHECK_SCRATCH:+--scratch-path "$CLAIMCHECK_SCRATCH"})
swift build -q --product claimcheck "${build[@]}"
claimcheck="$(swift build --show-bin-path "${build[@]}")/claimcheck"
work=$(mktemp -d /tmp/claimcheck-ci-lsp.XXXXXX)
trap 'rm -rf "$work"' EXIT

run_client() {  # fixture encoding
  local fixture="$work/$(basename "$1")"
  cp "$1" "$fixture"
  local expected
  expected=$("$claimcheck" check "$fixture" --format json --fail-on never | python3 scripts/lsp/expected-diagnostics.py "$fixture")
  [ -n "$expected" ] || { echo "ci-lsp: no findings expected in $1; pick a fixture with some"; exit 1; }
  echo "== $1 ($2)"
  CLAIMCHECK="$claimcheck" FIXTURE="$fixture" ENCODING="$2" EXPECTED="$expected" \
    timeout 120 nvim --headless --clean -n -u NONE -c "luafile scripts/lsp/nvim-client.lua" </dev/null
}

run_client Fixtures/overclaim.md utf-16
run_client Fixtures/overclaim.md utf-8
run_client Fixtures/overclaim.html utf-16
run_client Fixtures/attribution.md utf-8
python3 scripts/lsp/latency.py "$claimcheck" Fixtures/overclaim.md --edits 50
echo "ci-lsp: passed"

#!/usr/bin/env bash
# The editor's page of `claimcheck serve` in a real browser: starts the server on
# a free loopback port, drives GET / in headless Chromium with
# scripts/test-editor-page.py (paste, check, highlights, notes, filters,
# suppression, files, typing, errors, console and network), then stops it.
#   scripts/ci-page.sh                      screenshots go to a temporary folder
#   scripts/ci-page.sh docs/screenshots     or to the folder named
# CLAIMCHECK_SCRATCH_PATH names another build folder than .build.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${CLAIMCHECK_SCRATCH_PATH:-.build}   # the build folder .ci/run's swift test and swift run use
swift build -q --product claimcheck --scratch-path "$scratch"
bin="$(swift build --scratch-path "$scratch" --show-bin-path)/claimcheck"
export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
python3 -c "import selenium, axe_selenium_python" 2>/dev/null || pip install -q selenium axe-selenium-python

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp -t claimcheck-serve-log.XXXXXX)
shots=${1:-$(mktemp -d -t claimcheck-page-shots.XXXXXX)}
"$bin" serve --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
python3 - "$port" <<'PY' || { echo "ci-page: server log:"; cat "$log"; exit 1; }
import sys, time, urllib.request, urllib.error
base = f"http://127.0.0.1:{sys.argv[1]}"
for _ in range(150):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=1).read()
        break
    except Exception:
        time.sleep(0.1)
else:
    sys.exit(f"ci-page: claimcheck serve did not answer GET /healthz on {base} within 15 s")
try:
    with urllib.request.urlopen(base + "/", timeout=5) as response:
        kind = response.headers.get("Content-Type", "")
        if not kind.startswith("text/html"):
            sys.exit(f"ci-page: GET / answered {kind!r}, not the editor's page")
except urllib.error.HTTPError as error:
    sys.exit(f"ci-page: claimcheck serve does not serve the editor's page: GET / answered {error.code}")
PY
python3 scripts/test-editor-page.py --base-url "http://127.0.0.1:$port" --screenshots "$shots"
kill -0 "$server" 2>/dev/null || { echo "ci-page: the server stopped during the test:"; cat "$log"; exit 1; }
echo "ci-page: passed; screenshots in $shots"

#!/usr/bin/env bash
# `claimcheck serve` against clients nobody on the team wrote, on loopback:
#   1. pylanguagetool (PyPI), pointed at http://127.0.0.1:PORT/v2/, prints
#      ClaimCheck's findings for Fixtures/overclaim.txt, and through its API every
#      match's offset and length (UTF-16 code units, as LanguageTool counts) land on
#      the claim the JSON report of `claimcheck check` finds there;
#   2. bad requests sent with curl (empty body, 50 MB body, binary, wrong content
#      type, malformed form and JSON, a document of 10,000 nested tags) get their
#      status and message, and the server still answers /healthz after each.
# Builds the debug claimcheck if needed, installs pylanguagetool with pip if
# missing, starts the server on a free port and stops it. Exit 0 when all pass.
#
#   scripts/ci-serve.sh                 build, then run
#   scripts/ci-serve.sh --bin PATH      use this claimcheck
set -euo pipefail
cd "$(dirname "$0")/.."

bin=""
if [ "${1:-}" = "--bin" ]; then bin="$2"; fi
if [ -z "$bin" ]; then
  swift build -q --product claimcheck
  bin="$(swift build --show-bin-path)/claimcheck"
fi
python3 -c "import pylanguagetool" 2>/dev/null || pip install -q pylanguagetool
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

work=$(mktemp -d /tmp/ci-serve.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Port 0: the system picks a free one and the server prints it.
"$bin" serve --port 0 > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|^claimcheck: serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/server.out")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err"; echo "FAIL: the server did not start"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: the server printed no address"; exit 1; }
base="http://127.0.0.1:$port"
echo "server on $base"
failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 1. pylanguagetool's own command line, then its API with the offsets checked.
fixture=Fixtures/overclaim.txt
set +e
pylanguagetool --no-color -a "$base/v2/" -l en-US "$fixture" > "$work/pylt.out" 2>&1
pylt_status=$?
set -e
"$bin" check "$fixture" --format json > "$work/report.json" || true
echo "--- pylanguagetool $fixture"; cat "$work/pylt.out"; echo "---"
# It exits 1 when it found something, and prints each match's message.
if [ "$pylt_status" = 1 ] && python3 - "$work/report.json" "$work/pylt.out" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
printed = open(sys.argv[2]).read()
shown = [v for v in report["verdicts"] if v.get("suppression") is None and v["verdict"] != "supported"]
missing = [v["reasons"][0]["message"] for v in shown if v["reasons"][0]["message"] not in printed]
sys.exit(1 if missing or not shown else 0)
PY
then pass "pylanguagetool prints ClaimCheck's findings for $fixture"
else fail "pylanguagetool did not print every finding (exit $pylt_status)"; fi

if python3 - "$base/v2/" "$fixture" "$work/report.json" <<'PY'
import json, sys
from pylanguagetool import api
url, path, report_path = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
report = json.load(open(report_path))
expected = [v for v in report["verdicts"] if v.get("suppression") is None and v["verdict"] != "supported"]
response = api.check(text, api_url=url, lang="en-US")
matches = response["matches"]
units = text.encode("utf-16-le")
data = text.encode("utf-8")
ok = len(matches) == len(expected) and len(matches) > 0
print(f"{len(matches)} matches, {len(expected)} findings in the JSON report")
for match, verdict in zip(matches, expected):
    start, length = match["offset"], match["length"]
    at = units[2 * start:2 * (start + length)].decode("utf-16-le")
    claim = data[verdict["location"]["offset"]:verdict["location"]["offset"] + verdict["location"]["length"]].decode("utf-8")
    same = at == claim and match["rule"]["id"] == verdict["reasons"][0]["rule"]
    ok = ok and same
    print(("ok  " if same else "BAD ") + f'{start:5} {length:4} {match["rule"]["id"]}: {at[:60]!r}')
sys.exit(0 if ok else 1)
PY
then pass "every match's UTF-16 offset and length land on its claim"
else fail "a match's offsets do not land on its claim"; fi

# 2. Bad requests: status, message, and the server answers after each.
expect() {  # name status message-part curl-arguments...
  local name="$1" status="$2" message="$3"; shift 3
  local got
  got=$(curl -s -o "$work/reply" -w '%{http_code}' "$@" || echo "000")
  if [ "$got" = "$status" ] && grep -qF -- "$message" "$work/reply"; then pass "$name: $status $(head -c 160 "$work/reply" | tr -s '\n ' ' ')"
  else fail "$name: expected $status with '$message', got $got: $(head -c 300 "$work/reply")"; fi
  local health
  health=$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" || echo "000")
  [ "$health" = 200 ] || fail "$name: /healthz answered $health after it"
}
head -c 52428800 /dev/zero | tr '\0' 'a' > "$work/50mb.txt"
head -c 4096 /dev/urandom > "$work/binary"
printf '\0' >> "$work/binary"
python3 -c "print('<div>' * 10000 + '<p>Researchers discovered that the tonic regrows hair.</p>' + '</div>' * 10000)" > "$work/nested.html"

expect "empty body" 400 '"the body is empty"' "$base/v1/check" -H 'Content-Type: text/plain' --data-binary ''
expect "50 MB body" 413 "larger than the server's limit of 2 MB" "$base/v1/check" -H 'Content-Type: text/plain' --data-binary @"$work/50mb.txt"
expect "binary" 400 "looks like a binary file, not text" "$base/v1/check" -H 'Content-Type: text/plain' --data-binary @"$work/binary"
expect "wrong content type" 415 "does not read bodies of type 'application/pdf'" "$base/v1/check" -H 'Content-Type: application/pdf' --data-binary @"$work/binary"
expect "malformed JSON" 400 "malformed JSON" "$base/v1/check" -H 'Content-Type: application/json' --data-binary '{"text": "unterminated'
expect "malformed form" 400 "not followed by two hex digits" "$base/v2/check" --data-binary 'text=50%&language=en-US'
expect "form without text" 400 "neither a text nor a data field" "$base/v2/check" --data-binary 'language=en-US'
expect "unknown language" 400 "cannot check language 'fr'" "$base/v2/check" --data-urlencode 'text=Bonjour.' --data-urlencode 'language=fr'
expect "unknown route" 404 "no route /v1/nothing" "$base/v1/nothing"
expect "wrong method" 405 "/v2/check does not take GET" "$base/v2/check"
expect "10,000 nested tags" 200 '"format" : "html"' "$base/v1/check" -H 'Content-Type: text/html' --data-binary @"$work/nested.html"

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
echo "$((13 - failures)) passed, $failures failed"
[ "$failures" = 0 ]

#!/usr/bin/env bash
# Load on `claimcheck serve` over loopback (not part of CI): a 50 KB article
# posted to /v1/check (and as a LanguageTool form to /v2/check) with `hey` (Debian) at concurrency 1, 8
# and 64, each run bounded by a request count and a time limit. Prints requests
# per second, p50 and p99 latency and errors for each, and the server's resident
# memory before and after 10,000 requests at concurrency 8.
# Targets on a 2-core machine: >= 400 requests/s and p99 < 20 ms at concurrency 8,
# no errors, memory flat.
#
#   scripts/load-serve.sh                 build release, then run
#   scripts/load-serve.sh --bin PATH      use this claimcheck (a release build)
#   REQUESTS=2000 scripts/load-serve.sh   requests per run (default 2000)
#   ARTICLE=fixtures scripts/load-serve.sh
# The article: ARTICLE=corpus (the default when ../shared/corpus/healthrelease is
# there) joins the dev corpus's press releases to 50 KB of plain text, read at run
# time for measurement only; ARTICLE=fixtures repeats the Markdown fixtures'
# paragraphs to 50 KB, a worst case with a claim in nearly every paragraph.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=""
if [ "${1:-}" = "--bin" ]; then bin="$2"; fi
if [ -z "$bin" ]; then
  swift build -c release -q --product claimcheck
  bin="$(swift build -c release --show-bin-path)/claimcheck"
fi
command -v hey >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey >/dev/null; }
requests=${REQUESTS:-2000}
corpus=${CORPUS:-$(cd .. && pwd)/shared/corpus/healthrelease}
article=${ARTICLE:-$([ -d "$corpus" ] && echo corpus || echo fixtures)}
time_limit=${TIME_LIMIT:-60}

work=$(mktemp -d /tmp/load-serve.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$work" "$article" "$corpus" <<'PY'
import glob, json, sys, urllib.parse
work, kind, corpus = sys.argv[1:4]
if kind == "corpus":
    paragraphs = []
    for path in sorted(glob.glob(f"{corpus}/*.json")):
        paragraphs += [p for p in json.load(open(path)).get("text", "").split("\n\n") if p.strip()]
        if sum(len(p.encode()) + 2 for p in paragraphs) >= 50 * 1024: break
    article, index = [], 0
    while sum(len(p.encode()) + 2 for p in article) < 50 * 1024:
        article.append(paragraphs[index]); index += 1
    kind_type = "text/plain"
else:
    paragraphs = []
    for path in sorted(glob.glob("Fixtures/*.md")):
        paragraphs += [p for p in open(path, encoding="utf-8").read().split("\n\n") if p.strip()]
    article, index = [], 0
    while sum(len(p.encode()) + 2 for p in article) < 50 * 1024:
        article.append(paragraphs[index % len(paragraphs)]); index += 1
    kind_type = "text/markdown"
text = "\n\n".join(article) + "\n"
open(f"{work}/article", "w", encoding="utf-8").write(text)
open(f"{work}/article.type", "w").write(kind_type)
open(f"{work}/article.form", "w").write(urllib.parse.urlencode({"text": text, "language": "en-US"}))
print(f"article ({kind}): {len(text.encode())} bytes, {len(article)} paragraphs, sent as {kind_type}")
PY
type=$(cat "$work/article.type")

"$bin" serve --port 0 > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|^claimcheck: serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/server.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.err"; echo "the server did not start"; exit 1; }
base="http://127.0.0.1:$port"
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server_pid/status"; }

# One run: count, concurrency, route, content type, body file.
run() {
  local concurrency="$2" route="$3" type="$4" body="$5"
  local count=$(( $1 / concurrency * concurrency ))   # hey sends count/concurrency from each worker
  timeout "$((time_limit * count / requests + 10))" hey -n "$count" -c "$concurrency" -t 20 -m POST -T "$type" -D "$body" "$base$route" > "$work/hey.out" 2>&1 || true
  python3 - "$work/hey.out" "$route" "$concurrency" "$count" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
route, concurrency, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
def number(pattern):
    m = re.search(pattern, out)
    return float(m.group(1)) if m else float("nan")
ok = sum(int(n) for n in re.findall(r"\[200\]\s+(\d+) responses", out))
rate = number(r"Requests/sec:\s+([\d.]+)")
p50 = 1000 * number(r"50%+ in ([\d.]+) secs")
p99 = 1000 * number(r"99%+ in ([\d.]+) secs")
print(f"{route:10} c={concurrency:>2}  {rate:8.1f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  {ok}/{count} ok, {count - ok} errors")
if ok != count:
    problems = out[out.find("Status code distribution"):].strip()
    print("    " + problems.replace("\n", "\n    ")[:600])
PY
}

# Warm-up, then the memory baseline.
hey -n 200 -c 4 -m POST -T "$type" -D "$work/article" "$base/v1/check" > /dev/null 2>&1
echo "server RSS after start and 200 warm-up requests: $(rss)"
for concurrency in 1 8 64; do run "$requests" "$concurrency" /v1/check "$type" "$work/article"; done
for concurrency in 1 8 64; do run "$requests" "$concurrency" /v2/check application/x-www-form-urlencoded "$work/article.form"; done
before=$(rss)
run 10000 8 /v1/check "$type" "$work/article"
echo "server RSS before 10,000 requests: $before, after: $(rss)"

#!/usr/bin/env bash
# Benchmark: ClaimCheck end to end on one core beside `xmllint --html --noout`
# on the same pages, phrase matching with 100 versus 10,000 phrases, the time to load
# every domain pack, and end to end with 1,000 versus 10,000 more registry aliases.
#   scripts/bench.sh            (needs libxml2-utils for xmllint)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpus/healthrelease}
pages=bench-corpus/pages
[ -d "$pages" ] || python3 scripts/make-bench-pages.py "$corpus" "$pages"
command -v xmllint >/dev/null || { echo "install libxml2-utils for xmllint"; exit 2; }
swift build -c release --product claimcheck-bench >/dev/null
bytes=$(cat "$pages"/*.html | wc -c)
best=999999
for _ in 1 2 3; do
  start=$(date +%s.%N)
  taskset -c 0 xmllint --html --noout "$pages"/*.html 2>/dev/null || true
  end=$(date +%s.%N)
  best=$(python3 -c "print(min($best, $end - $start))")
done
python3 -c "print('xmllint --html --noout: %.2f MB, best of 3: %.3f s, %.1f MB/s' % ($bytes/1e6, $best, $bytes/1e6/$best))"
taskset -c 0 .build/release/claimcheck-bench "$pages" --rules Rules --repeat 3

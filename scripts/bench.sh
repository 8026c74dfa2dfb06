#!/usr/bin/env bash
# Speed benchmark, in one run (nothing it generates is committed):
#  1. one core: `claimcheck check --format json` against `xmllint --html --noout` on
#     the same pages, as paired runs (each pair back to back), with the median ratio
#     and its spread;
#  2. where the time goes: extraction, analysis, rules and verdicts (claimcheck-bench);
#  3. `audit --jobs 2` against `--jobs 1` on the same pages, paired, outputs compared;
#  4. peak memory of `check` and `audit` over 1x and 10x the corpus;
#  5. phrase matching with 100 against 10,000 phrases, and the registry's scaling;
#  6. when run as root: `check` on one core with the pages out of the page cache
#     (dropped before each run) against in it, the case the read-ahead is for.
# The pages are the dev corpus rendered with the chrome real pages carry
# (scripts/make-bench-pages.py), 8 copies of each by default.
#
#   scripts/bench.sh                  (needs libxml2-utils for xmllint; RUNS=5 pairs)
#   RUNS=9 COPIES=8 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpus/healthrelease}
runs=${RUNS:-5}
copies=${COPIES:-8}
command -v xmllint >/dev/null || { echo "install libxml2-utils for xmllint (apt-get install libxml2-utils)"; exit 2; }
[ -x /usr/bin/time ] || { echo "install GNU time for peak memory (apt-get install time)"; exit 2; }
pages=bench-corpus/x$copies one=bench-corpus/x1 ten=bench-corpus/x10
[ -d "$pages" ] || python3 scripts/make-bench-pages.py "$corpus" "$pages" --copies "$copies"
[ -d "$one" ] || python3 scripts/make-bench-pages.py "$corpus" "$one" --copies 1
[ -d "$ten" ] || python3 scripts/make-bench-pages.py "$corpus" "$ten" --copies 10
swift build -c release --product claimcheck >/dev/null
swift build -c release --product claimcheck-bench >/dev/null
cc=.build/release/claimcheck
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mb() { du -sb "$1" | awk '{printf "%.1f", $1/1e6}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); python3 -c "print('%.3f' % ($e - $s))"; }
peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
find "$pages" -name '*.html' | sort > "$out/list"
echo "pages: $pages, $(wc -l < "$out/list") pages, $(mb "$pages") MB"

# 1. One core, paired runs.
pairs=""
for _ in $(seq "$runs"); do
  tx=$(seconds taskset -c 0 xargs -a "$out/list" xmllint --html --noout)
  tc=$(seconds taskset -c 0 $cc check "$pages" --format json --fail-on never)
  pairs="$pairs $tx,$tc"
done
python3 - "$(mb "$pages")" $pairs <<'PY'
import statistics, sys
size = float(sys.argv[1])
pairs = [tuple(map(float, p.split(","))) for p in sys.argv[2:]]
ratios = sorted(x / c for x, c in pairs)
xm, cm = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
print("one core, %d paired runs: xmllint --html --noout median %.2f s (%.1f MB/s); claimcheck check --format json median %.2f s (%.1f MB/s)"
      % (len(pairs), xm, size / xm, cm, size / cm))
print("ratio to xmllint (xmllint time / claimcheck time): median %.2f, spread %.2f-%.2f  [target 0.5]" % (statistics.median(ratios), ratios[0], ratios[-1]))
PY

# 2. Stage times, one thread.
taskset -c 0 .build/release/claimcheck-bench "$pages" --rules Rules --repeat 3 --only end-to-end --clock cpu

# 3. Two workers against one, paired.
pairs=""
for _ in $(seq 3); do
  t1=$(seconds $cc audit "$pages" --jobs 1 --quiet --output "$out/j1.jsonl")
  t2=$(seconds $cc audit "$pages" --jobs 2 --quiet --output "$out/j2.jsonl")
  pairs="$pairs $t1,$t2"
done
identical=$(cmp -s "$out/j1.jsonl" "$out/j2.jsonl" && echo "outputs identical" || echo "OUTPUTS DIFFER")
python3 - "$identical" $pairs <<'PY'
import statistics, sys
pairs = [tuple(map(float, p.split(","))) for p in sys.argv[2:]]
speedups = sorted(a / b for a, b in pairs)
print("audit --jobs 1 median %.2f s, --jobs 2 median %.2f s: speed-up median %.2fx, spread %.2f-%.2fx  [target 1.85x]; %s"
      % (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs), statistics.median(speedups), speedups[0], speedups[-1], sys.argv[1]))
PY

# 4. Peak memory, 1x and 10x the corpus (the largest process of the run).
c1=$(peak $cc check "$one" --format json --fail-on never); c10=$(peak $cc check "$ten" --format json --fail-on never)
a1=$(peak $cc audit "$one" --jobs 2 --quiet); a10=$(peak $cc audit "$ten" --jobs 2 --quiet)
python3 -c "
print('peak memory, $(mb "$one") MB against $(mb "$ten") MB of pages: check --format json %.1f MB and %.1f MB (%.2fx); audit --jobs 2 %.1f MB and %.1f MB (%.2fx)  [target within 1.2x]'
      % ($c1/1024, $c10/1024, $c10/$c1, $a1/1024, $a10/1024, $a10/$a1))"

# 5. Phrase matching and the registry, on the 1x pages.
taskset -c 0 .build/release/claimcheck-bench "$one" --rules Rules --repeat 3 --only phrases
taskset -c 0 .build/release/claimcheck-bench "$one" --rules Rules --repeat 3 --only registry

# 6. Pages read from the disk, not the page cache (needs root to drop the cache).
if [ -w /proc/sys/vm/drop_caches ]; then
  cold="" warm="" xcold=""
  for _ in 1 2 3; do
    sync; echo 3 > /proc/sys/vm/drop_caches
    xcold="$xcold $(seconds taskset -c 0 xargs -a "$out/list" xmllint --html --noout)"
    sync; echo 3 > /proc/sys/vm/drop_caches
    cold="$cold $(seconds taskset -c 0 $cc check "$pages" --format json --fail-on never)"
    warm="$warm $(seconds taskset -c 0 $cc check "$pages" --format json --fail-on never)"
  done
  python3 - "$cold" "$warm" "$xcold" <<'PY'
import statistics, sys
cold, warm, xcold = (statistics.median(map(float, arg.split())) for arg in sys.argv[1:])
print("one core, pages out of the page cache: check --format json median %.2f s (%.2f s in the cache), xmllint --html --noout median %.2f s: ratio %.2f (3 runs each)"
      % (cold, warm, xcold, xcold / cold))
PY
else
  echo "pages out of the page cache: skipped (run as root to drop the cache between runs)"
fi

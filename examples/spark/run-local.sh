#!/usr/bin/env bash
# Runs the Spark audit job in local mode on 2 cores over the development corpus
# and checks that its merged reports equal a single-process `claimcheck audit`,
# document for document. Needs Java and `pip install pyspark`.
#   examples/spark/run-local.sh [corpus folder]
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${1:-../shared/corpus/healthrelease}
work=$(mktemp -d)
python3 scripts/make-bench-pages.py "$corpus" "$work/pages" >/dev/null
# Set CLAIMCHECK to a release build for speed; the debug build gives the same reports.
if [ -z "${CLAIMCHECK:-}" ]; then swift build -q --product claimcheck; fi
binary=${CLAIMCHECK:-$PWD/.build/debug/claimcheck}
python3 examples/spark/audit_job.py "$work/pages" "$work/spark" --claimcheck "$binary" --master 'local[2]' 2>"$work/spark.log" \
  || { tail -30 "$work/spark.log"; exit 1; }
# The single-process run reads the same absolute paths, so ids match.
"$binary" audit "$(cd "$work/pages" && pwd)" --output "$work/single.jsonl" --quiet --jobs 2
python3 - "$work/single.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
lines.sort(key=lambda line: json.loads(line)["source"])
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
python3 examples/spark/compare_reports.py "$work/spark/reports.jsonl" "$work/single.jsonl"
"$binary" summary "$work/single.jsonl" --summary "$work/single-summary.json"
cmp "$work/spark/summary.json" "$work/single-summary.json" && echo "summaries equal"

#!/usr/bin/env bash
# Do two builds give the same verdicts, byte for byte? Checks the fixtures, the
# seeds, the dev corpus as pages (bench-corpus/pages, made if missing), the real
# pages of the extraction dataset and the dev corpus's texts with each binary,
# as `check --format json` and `extract --format json`, and compares the outputs.
# Run it before calling a speed change done.
#
#   scripts/verdict-diff.sh OLD_BINARY NEW_BINARY      (exit 0: identical)
#   e.g. cp .build/release/claimcheck /tmp/claimcheck-before   # before the change
#        swift build -c release --product claimcheck && scripts/verdict-diff.sh /tmp/claimcheck-before .build/release/claimcheck
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: scripts/verdict-diff.sh OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$1 new=$2
pages=bench-corpus/pages
[ -d "$pages" ] || python3 scripts/make-bench-pages.py ../shared/corpus/healthrelease "$pages" >/dev/null
texts=bench-corpus/texts
if [ ! -d "$texts" ]; then
  mkdir -p "$texts"
  python3 - ../shared/corpus/healthrelease "$texts" <<'PY'
import json, os, sys
for name in sorted(os.listdir(sys.argv[1])):
    if name.endswith(".json"):
        text = json.load(open(os.path.join(sys.argv[1], name), encoding="utf-8")).get("text", "")
        open(os.path.join(sys.argv[2], name[:-5] + ".txt"), "w", encoding="utf-8").write(text)
PY
fi
real=bench-corpus/real-pages   # the extraction dataset's real pages, unzipped
if [ ! -d "$real" ] && [ -d ../shared/datasets/article-extraction/html ]; then
  mkdir -p "$real"
  for page in ../shared/datasets/article-extraction/html/*.html.gz; do gunzip -c "$page" > "$real/$(basename "$page" .gz)"; done
fi
sets=(Fixtures ../shared/seeds "$pages" "$texts" "$real")
out=$(mktemp -d)
status=0
for set in "${sets[@]}"; do
  [ -d "$set" ] || { echo "skipped $set (missing)"; continue; }
  name=$(echo "$set" | tr '/.' '__')
  for command in check extract; do
    extra=(); [ $command = check ] && extra=(--fail-on never)
    "$old" $command "$set" --format json "${extra[@]}" > "$out/$name.$command.old" 2>"$out/$name.$command.old.err"
    "$new" $command "$set" --format json "${extra[@]}" > "$out/$name.$command.new" 2>"$out/$name.$command.new.err"
    if cmp -s "$out/$name.$command.old" "$out/$name.$command.new" && cmp -s "$out/$name.$command.old.err" "$out/$name.$command.new.err"; then
      echo "same: $command $set ($(wc -c < "$out/$name.$command.new") bytes)"
    else
      echo "DIFFERENT: $command $set (diff $out/$name.$command.old $out/$name.$command.new)"
      status=1
    fi
  done
done
[ $status -eq 0 ] && rm -rf "$out"
exit $status

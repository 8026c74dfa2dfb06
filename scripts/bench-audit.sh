#!/usr/bin/env bash
# Audit benchmark (rerunnable; nothing it generates is committed):
#  - the press-release corpus rendered as pages with chrome, replicated to 200 MB
#    (and a 20 MB set), under bench-corpus/;
#  - `audit --jobs 2` against `--jobs 1`;
#  - one core end to end against `xmllint --html --noout` on the same files;
#  - the peers on the same documents: trafilatura extracting the HTML, proselint
#    on the extracted texts (a sample, scaled per MB: proselint is slow);
#  - peak memory for 200 MB against 20 MB;
#  - a gzipped WARC of the same pages (warcio) gives the same verdicts;
#  - an audit killed halfway and resumed has every document exactly once.
# Needs: pip install trafilatura lxml_html_clean proselint warcio; apt-get install libxml2-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpus/healthrelease}
big=bench-corpus/big small=bench-corpus/small
[ -d "$big" ] || python3 scripts/make-bench-pages.py "$corpus" "$big" --megabytes 200
[ -d "$small" ] || python3 scripts/make-bench-pages.py "$corpus" "$small" --megabytes 20
swift build -q -c release --product claimcheck
cc=.build/release/claimcheck
out=$(mktemp -d)
mb() { du -sb "$1" | awk '{printf "%.1f", $1/1e6}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); python3 -c "print('%.2f' % ($e - $s))"; }
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }

big_mb=$(mb "$big"); small_mb=$(mb "$small")
echo "corpus: $big_mb MB ($(ls "$big" | wc -l) pages), $small_mb MB ($(ls "$small" | wc -l) pages)"

t1=$(seconds $cc audit "$big" --jobs 1 --quiet --output "$out/j1.jsonl")
t2=$(seconds $cc audit "$big" --jobs 2 --quiet --output "$out/j2.jsonl")
python3 -c "print('audit --jobs 1: %s s, %.1f MB/s; --jobs 2: %s s, %.1f MB/s; speed-up %.2fx' % ('$t1', $big_mb/$t1, '$t2', $big_mb/$t2, $t1/$t2))"
cmp -s "$out/j1.jsonl" "$out/j2.jsonl" && echo "jobs 1 and jobs 2 outputs identical"

tx=$(seconds taskset -c 0 sh -c "find '$small' -name '*.html' -print0 | xargs -0 xmllint --html --noout")
tc=$(seconds taskset -c 0 $cc audit "$small" --jobs 1 --quiet --output "$out/small.jsonl")
python3 -c "print('one core, $small_mb MB: xmllint %s s (%.1f MB/s), claimcheck %s s (%.1f MB/s): %.2f of xmllint' % ('$tx', $small_mb/$tx, '$tc', $small_mb/$tc, $tx/$tc))"

# Peers, on the 599 original pages (first copy of each).
pages="$out/pages"; mkdir -p "$pages" "$out/texts"
cp $(ls -d "$small"/*.html | grep -v -- '-[0-9][0-9][0-9].html$') "$pages/"
pages_mb=$(mb "$pages")
python3 - "$corpus" "$out/texts" <<'PY'
import json, os, sys
for name in sorted(os.listdir(sys.argv[1])):
    if name.endswith(".json"):
        text = json.load(open(os.path.join(sys.argv[1], name), encoding="utf-8")).get("text", "")
        open(os.path.join(sys.argv[2], name[:-5] + ".txt"), "w", encoding="utf-8").write(text)
PY
texts_mb=$(mb "$out/texts")
tt=$(seconds taskset -c 0 python3 -c "
import glob, trafilatura
for p in sorted(glob.glob('$pages/*.html')):
    trafilatura.extract(open(p, encoding='utf-8').read())")
tcp=$(seconds taskset -c 0 $cc audit "$pages" --jobs 1 --quiet --output "$out/pages.jsonl")
sample=$(ls "$out/texts"/*.txt | sed -n 1,100p)
sample_mb=$(du -cb $sample | tail -1 | awk '{printf "%.3f", $1/1e6}')
tp=$(seconds taskset -c 0 proselint check $sample)
python3 -c "
print('peers, one core: claimcheck whole pipeline %.1f MB/s of HTML; trafilatura extraction alone %.1f MB/s (claimcheck %.1fx faster)' % ($pages_mb/$tcp, $pages_mb/$tt, ($pages_mb/$tcp)/($pages_mb/$tt)))
print('proselint %.2f MB/s of text on 100 texts; claimcheck %.1f MB/s of HTML (%.0fx per MB)' % ($sample_mb/$tp, $pages_mb/$tcp, ($pages_mb/$tcp)/($sample_mb/$tp)))"

rb=$(rss $cc audit "$big" --jobs 2 --quiet --output "$out/rss-big.jsonl")
rs=$(rss $cc audit "$small" --jobs 2 --quiet --output "$out/rss-small.jsonl")
python3 -c "print('peak memory: $big_mb MB corpus %.0f MB, $small_mb MB corpus %.0f MB: %.2fx' % ($rb/1024, $rs/1024, $rb/$rs))"

python3 - "$pages" "$out/pages.warc.gz" <<'PY'
import os, sys
from io import BytesIO
from warcio.warcwriter import WARCWriter
from warcio.statusandheaders import StatusAndHeaders
with open(sys.argv[2], "wb") as output:
    writer = WARCWriter(output, gzip=True)
    for name in sorted(os.listdir(sys.argv[1])):
        body = open(os.path.join(sys.argv[1], name), "rb").read()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://bench.example/" + name, "response", payload=BytesIO(body), http_headers=headers))
PY
$cc audit "$out/pages.warc.gz" --jobs 2 --quiet --output "$out/warc.jsonl"
python3 - "$out/pages.jsonl" "$out/warc.jsonl" <<'PY'
import json, os, sys
def load(path):
    return {os.path.basename(r["source"]): [(v["verdict"], v["location"], v["reasons"][0]["rule"]) for v in r["verdicts"]]
            for r in map(json.loads, open(path, encoding="utf-8"))}
folder, warc = load(sys.argv[1]), load(sys.argv[2])
same = sum(folder[k] == warc.get(k) for k in folder)
print("WARC vs folder: %d of %d documents with identical verdicts" % (same, len(folder)))
PY

rm -f "$out/resume.jsonl"
$cc audit "$big" --jobs 2 --quiet --output "$out/resume.jsonl" & pid=$!
sleep "$(python3 -c "print(max(1.0, $t2 / 2))")"; kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
before=$(wc -l < "$out/resume.jsonl")
$cc audit "$big" --jobs 2 --quiet --output "$out/resume.jsonl" --resume
python3 - "$out/resume.jsonl" "$(ls "$big" | wc -l)" "$before" <<'PY'
import json, sys
sources = [json.loads(line)["source"] for line in open(sys.argv[1], encoding="utf-8")]
print("kill and resume: %s lines before the kill; %d lines after, %d distinct, %s documents: %s" % (
    sys.argv[3], len(sources), len(set(sources)), sys.argv[2],
    "every document exactly once" if len(sources) == len(set(sources)) == int(sys.argv[2]) else "MISMATCH"))
PY

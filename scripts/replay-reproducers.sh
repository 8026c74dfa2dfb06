#!/usr/bin/env bash
# Generates the pathological inputs of the robustness issue in a temporary folder
# (nothing is written to the checkout) and runs the release `claimcheck` on each,
# with a timeout, printing a table: seconds, exit code, output size, peak memory,
# and PASS/FAIL against "finishes under 3 s with exit 0, 1 or 2", plus the check
# particular to the case (an error naming a bad rule, output size, memory, counts).
#
#   scripts/replay-reproducers.sh                    build release, run every case
#   scripts/replay-reproducers.sh a e j              only these cases
#   scripts/replay-reproducers.sh --no-build --bin .build/release/claimcheck
#   scripts/replay-reproducers.sh --timeout 60 --keep   (keep the temporary folder)
#
# Exit status: 0 when every case passes, 1 otherwise. Many fail before the fixes
# land; the table is how the fixes are measured.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

build=1
bin=""
timeout_seconds=20
keep=0
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --bin) bin="$2"; build=0; shift 2 ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "replay-reproducers.sh: unknown option $1" >&2; exit 2 ;;
    *) only+=("$1"); shift ;;
  esac
done

scratch=${FUZZ_SCRATCH:-.build-fuzz}
if [ -z "$bin" ]; then bin="$scratch/release/claimcheck"; fi
if [ "$build" = 1 ]; then
  echo "building claimcheck (release) in $scratch ..." >&2
  swift build -c release --scratch-path "$scratch" --product claimcheck >&2 || { echo "build failed" >&2; exit 2; }
fi
[ -x "$bin" ] || { echo "no claimcheck binary at $bin (build it, or pass --bin)" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time for peak memory ..." >&2
  (apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }) >/dev/null 2>&1 || true
fi
have_time=0; [ -x /usr/bin/time ] && have_time=1

work=$(mktemp -d "${TMPDIR:-/tmp}/claimcheck-repro.XXXXXX")
if [ "$keep" = 0 ]; then trap 'rm -rf "$work"' EXIT; fi
rules="$root/Rules"

wanted() { [ ${#only[@]} -eq 0 ] && return 0; local c; for c in "${only[@]}"; do [ "$c" = "$1" ] && return 0; done; return 1; }

# ---------------------------------------------------------------- generators
py() { python3 - "$@"; }

gen_a() { py "$work/a.md" <<'EOF'
import sys; open(sys.argv[1], "w").write("# Nesting\n\n" + ">" * 20000 + " Cyclosporine is proven to cure hair loss.\n")
EOF
}
gen_b() { py "$work/b.md" <<'EOF'
import sys; open(sys.argv[1], "w").write("# Lists\n\n" + "- " * 50000 + "Cyclosporine is proven to cure hair loss.\n")
EOF
}
gen_c() { py "$work/c.warc" <<'EOF'
import sys
def record(body, length=None):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    n = len(http) if length is None else length
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/%d\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\nContent-Type: application/http; msgtype=response\r\n"
            "Content-Length: %d\r\n\r\n" % (abs(n), abs(n), n)).encode()
    return head + http + b"\r\n\r\n"
good = b"<html><body><p>Minoxidil has been proven to regrow hair.</p></body></html>"
open(sys.argv[1], "wb").write(record(good) + record(good, length=-4096) + record(good))
EOF
}
gen_d() {
  mkdir -p "$work/d-rules" && cp -R "$rules/." "$work/d-rules/"
  cat > "$work/d-rules/zz-redos.yml" <<'EOF'
rules:
  - id: certainty.redos-probe
    kind: pattern
    summary: A pattern with nested quantifiers (catastrophic backtracking).
    message: "“{phrase}” matched a pathological pattern"
    asserts: proven
    pattern: '(a+)+$'
    examples:
      flag:
        - "{aaa}"
      pass:
        - "bbb"
EOF
  sed -i 's/^signals:$/signals:\n  certainty.redos-probe: overstated warning/' "$work/d-rules/verdicts.yml"
  py "$work/d.txt" <<'EOF'
import sys; open(sys.argv[1], "w").write("a" * 5120 + "\n")
EOF
}
gen_e() { py "$work/e.html" <<'EOF'
import sys; open(sys.argv[1], "w").write("<!DOCTYPE html><html><body><p>Minoxidil is proven " + "&amp;" * 125000 + " effective.</p></body></html>\n")
EOF
}
gen_f() { py "$work/f.html" <<'EOF'
import sys
attrs = "".join(' a%d="v"' % i for i in range(100000))
open(sys.argv[1], "w").write("<!DOCTYPE html><html><body><p" + attrs + ">Minoxidil is proven to regrow hair.</p></body></html>\n")
EOF
}
gen_g() { py "$work/g.txt" <<'EOF'
import sys, random
random.seed(7)
marks = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019"]
open(sys.argv[1], "w").write("Dr. Edwin Talbot, a renowned dermatologist, said " + "".join(random.choice(marks) for _ in range(100000)) + " it cures hair loss.\n")
EOF
}
gen_h() { py "$work/h.html" <<'EOF'
import sys
filler = ("Minoxidil has been proven to regrow hair in every patient who tried it and " * 20 + "\n")
body = filler * (1100000 // len(filler) + 1)
open(sys.argv[1], "w").write("<!DOCTYPE html><html><body><p>Intro: cyclosporine is proven.</p><![CDATA[" + body[:1100000])
EOF
}
gen_i() { py "$work/i.md" <<'EOF'
import sys
cols = 5000
lines = ["# Table", "", "| " + " | ".join("h%d" % c for c in range(cols)) + " |", "|" + "---|" * cols]
for r in range(10):
    lines.append("| " + " | ".join("%d%%" % ((c * 7 + r) % 100) for c in range(cols)) + " |")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
}
gen_j() { py "$work/j.md" <<'EOF'
import sys; open(sys.argv[1], "w").write("# Brackets\n\n" + ">" * 47000 + "<" * 50000 + " proven cure\n")
EOF
}
gen_k() { py "$work/k.txt" <<'EOF'
import sys, random
random.seed(11)
words = "minoxidil hair regrowth patients doctors study cream scalp thinning treatment effective daily results months".split()
out = ["Cyclosporine has been proven to be effective"]
size = len(out[0])
while size < 1048576:
    w = random.choice(words); out.append(w); size += len(w) + 1
open(sys.argv[1], "w").write(" ".join(out) + "\n")
EOF
}
gen_l() { py "$work/l.html" <<'EOF'
import sys
rows = []
i = 0
size = 0
while size < 198 * 1024:
    row = "<tr><td>Group %d</td><td>%d</td><td>%.1f%%</td><td>%.2f (%.2f-%.2f)</td><td>p=0.0%d</td></tr>\n" % (i, 100 + i, (i * 3.7) % 100, 1 + i % 5 / 10, 0.5, 1.9, i % 9)
    rows.append(row); size += len(row); i += 1
open(sys.argv[1], "w").write("<!DOCTYPE html><html><body><h1>Results</h1><p>Minoxidil regrew hair in 87% of men.</p><table><thead><tr><th>Group</th><th>n</th><th>Response</th><th>HR (95% CI)</th><th>p</th></tr></thead><tbody>\n"
    + "".join(rows) + "</tbody></table></body></html>\n")
EOF
}
gen_m() { py "$work/m.txt" <<'EOF'
import sys, itertools
clauses = ["cyclosporine is proven to cure hair loss", "a renowned dermatologist said it works for everyone", "87% of patients regrew hair",
           "the cream is completely safe", "studies show it reverses baldness", "doctors are amazed", "it is guaranteed to work"]
out = []
size = 0
for clause in itertools.cycle(clauses):
    out.append(clause); size += len(clause) + 6
    if size >= 136 * 1024: break
open(sys.argv[1], "w").write("Honestly " + ", and ".join(out) + "\n")
EOF
}
gen_n() { py "$work/n.html" "$root/Fixtures" <<'EOF'
import sys, re, os
paragraphs = []
for name in sorted(os.listdir(sys.argv[2])):
    if name.endswith(".html"):
        paragraphs += re.findall(r"<p>.*?</p>", open(os.path.join(sys.argv[2], name), encoding="utf-8").read(), re.S)
chunk = "\n".join(paragraphs) + "\n"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Long</title></head><body><article>\n")
    size = 0
    while size < 16 * 1024 * 1024:
        f.write(chunk); size += len(chunk.encode())
    f.write("</article></body></html>\n")
EOF
}
gen_o() { printf 'Cyclosporine has been proven to be\fformally\veffective for hair regrowth.\n\nMinoxidil is proven to be\feffective.\n' > "$work/o.txt"; }
gen_p() { py "$work/p.html" <<'EOF'
import sys
html = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>"
        "<p>Renée’s dermatologist said “cyclosporine has been proven to be effective” for hair regrowth.</p>"
        "<p>Minoxidil is proven to regrow hair\u00a0— a café owner’s story.</p></body></html>\n").encode("utf-8")
cut = html.index(b"Minoxidil")
open(sys.argv[1], "wb").write(html[:cut] + b"\xff" + html[cut:])
EOF
}
gen_q() { py "$work/q.warc.gz" <<'EOF'
import sys, gzip
def record(i, body):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/%d\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\nContent-Type: application/http; msgtype=response\r\n"
            "Content-Length: %d\r\n\r\n" % (i, i, len(http))).encode()
    return gzip.compress(head + http + b"\r\n\r\n")
body = b"<html><body>" + b"<p>Minoxidil has been proven to regrow hair in most men.</p>" * 200 + b"</body></html>"
members = [record(i, body) for i in range(3)]
data = members[0] + members[1][: len(members[1]) // 2]
open(sys.argv[1], "wb").write(data)
EOF
}
gen_r() {
  mkdir -p "$work/r"
  py "$work/r" "$root/Fixtures" <<'EOF'
import sys, os
folder, fixtures = sys.argv[1], sys.argv[2]
open(os.path.join(folder, "bomb-quotes.md"), "w").write(">" * 50000 + " proven cure\n")
open(os.path.join(folder, "bomb-lists.md"), "w").write("- " * 50000 + "proven cure\n")
seeds = [open(os.path.join(fixtures, n), encoding="utf-8").read() for n in sorted(os.listdir(fixtures)) if n.endswith(".md") and not n.startswith("suppressed")]
for i in range(20):
    open(os.path.join(folder, "note-%02d.md" % i), "w").write("# Note %d\n\n" % i + seeds[i % len(seeds)])
EOF
}
gen_s() { py "$work/s.jsonl" <<'EOF'
import sys, json
docs = [("n1", "Minoxidil is proven to regrow hair."), ("n2", "Cyclosporine cures hair loss."), ("n1", "A duplicate id: finasteride is proven."),
        ("n3", "Dr. Edwin Talbot, a renowned dermatologist, said it works."), ("n2", "Another duplicate: it is a miracle cure.")]
with open(sys.argv[1], "w") as f:
    for i, text in docs:
        f.write(json.dumps({"id": i, "url": "https://example.com/" + i, "content": text, "format": "markdown"}) + "\n")
EOF
}

# ---------------------------------------------------------------- running
rows=()
details=()
failures=0

# measure NAME COMMAND...: sets m_seconds m_rc m_out m_rss; stdout in $work/NAME.out, stderr in $work/NAME.err
measure() {
  local name=$1; shift
  local start end
  start=$(date +%s%N)
  if [ "$have_time" = 1 ]; then
    /usr/bin/time -v -o "$work/$name.time" timeout -s KILL "$timeout_seconds" "$@" > "$work/$name.out" 2> "$work/$name.err"
    m_rc=$?
    m_rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/$name.time" 2>/dev/null)
  else
    timeout -s KILL "$timeout_seconds" "$@" > "$work/$name.out" 2> "$work/$name.err"
    m_rc=$?
    m_rss=""
  fi
  end=$(date +%s%N)
  m_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  m_out=$(stat -c %s "$work/$name.out")
}

human() { awk -v n="$1" 'BEGIN { if (n == "") print "?"; else if (n >= 1048576) printf "%.1f MB", n / 1048576; else if (n >= 1024) printf "%.1f KB", n / 1024; else printf "%d B", n }'; }

# verdict NAME DESCRIPTION INPUT_BYTES EXTRA_OK EXTRA_NOTE
verdict() {
  local name=$1 description=$2 input=$3 extra_ok=$4 note=$5 result=PASS rc_text=$m_rc
  if [ "$m_rc" = 137 ]; then rc_text="killed"; fi
  if [ "$m_rc" != 0 ] && [ "$m_rc" != 1 ] && [ "$m_rc" != 2 ]; then result=FAIL; fi
  if awk -v s="$m_seconds" 'BEGIN { exit !(s >= 3) }'; then result=FAIL; fi
  if [ "$extra_ok" = 0 ]; then result=FAIL; fi
  if [ "$m_rc" = 137 ]; then note="killed after ${timeout_seconds}s; $note"; fi
  if [ "$m_rc" -ge 128 ] 2>/dev/null && [ "$m_rc" != 137 ]; then note="signal $((m_rc - 128)); $note"; fi
  [ "$result" = FAIL ] && failures=$((failures + 1))
  local rss="?"; [ -n "$m_rss" ] && rss=$(human $((m_rss * 1024)))
  rows+=("$(printf '%-2s|%-44s|%9s|%7s|%6s|%9s|%9s|%-4s|%s' "$name" "$description" "$(human "$input")" "$m_seconds" "$rc_text" "$(human "$m_out")" "$rss" "$result" "$note")")
  printf '%s: %s s, exit %s, %s\n' "$name" "$m_seconds" "$rc_text" "$result" >&2
}

size_of() { stat -c %s "$1"; }
check_file() { measure "$1" "$bin" check "$2" --rules "${3:-$rules}"; }
# The first line of standard error; for a crash, the runtime's message and the first frame in the kit.
first_error() {
  local err="$work/$1.err"
  if grep -aq 'Backtracing\|Program crashed\|Fatal error\|runtime failure' "$err"; then
    local message frame
    message=$(grep -a -m1 -oE '(Fatal error|Swift runtime failure|Program crashed)[^*]*' "$err" | sed -E 's/ +$//; s/ at 0x[0-9a-f]+$//')
    frame=$(grep -a -m1 -E ' in [^ ]+ at .*/Sources/ClaimCheckKit/' "$err" \
      | sed -E 's/^.*0x[0-9a-f]+ (.+) in [^ ]+ at .*\/Sources\/ClaimCheckKit\/(.*)$/\1 (\2)/; s/ \+ [0-9]+//; s/^(static |specialized |closure #[0-9]+ in )+//')
    printf '%s%s' "${message:-crashed}" "${frame:+ in $frame}" | cut -c1-150
  else
    grep -av '^\s*$' "$err" | head -1 | cut -c1-110
  fi
}
# Claim lines of the text output, control characters shown as escapes (\x0c form feed, \x0b vertical tab).
claims() { grep -a 'claim:' "$work/$1.out" | head -"${2:-4}" | cut -c1-200 | python3 -c 'import sys
for line in sys.stdin: print(repr(line.rstrip("\n"))[1:-1])'; }

if wanted a; then gen_a; check_file a "$work/a.md"; verdict a "Markdown: 20,000 '>' on one line" "$(size_of "$work/a.md")" 1 "$(first_error a)"; fi
if wanted b; then gen_b; check_file b "$work/b.md"; verdict b "Markdown: 50,000 '- ' on one line" "$(size_of "$work/b.md")" 1 "$(first_error b)"; fi
if wanted c; then
  gen_c; measure c "$bin" audit "$work/c.warc" --rules "$rules" --quiet --jobs 1
  verdict c "WARC record with negative Content-Length" "$(size_of "$work/c.warc")" 1 "$(wc -l < "$work/c.out") reports (3 records); $(first_error c)"
fi
if wanted d; then
  gen_d; check_file d "$work/d.txt" "$work/d-rules"
  by_id=no; grep -q 'certainty.redos-probe' "$work/d.err" && by_id=yes
  by_place=no; grep -q 'zz-redos.yml:[0-9]' "$work/d.err" && by_place=yes
  named=0; [ "$m_rc" = 2 ] && { [ $by_id = yes ] || [ $by_place = yes ]; } && named=1
  verdict d "rule '(a+)+\$' on 5 KB of 'aaaa'" "$(size_of "$work/d.txt")" "$named" "expect exit 2 and an error naming the rule: by id $by_id, by file:line $by_place"
fi
if wanted e; then gen_e; check_file e "$work/e.html"; verdict e "HTML: 125,000 &amp; in a paragraph" "$(size_of "$work/e.html")" 1 "$(first_error e)"; fi
if wanted f; then gen_f; check_file f "$work/f.html"; verdict f "HTML: 100,000 attributes on one element" "$(size_of "$work/f.html")" 1 "$(first_error f)"; fi
if wanted g; then gen_g; check_file g "$work/g.txt"; verdict g "text: 100,000 quote marks" "$(size_of "$work/g.txt")" 1 "$(first_error g)"; fi
if wanted h; then gen_h; check_file h "$work/h.html"; verdict h "HTML: unterminated <![CDATA[ of 1.1 MB" "$(size_of "$work/h.html")" 1 "$(first_error h)"; fi
if wanted i; then gen_i; check_file i "$work/i.md"; verdict i "Markdown table: 5,000 columns x 10 rows" "$(size_of "$work/i.md")" 1 "$(first_error i)"; fi
if wanted j; then gen_j; check_file j "$work/j.md"; verdict j "Markdown: 47,000 '>' then 50,000 '<'" "$(size_of "$work/j.md")" 1 "$(first_error j)"; fi
if wanted k; then gen_k; check_file k "$work/k.txt"; verdict k "text: 1 MB sentence, no punctuation" "$(size_of "$work/k.txt")" 1 "longest output line $(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$work/k.out") chars"; fi
if wanted l; then
  gen_l; check_file l "$work/l.html"
  small=1; [ "$m_out" -gt 65536 ] && small=0
  verdict l "HTML: 198 KB table of statistics" "$(size_of "$work/l.html")" "$small" "output must stay small (< 64 KB): $([ $small = 1 ] && echo yes || echo no)"
fi
if wanted m; then gen_m; check_file m "$work/m.txt"; verdict m "text: 136 KB run-on sentence" "$(size_of "$work/m.txt")" 1 "$(grep -c 'claim:' "$work/m.out") claims printed, longest output line $(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$work/m.out") chars"; fi
if wanted n; then
  gen_n; check_file n "$work/n.html"
  low=0; [ -n "$m_rss" ] && [ "$m_rss" -lt $((160 * 1024)) ] && low=1
  verdict n "HTML: 16 MB of ordinary paragraphs" "$(size_of "$work/n.html")" "$low" "peak memory under 160 MB: $([ $low = 1 ] && echo yes || echo no)"
fi
if wanted o; then
  gen_o; check_file o "$work/o.txt"
  verdict o "text: form feed / vertical tab inside a claim" "$(size_of "$work/o.txt")" 1 "claim text below"
  details+=("(o) claims printed (control characters escaped):" "$(claims o)")
fi
if wanted p; then
  gen_p; check_file p "$work/p.html"
  mojibake=0; grep -a 'claim:' "$work/p.out" | grep -aq 'Ã\|â€\|Â' && mojibake=1
  verdict p "HTML UTF-8 page with one invalid byte" "$(size_of "$work/p.html")" 1 "mojibake in claims: $([ $mojibake = 1 ] && echo yes || echo no)"
  details+=("(p) claims printed:" "$(claims p)")
fi
if wanted q; then
  gen_q; measure q "$bin" audit "$work/q.warc.gz" --rules "$rules" --quiet --jobs 1
  reported=no; { grep -aq '"error"' "$work/q.out" || grep -aqi 'truncat\|unexpected end\|corrupt' "$work/q.err"; } && reported=yes
  verdict q "truncated .warc.gz (cut mid-member)" "$(size_of "$work/q.warc.gz")" 1 "$(wc -l < "$work/q.out") reports (1 whole record), truncation reported: $reported; $(first_error q)"
fi
if wanted r; then
  gen_r; measure r "$bin" audit "$work/r" --rules "$rules" --quiet
  count=$(wc -l < "$work/r.out")
  verdict r "audit: 2 Markdown nesting bombs + 20 notes" "$(du -sb "$work/r" | cut -f1)" "$([ "$count" = 22 ] && echo 1 || echo 0)" "reports $count of 22 expected; $(first_error r)"
fi
if wanted s; then
  gen_s
  "$bin" audit "$work/s.jsonl" --rules "$rules" --quiet --jobs 1 --output "$work/s-full.jsonl" 2> "$work/s-full.err"
  full=$(wc -l < "$work/s-full.jsonl" 2>/dev/null || echo 0)
  head -2 "$work/s-full.jsonl" > "$work/s-resumed.jsonl" 2>/dev/null
  measure s "$bin" audit "$work/s.jsonl" --rules "$rules" --quiet --jobs 1 --resume --output "$work/s-resumed.jsonl"
  resumed=$(wc -l < "$work/s-resumed.jsonl" 2>/dev/null || echo 0)
  verdict s "audit --resume, duplicate ids in JSONL" "$(size_of "$work/s.jsonl")" "$([ "$resumed" = 5 ] && echo 1 || echo 0)" "5 documents: first run $full reports, after resume from 2: $resumed; $(first_error s)"
fi

# ---------------------------------------------------------------- table
echo
echo "claimcheck reproducers: $bin"
if revision=$(git rev-parse --short HEAD 2>/dev/null); then
  git diff --quiet HEAD 2>/dev/null || revision="$revision (with uncommitted changes)"
else
  revision="(not a git checkout)"
fi
echo "checkout $revision, timeout ${timeout_seconds}s, pass = under 3 s with exit 0, 1 or 2 (and the case's own check)"
echo
printf '%-2s|%-44s|%9s|%7s|%6s|%9s|%9s|%-4s|%s\n' "" "case" "input" "seconds" "exit" "output" "peak RSS" "" "note"
printf '%s\n' "--+--------------------------------------------+---------+-------+------+---------+---------+----+------------------------------"
for row in "${rows[@]}"; do printf '%s\n' "$row"; done
echo
for line in "${details[@]}"; do printf '%s\n' "$line"; done
[ "$keep" = 1 ] && echo "inputs and outputs kept in $work"
echo "$failures of ${#rows[@]} failed"
[ "$failures" = 0 ]

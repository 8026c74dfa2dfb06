#!/usr/bin/env bash
# Fuzz ClaimCheckKit: build claimcheck-fuzz (release) and run it for a while.
#
#   scripts/fuzz.sh                                 one hour, all families, a fresh seed (printed)
#   scripts/fuzz.sh --seconds 120                   what .ci/run does
#   scripts/fuzz.sh --families nesting,markdown=10 --seed 42 --jobs 2
#   scripts/fuzz.sh --libfuzzer --seconds 600       libFuzzer with coverage (-sanitize=fuzzer)
#   scripts/fuzz.sh --seconds 60 -- --time-limit 1 --large-fraction 0.2   (after --: runner options)
#   scripts/fuzz.sh --strict                        invariant violations fail the run too
#
# Crashing, hanging, slow and invariant-breaking inputs are saved in .fuzz-findings/
# (with a .txt beside each: family, seed, index, backtrace, replay command).
# Exit status: 0 no crash, hang or slow input (nor, with --strict, a broken
# invariant), 1 otherwise, 2 build or usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=3600
families=all
seed=""
jobs=1
time_limit=2
findings=.fuzz-findings
libfuzzer=0
strict=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --families) families="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --time-limit) time_limit="$2"; shift 2 ;;
    --findings) findings="$2"; shift 2 ;;
    --libfuzzer) libfuzzer=1; shift ;;
    --strict) strict=(--strict); export CLAIMCHECK_FUZZ_STRICT=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$libfuzzer" = 1 ]; then
  # libFuzzer: the same target built with -sanitize=fuzzer; its entry point is
  # LLVMFuzzerTestOneInput (Sources/claimcheck-fuzz/Entry.swift). The first byte of
  # an input picks the format (0 html, 1 markdown, 2 text).
  scratch=${LIBFUZZER_SCRATCH:-.build-libfuzzer}
  echo "fuzz.sh: building claimcheck-fuzz with -sanitize=fuzzer in $scratch" >&2
  swift build -c release --scratch-path "$scratch" --product claimcheck-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DCLAIMCHECK_LIBFUZZER >&2 || exit 2
  corpus="$findings/libfuzzer-corpus"
  mkdir -p "$corpus" "$findings/libfuzzer"
  for fixture in Fixtures/*.html Fixtures/*.md Fixtures/*.txt; do
    case "$fixture" in *.html) prefix='\x00' ;; *.md) prefix='\x01' ;; *) prefix='\x02' ;; esac
    { printf "$prefix"; cat "$fixture"; } > "$corpus/$(basename "$fixture")"
  done
  status=0
  # libFuzzer's own signal handlers write the crash-* artifact; the Swift backtracer would get there first.
  export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
  "$scratch/release/claimcheck-fuzz" "$corpus" -max_total_time="$seconds" -timeout="$time_limit" \
    -rss_limit_mb=1024 -max_len=262144 -print_final_stats=1 -artifact_prefix="$findings/libfuzzer/" -dict=Fuzz/claimcheck.dict \
    ${seed:+-seed="$seed"} ${extra[@]+"${extra[@]}"} || status=$?
  echo "fuzz.sh: libFuzzer artifacts (crash-*, timeout-*, oom-*) in $findings/libfuzzer/" >&2
  exit $(( status == 0 ? 0 : 1 ))
fi

scratch=${FUZZ_SCRATCH:-.build-fuzz}
echo "fuzz.sh: building claimcheck-fuzz (release) in $scratch" >&2
swift build -c release --scratch-path "$scratch" --product claimcheck-fuzz >&2 || exit 2
status=0
"$scratch/release/claimcheck-fuzz" run --seconds "$seconds" --families "$families" --jobs "$jobs" \
  --time-limit "$time_limit" --findings "$findings" ${seed:+--seed "$seed"} ${strict[@]+"${strict[@]}"} \
  ${extra[@]+"${extra[@]}"} || status=$?
exit "$status"

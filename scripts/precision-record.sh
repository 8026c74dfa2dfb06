#!/usr/bin/env bash
# Precision of ClaimCheck's flags on the press-release corpus against the editor's labels
# in docs/precision/corpus-labels.tsv: builds claimcheck in release mode and runs
# scripts/precision-record.py (precision per rule and overall, flags per release,
# unlabelled and gone flags).
#   scripts/precision-record.sh                  (the figures)
#   scripts/precision-record.sh --unlabelled     (arguments go to the script)
#   SCRATCH_PATH=.build-precision JOBS=1 scripts/precision-record.sh --check
# Needs python3 and the corpus (CORPUS, default ../shared/corpus/healthrelease).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
swift build -q -c release --product claimcheck --scratch-path "$scratch" ${JOBS:+-j "$JOBS"}
exec python3 scripts/precision-record.py --binary "$scratch/release/claimcheck" \
    --corpus "${CORPUS:-../shared/corpus/healthrelease}" "$@"

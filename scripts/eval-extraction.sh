#!/usr/bin/env bash
# Main-content extraction on the article-extraction benchmark: builds claimcheck
# in release mode and scores `claimcheck extract` with scripts/score-extraction.py
# (mean precision and recall of 4-word shingles, F1, empty bodies, worst pages).
#   scripts/eval-extraction.sh                          (the whole dev set)
#   scripts/eval-extraction.sh --json /tmp/scores.json  (arguments go to the scorer)
#   SCRATCH_PATH=.build-extract JOBS=1 scripts/eval-extraction.sh
# Needs python3 and the dataset (DATASET, default /work/shared/datasets/article-extraction).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
swift build -q -c release --product claimcheck --scratch-path "$scratch" ${JOBS:+-j "$JOBS"}
exec python3 scripts/score-extraction.py --binary "$scratch/release/claimcheck" \
    --dataset "${DATASET:-/work/shared/datasets/article-extraction}" "$@"

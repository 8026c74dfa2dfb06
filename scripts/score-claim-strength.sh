#!/usr/bin/env bash
# Claim strength on the causal-language set: builds claimcheck in release mode and
# scores `claimcheck classify` with scripts/score-claim-strength.py (per-class
# precision, recall and F1, confusion matrix and macro-F1, on all rows and on the
# even and odd halves).
#   scripts/score-claim-strength.sh
#   scripts/score-claim-strength.sh --errors causal:none --half even   (arguments go to the scorer)
#   SCRATCH_PATH=.build-strength scripts/score-claim-strength.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
swift build -q -c release --product claimcheck --scratch-path "$scratch" ${JOBS:+-j "$JOBS"}
exec python3 scripts/score-claim-strength.py --binary "$scratch/release/claimcheck" "$@"

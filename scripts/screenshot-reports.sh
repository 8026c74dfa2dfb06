#!/usr/bin/env bash
# Renders the HTML report of each seed page and screenshots it with headless
# Chromium (Debian: apt-get install chromium) into docs/, for the README.
#   scripts/screenshot-reports.sh [pages folder]
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-../shared/seeds/pages}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "install chromium (apt-get install chromium)"; exit 2; }
swift build -q --product claimcheck
mkdir -p docs
work=$(mktemp -d)
for page in "$pages"/*.html; do
  name=$(basename "$page" .html)
  html="$work/report-$name.html"
  .build/debug/claimcheck check "$page" --format html --output "$html" || true   # exit 1 is a failed gate, shown in the report
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1280,${HEIGHT:-7600} --screenshot="$PWD/docs/report-$name.png" "file://$html" 2>/dev/null
  echo "docs/report-$name.png"
done

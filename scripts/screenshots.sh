#!/usr/bin/env bash
# Saves PNGs of every page of the program in demo mode, in Chinese and English, for the README.
#   scripts/screenshots.sh [OUT_DIR]      (default docs/screenshots)
# Runs the program under Xvfb (a real X server, real fonts); installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"
scripts/setup-deps.sh --gui
cmake --preset release >/dev/null
cmake --build --preset release --target coupondesk
bin=build/release/app/coupondesk/coupondesk
demo_dir=$(mktemp -d)
trap 'rm -rf "$demo_dir"' EXIT
for lang in zh_CN en; do
  for page in redeem void history settings; do
    COUPONDESK_DEMO_DIR="$demo_dir" xvfb-run -a -s "-screen 0 1024x768x24" \
      "$bin" --demo --lang "$lang" --page "$page" --screenshot "$out/$lang-$page.png"
    echo "screenshots.sh: $out/$lang-$page.png"
  done
done

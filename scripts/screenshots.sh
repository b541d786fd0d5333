#!/usr/bin/env bash
# Saves PNGs of every page of the program in demo mode, in Chinese and English, for the README.
#   scripts/screenshots.sh [OUT_DIR]      (default docs/screenshots)
# Runs the program under Xvfb (a real X server, real fonts); installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"
scripts/setup-deps.sh --gui
build=${COUPONDESK_BUILD_DIR:-}   # reuse an existing build tree, e.g. build/dev
if [[ -z "$build" ]]; then
  cmake --preset release >/dev/null
  build=build/release
fi
cmake --build "$build" --target coupondesk coupondesk-cli
bin=$build/app/coupondesk/coupondesk
cli=$build/app/coupondesk-cli/coupondesk-cli
demo_dir=$(mktemp -d)
trap 'rm -rf "$demo_dir"' EXIT
export COUPONDESK_DEMO_DIR="$demo_dir"
# A little history to show: two redeems, a refused repeat, a void.
mapfile -t usable < <("$cli" --demo --json demo-codes | python3 -c "
import json, sys
for line in sys.stdin:
    c = json.loads(line)
    if c['note'] == '可核销':
        print(c['coupon_code'], c['stock_id'])")
read -r c1 s1 <<<"${usable[0]}"; read -r c2 s2 <<<"${usable[3]}"; read -r c3 s3 <<<"${usable[1]}"
"$cli" --demo use --code "$c1" --stock "$s1" >/dev/null || true
"$cli" --demo use --code "$c2" --stock "$s2" >/dev/null || true
"$cli" --demo use --code "$c1" --stock "$s1" >/dev/null || true
"$cli" --demo deactivate --code "$c3" --stock "$s3" --reason "活动配置错误" --pin 1234 >/dev/null || true
for lang in zh_CN en; do
  for page in redeem void history settings; do
    xvfb-run -a -s "-screen 0 1024x768x24" \
      "$bin" --demo --lang "$lang" --page "$page" --screenshot "$out/$lang-$page.png"
    echo "screenshots.sh: $out/$lang-$page.png"
  done
done

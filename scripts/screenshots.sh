#!/usr/bin/env bash
# Saves PNGs of every page of the program in demo mode, in Chinese and English, for the README
# (the Reports page with the demo manager PIN, 1234, typed into its PIN dialog).
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
# A few more redemptions of each stock, so that the Reports page's bars stack by stock.
for extra in "${usable[@]:5:4}"; do
  read -r c s <<<"$extra"
  "$cli" --demo use --code "$c" --stock "$s" >/dev/null || true
done
# The redeem page as a cashier sees it after a scan: the program runs on its own X server, the
# code is typed as a scanner types it (keys, then Enter), and the window is captured.
scan_and_shoot() {  # LANG CODE FILE
  local display=:$((90 + RANDOM % 9)) xpid apid win
  Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
  sleep 1
  DISPLAY=$display "$bin" --demo --lang "$1" --page redeem >/dev/null 2>&1 & apid=$!
  win=$(DISPLAY=$display timeout 30 xdotool search --sync --onlyvisible --class coupondesk | head -n1) || true
  [[ -n "$win" ]] || { echo "screenshots.sh: the window did not appear on $display" >&2; kill "$apid" "$xpid"; return 1; }
  sleep 2  # the demo simulator and the stock values are ready
  DISPLAY=$display xdotool type --delay 8 "$2"
  DISPLAY=$display xdotool key Return
  sleep 2
  import -display "$display" -window "$win" "$3"
  kill "$apid" "$xpid" 2>/dev/null || true
  wait "$apid" "$xpid" 2>/dev/null || true
}
# The Reports page (F6) as a manager sees it: the program opens it and asks for the manager PIN over
# its window; the PIN is typed into that dialog as a person types it, and the program saves its window
# (--screenshot) once the report is shown.
pin_and_shoot() {  # LANG FILE
  local display=:$((90 + RANDOM % 9)) xpid apid
  Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
  sleep 1
  DISPLAY=$display "$bin" --demo --lang "$1" --page reports --screenshot "$2" >/dev/null 2>&1 & apid=$!
  DISPLAY=$display timeout 30 xdotool search --sync --onlyvisible --class coupondesk >/dev/null || true
  sleep 2  # the PIN dialog has the keyboard
  DISPLAY=$display xdotool type --delay 8 1234
  DISPLAY=$display xdotool key Return
  timeout 30 tail --pid="$apid" -f /dev/null || true  # the program quits once it has saved the picture
  kill "$apid" "$xpid" 2>/dev/null || true
  wait "$apid" "$xpid" 2>/dev/null || true
  [[ -s "$2" ]] || { echo "screenshots.sh: no picture of the Reports page on $display" >&2; return 1; }
}
read -r c4 _ <<<"${usable[2]}"; read -r c5 _ <<<"${usable[4]}"
scan_and_shoot zh_CN "$c4" "$out/zh_CN-redeem.png"
echo "screenshots.sh: $out/zh_CN-redeem.png"
scan_and_shoot en "$c5" "$out/en-redeem.png"
echo "screenshots.sh: $out/en-redeem.png"

for lang in zh_CN en; do
  pin_and_shoot "$lang" "$out/$lang-reports.png"
  echo "screenshots.sh: $out/$lang-reports.png"
  for page in void history settings; do
    xvfb-run -a -s "-screen 0 1024x768x24" \
      "$bin" --demo --lang "$lang" --page "$page" --screenshot "$out/$lang-$page.png"
    echo "screenshots.sh: $out/$lang-$page.png"
  done
done

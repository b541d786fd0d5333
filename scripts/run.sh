#!/usr/bin/env bash
# Runs CouponDesk (the README's first command). Installs what is missing (Debian 12), builds a Release
# tree, and starts the program — in demo mode on the built-in simulator when nothing is configured.
# Without a display it says so and runs a short scripted demo with coupondesk-cli instead.
#   scripts/run.sh [coupondesk options…]     e.g. scripts/run.sh --lang en
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
echo "run.sh: building (Release)…"
cmake --preset release >/dev/null
cmake --build --preset release

bin=build/release/app
settings="${XDG_CONFIG_HOME:-$HOME/.config}/CouponDesk/coupondesk.ini"
args=("$@")
if [[ ${#args[@]} -eq 0 && ! -f "$settings" ]]; then
  args=(--demo)   # nothing configured: demo mode
fi

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" || "$(uname -s)" == "Darwin" ]]; then
  exec "$bin/coupondesk/coupondesk" "${args[@]}"
fi

cli="$bin/coupondesk-cli/coupondesk-cli"
echo
echo "run.sh: no display here (DISPLAY is not set), so here is a scripted demo with coupondesk-cli."
echo "        On a desktop, the same command opens the CouponDesk window."
echo
pick() {  # first demo coupon whose note matches $1
  "$cli" --demo --json demo-codes | python3 -c "
import json, sys
for line in sys.stdin:
    c = json.loads(line)
    if c['note'] == sys.argv[1]:
        print(c['coupon_code'], c['stock_id']); break" "$1"
}
read -r redeem_code redeem_stock < <(pick "可核销")
echo "\$ coupondesk-cli --demo use --code $redeem_code --stock $redeem_stock"
"$cli" --demo use --code "$redeem_code" --stock "$redeem_stock" || true
echo
echo "\$ coupondesk-cli --demo use --code $redeem_code --stock $redeem_stock     # the same coupon again"
"$cli" --demo use --code "$redeem_code" --stock "$redeem_stock" || true
echo
read -r void_code void_stock < <("$cli" --demo --json demo-codes | python3 -c "
import json, sys
codes = [json.loads(l) for l in sys.stdin]
usable = [c for c in codes if c['note'] == '可核销' and c['coupon_code'] != sys.argv[1]]
print(usable[0]['coupon_code'], usable[0]['stock_id'])" "$redeem_code")
echo "\$ coupondesk-cli --demo deactivate --code $void_code --stock $void_stock --reason 活动配置错误 --pin 1234"
"$cli" --demo deactivate --code "$void_code" --stock "$void_stock" --reason "活动配置错误" --pin 1234 || true
echo
echo "\$ coupondesk-cli --demo history"
"$cli" --demo history --limit 10

#!/usr/bin/env bash
# Runs CouponDesk. With nothing configured it starts in demo mode on the built-in simulator.
# Installs what is missing (Debian 12) and builds a Release tree first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

bin=build/release/app
if [[ -x "$bin/coupondesk/coupondesk" ]]; then
  exec "$bin/coupondesk/coupondesk" "$@"
fi
echo "run.sh: the desktop program is not built yet in this version; here is the command-line tool:" >&2
exec "$bin/coupondesk-cli/coupondesk-cli" --help

#!/usr/bin/env bash
# Installs the Debian 12 packages CouponDesk needs to build, test and run.
# Idempotent and non-interactive: when every package is present it does nothing.
#   scripts/setup-deps.sh            build + test packages
#   scripts/setup-deps.sh --gui      also Xvfb, xdotool, fonts and ImageMagick (screenshots, real windows)
#   scripts/setup-deps.sh --interop  also node and npm, for tests/interop (the wechatpay-axios-plugin peer)
#                                    and scripts/bench.sh; nothing is added when both are on PATH already
#                                    (e.g. a NodeSource nodejs, which bundles npm). Options combine.
# PostgreSQL 15 and the Qt QPSQL plugin are test packages: tests/integration/chain starts its own
# throwaway server (the chain history, issue 18); the cluster the Debian package may set up is not used.
# qt6-charts-dev draws the Reports page's charts (issue 19), with libqt6opengl6-dev: Debian 12's Qt6Charts
# CMake package needs Qt6OpenGL's, which qt6-charts-dev does not pull in (find_package fails without it);
# poppler-utils' pdftotext lets the tests read the PDFs the program writes (reports, handover slips).
# fonts-wqy-microhei is a test package too: test_gui_resultpanel measures Chinese text, which without a
# CJK font is drawn as boxes of another width (it failed on a fresh machine without it).
set -euo pipefail

packages=(
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
  qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-l10n-tools qt6-svg-dev qtkeychain-qt6-dev qt6-translations-l10n
  libssl-dev openssl cmake ninja-build g++ dpkg-dev file
  appstream desktop-file-utils python3 libxlsxwriter-dev pkg-config
  tinyproxy clang-format-14
  postgresql-15 postgresql-client-15 libqt6sql6-psql
  fonts-wqy-microhei
  qt6-charts-dev libqt6opengl6-dev poppler-utils
)
for arg in "$@"; do
  case "$arg" in
    --gui) packages+=(xvfb xauth xdotool imagemagick fonts-dejavu-core) ;;
    --interop)
      # Optional: without node/npm the interop test reports SKIPPED and bench.sh leaves the peer out.
      if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        packages+=(nodejs npm)
      fi ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "setup-deps: not root. Run this once as root, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=()
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends --no-upgrade "${missing[@]}"
echo "setup-deps: done"

#!/usr/bin/env bash
# The whole test suite: installs what is missing, configures, builds with Ninja and runs ctest headless.
#   scripts/test.sh            normal build (warnings are errors)
#   scripts/test.sh --asan     the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   scripts/test.sh --all      both (what CI runs: CI=true implies --all)
#   extra arguments after -- go to ctest, e.g. scripts/test.sh -- -R wechatpay
set -euo pipefail
cd "$(dirname "$0")/.."

presets=(ci)
ctest_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --asan) presets=(asan) ;;
    --all) presets=(ci asan) ;;
    --) shift; ctest_args=("$@"); break ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [[ "${CI:-}" == "true" && ${#presets[@]} -eq 1 && "${presets[0]}" == "ci" ]]; then
  presets=(ci asan)
fi

scripts/setup-deps.sh

export QT_QPA_PLATFORM=offscreen
export CTEST_OUTPUT_ON_FAILURE=1
for preset in "${presets[@]}"; do
  echo "== test.sh: preset $preset"
  start=$(date +%s)
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j2 "${ctest_args[@]}"
  echo "== test.sh: preset $preset passed in $(( $(date +%s) - start )) s"
done

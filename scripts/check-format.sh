#!/usr/bin/env bash
# Fails when a tracked C++ file differs from .clang-format (clang-format-14, Debian 12's package;
# other versions format a few constructs differently, so CI pins this one).
#   scripts/check-format.sh          list the files that differ and exit 1 (nothing is changed)
#   scripts/check-format.sh --fix    reformat them in place
set -euo pipefail
cd "$(dirname "$0")/.."

fmt=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$fmt" >/dev/null 2>&1; then
  echo "check-format: $fmt not found; run scripts/setup-deps.sh (Debian package clang-format-14)" >&2
  exit 2
fi

mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ "${1:-}" == "--fix" ]]; then
  "$fmt" -i "${files[@]}"
  echo "check-format: formatted ${#files[@]} files"
  exit 0
fi

# One process for all files: the warnings name each file that differs.
mapfile -t bad < <("$fmt" --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*-Wclang-format-violations.*/\1/p' | sort -u)
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "check-format: ${#bad[@]} file(s) differ from .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "fix with: scripts/check-format.sh --fix   (or git clang-format-14 for staged changes)" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files match .clang-format"

#!/usr/bin/env bash
# Refreshes resources/translations/coupondesk_zh_CN.ts from the sources (lupdate) and fills it from the
# glossary in scripts/i18n_zh_CN.py; prints every string still untranslated.
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
"$lupdate" -no-obsolete -locations none src/desk src/print src/gui ui app/coupondesk app/shared app/coupondesk-cli \
  -ts resources/translations/coupondesk_zh_CN.ts
python3 scripts/i18n_zh_CN.py resources/translations/coupondesk_zh_CN.ts

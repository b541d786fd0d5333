#!/usr/bin/env bash
# Builds the Debian package from this build tree and checks it as a user would get it: the files are
# there, the runtime dependencies are declared, the metainfo and desktop entry validate, and the
# unpacked coupondesk-cli runs.
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/*.deb)
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -c "$deb" | awk '{print $6}' > "$work/contents"
for f in ./usr/bin/coupondesk ./usr/bin/coupondesk-cli ./usr/bin/wechatpay-sim \
         ./usr/share/applications/io.github.coupondesk.CouponDesk.desktop \
         ./usr/share/metainfo/io.github.coupondesk.CouponDesk.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/io.github.coupondesk.CouponDesk.svg; do
  grep -qx "$f" "$work/contents" || { echo "missing from the package: $f"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins qt6-translations-l10n libxlsxwriter4 libqt6widgets6 libssl3; do
  grep -q "$d" <<<"$depends" || { echo "Depends lacks $d: $depends"; exit 1; }
done
dpkg-deb -x "$deb" "$work/root"
version=$(ASAN_OPTIONS=detect_leaks=0 "$work/root/usr/bin/coupondesk-cli" --version)
[[ "$version" == "coupondesk-cli "* ]] || { echo "unexpected --version: $version"; exit 1; }
echo "unpacked: $version"
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net --pedantic "$work/root/usr/share/metainfo/io.github.coupondesk.CouponDesk.metainfo.xml" \
    || appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.github.coupondesk.CouponDesk.metainfo.xml"
else
  echo "appstreamcli not installed: metainfo not validated"; exit 1
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$work/root/usr/share/applications/io.github.coupondesk.CouponDesk.desktop"
fi
echo "package checks passed"

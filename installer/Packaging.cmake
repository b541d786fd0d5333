# Installation layout and CPack settings. Linux: `cpack -G DEB` in a build tree (tested by
# tests/package). Windows (NSIS) and macOS (DragNDrop) settings are below; they are documented in
# installer/README.md and NOT built or tested on this project's Debian machines.
include(GNUInstallDirs)

install(FILES "${CMAKE_SOURCE_DIR}/resources/io.github.coupondesk.CouponDesk.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${CMAKE_SOURCE_DIR}/resources/io.github.coupondesk.CouponDesk.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
install(FILES "${CMAKE_SOURCE_DIR}/resources/io.github.coupondesk.CouponDesk.svg"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
install(FILES "${CMAKE_SOURCE_DIR}/LICENSE" "${CMAKE_SOURCE_DIR}/README.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

set(CPACK_PACKAGE_NAME "coupondesk")
set(CPACK_PACKAGE_VENDOR "CouponDesk developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "WeChat Pay merchant-coupon counter: redeem, void, history")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "CouponDesk developers <coupondesk@example.invalid>")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "CouponDesk")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_EXECUTABLES "coupondesk" "CouponDesk")
set(CPACK_STRIP_FILES ON)

# Debian: shared-library dependencies are computed by dpkg-shlibdeps; the plugins Qt loads at run
# time (SQLite driver, SVG icons, the xcb platform) are not linked and must be named.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, qt6-qpa-plugins, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-wqy-microhei")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Counter program for WeChat Pay merchant coupons (商家券)\n Cashiers redeem coupons with a scanner and Enter; managers void or return\n them with a PIN. Every request is signed, every answer verified, and all\n operations are journaled in a local SQLite history.\n Includes coupondesk-cli and the wechatpay-sim simulator.")

# Windows: NSIS installer (makensis), after windeployqt (see installer/windows/deploy.cmake).
set(CPACK_NSIS_DISPLAY_NAME "CouponDesk 商家券核销台")
set(CPACK_NSIS_PACKAGE_NAME "CouponDesk")
set(CPACK_NSIS_MUI_ICON "${CMAKE_SOURCE_DIR}/installer/windows/coupondesk.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\coupondesk.exe")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# macOS: a drag-and-drop disk image of the bundle, after macdeployqt.
set(CPACK_DMG_VOLUME_NAME "CouponDesk")

if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
    include("${CMAKE_SOURCE_DIR}/installer/windows/deploy.cmake" OPTIONAL)
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "DEB;TGZ")
endif()
include(CPack)

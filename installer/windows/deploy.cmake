# Windows only (untested on this project's Debian machines): copies the Qt DLLs, plugins (sqldrivers/
# qsqlite, iconengines/qsvgicon, platforms/qwindows, tls/qopensslbackend) and translations next to the
# installed executables with windeployqt, so the NSIS installer is self-contained.
qt_generate_deploy_app_script(TARGET coupondesk OUTPUT_SCRIPT coupondesk_deploy_script NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT "${coupondesk_deploy_script}")

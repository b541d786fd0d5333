# One INTERFACE target carries the compile policy; every project target links it.
add_library(coupondesk_policy INTERFACE)
add_library(CouponDesk::policy ALIAS coupondesk_policy)

target_compile_features(coupondesk_policy INTERFACE cxx_std_20)
target_compile_definitions(coupondesk_policy INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    COUPONDESK_VERSION="${PROJECT_VERSION}")

if(MSVC)
    target_compile_options(coupondesk_policy INTERFACE /W4 /permissive- /utf-8 /Zc:__cplusplus)
    if(COUPONDESK_WERROR)
        target_compile_options(coupondesk_policy INTERFACE /WX)
    endif()
else()
    target_compile_options(coupondesk_policy INTERFACE
        -Wall -Wextra -pedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
        -Wcast-align -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
    if(COUPONDESK_WERROR)
        target_compile_options(coupondesk_policy INTERFACE -Werror)
    endif()
endif()

# Sanitizers: the `asan` preset sets COUPONDESK_SANITIZE=address,undefined.
set(COUPONDESK_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list (e.g. address,undefined)")
if(COUPONDESK_SANITIZE AND NOT MSVC)
    target_compile_options(coupondesk_policy INTERFACE
        -fsanitize=${COUPONDESK_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(coupondesk_policy INTERFACE -fsanitize=${COUPONDESK_SANITIZE})
endif()

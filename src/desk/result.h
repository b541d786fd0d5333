// The result vocabulary of desk's API: a value or the reason it could not be had. desk's own
// types: its callers never see the protocol layer's. A wechatpay::Error becomes a desk::Error
// field by field (wechatpaymapping.cpp, the one place); the kinds keep their values and meaning.
#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QString>

namespace wechatpay {
struct Error;
} // namespace wechatpay

namespace desk {

enum class ErrorKind {
    InvalidInput, // a field or argument failed validation; nothing was sent
    Key, // a key, certificate or PEM could not be used
    Crypto, // an OpenSSL operation failed
    Network, // connection refused / host not found / reset / TLS handshake; see Error::requestSent
    Timeout, // connect or total timeout
    Tls, // certificate verification failed (never ignored)
    Http, // a non-2xx answer (4xx/5xx) with its parsed {code,message,detail}
    Verification, // a 2xx whose signature could not be verified: never success
    Protocol, // a verified answer that is malformed (bad JSON, missing fields)
    Cancelled, // aborted by the caller
};

QString errorKindName(ErrorKind kind); // "network", "http"… (logs, --json output)

struct Error
{
    ErrorKind kind = ErrorKind::InvalidInput;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QString code; // WeChat code (SIGN_ERROR, PARAM_ERROR…) or our own reason code
    QString message; // WeChat's message, or an English developer message
    QString requestId; // Request-ID header, when WeChat answered
    QString field; // the offending field, when known
    QJsonObject detail; // WeChat's detail object, verbatim
    bool requestSent = false; // true when the request may have reached the server

    Error() = default;
    Error(const wechatpay::Error &error); // NOLINT(google-explicit-constructor): passed up as it is
    static Error make(ErrorKind kind, QString code, QString message);
    QString toString() const;
};

template<typename T> using Result = core::Result<T, Error>;
using Status = Result<void>;

} // namespace desk

// How calls reach WeChat Pay through a shop's or an office's network: the system's proxy
// configuration (the default), no proxy, or one HTTP proxy (HTTPS goes through it with CONNECT).
// Set on each QNetworkAccessManager, never globally: Qt's global factory skips loopback hosts, and
// a program may hold several sessions.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

class QNetworkAccessManager;

namespace wechatpay {

struct ProxyConfig
{
    enum class Mode { System, None, Http };
    Mode mode = Mode::System;
    QString host; // Http only
    quint16 port = 0;
    QString user;
    QByteArray password; // never logged, never part of describe()

    // "the system's proxy settings", "no proxy", "proxy 10.0.0.5:3128" (user shown, no password).
    QString describe() const;
};

// Parses the api/proxy setting: "system" (or empty), "none", or "http://[user@]host:port".
Result<ProxyConfig> parseProxySetting(const QString &text);

// Applies `proxy` to this manager only. Loopback hosts are always reached directly in System mode
// (as Qt's own factory does); an explicit proxy is used even for them (the tests need that).
void applyProxy(QNetworkAccessManager &network, const ProxyConfig &proxy);

} // namespace wechatpay

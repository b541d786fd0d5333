#include "proxy.h"

#include "httpclient.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QUrl>

namespace wechatpay {

namespace {

// The system's configuration (environment, Windows/macOS settings, PAC where Qt supports it),
// for this manager only; loopback hosts are reached directly.
class SystemProxies final : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        if (isLoopbackHost(query.peerHostName()))
            return { QNetworkProxy(QNetworkProxy::NoProxy) };
        return systemProxyForQuery(query);
    }
};

Error proxyError(const QString &message)
{
    Error e = Error::make(ErrorKind::InvalidInput, QStringLiteral("PROXY_INVALID"), message);
    e.field = QStringLiteral("api/proxy");
    return e;
}

} // namespace

QString ProxyConfig::describe() const
{
    switch (mode) {
    case Mode::System:
        return QStringLiteral("the system's proxy settings");
    case Mode::None:
        return QStringLiteral("no proxy");
    case Mode::Http:
        return QStringLiteral("proxy %1%2:%3")
            .arg(user.isEmpty() ? QString() : user + QLatin1Char('@'), host, QString::number(port));
    }
    return {};
}

Result<ProxyConfig> parseProxySetting(const QString &text)
{
    const QString t = text.trimmed();
    ProxyConfig p;
    if (t.isEmpty() || t.compare(QLatin1String("system"), Qt::CaseInsensitive) == 0)
        return p;
    if (t.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        p.mode = ProxyConfig::Mode::None;
        return p;
    }
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty() || url.port() <= 0)
        return proxyError(
            QStringLiteral("write system, none or http://host:port (e.g. http://10.0.0.5:3128)"));
    if (!url.password().isEmpty())
        return proxyError(QStringLiteral("put the proxy password in api/proxy_password, not in the address"));
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        return proxyError(QStringLiteral("a proxy address has no path: http://host:port"));
    p.mode = ProxyConfig::Mode::Http;
    p.host = url.host();
    p.port = quint16(url.port());
    p.user = url.userName();
    return p;
}

void applyProxy(QNetworkAccessManager &network, const ProxyConfig &proxy)
{
    switch (proxy.mode) {
    case ProxyConfig::Mode::System:
        network.setProxyFactory(new SystemProxies); // the manager owns it
        break;
    case ProxyConfig::Mode::None:
        network.setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyConfig::Mode::Http:
        network.setProxy(QNetworkProxy(
            QNetworkProxy::HttpProxy, proxy.host, proxy.port, proxy.user, QString::fromUtf8(proxy.password)));
        break;
    }
}

} // namespace wechatpay

// The simulator's control endpoints (/__sim/…) for the benchmark programs (header-only), over HTTP
// or HTTPS: the certificate of `wechatpay-sim --https` is trusted from the settings' CA file, as the
// program itself trusts it.
#pragma once

#include "desk/settings.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

namespace benchutil {

inline QJsonDocument simControl(const desk::Settings &settings, const QByteArray &method, const QString &path)
{
    static QNetworkAccessManager network;
    QUrl url = settings.baseUrl;
    url.setPath(path);
    QNetworkRequest request(url);
    if (!settings.caCertificatesFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(settings.caCertificatesFile));
        request.setSslConfiguration(tls);
    }
    QNetworkReply *reply = network.sendCustomRequest(request, method);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    if (!reply->isFinished() || reply->error() != QNetworkReply::NoError) {
        std::fprintf(stderr, "%s %s: %s\n", method.constData(), qPrintable(url.toString()),
            qPrintable(reply->errorString()));
        std::exit(1);
    }
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    reply->deleteLater();
    return doc;
}

} // namespace benchutil

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
    QNetworkAccessManager network;
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
    return QJsonDocument::fromJson(reply->readAll()); // (the reply goes with the manager)
}

// The first `count` SENDED coupons whose code starts with `prefix`, from GET /__sim/coupons;
// exits with a message when there are fewer.
inline QList<QJsonObject> sendedCoupons(const QJsonArray &all, const QString &prefix, int count)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : all) {
        const QJsonObject o = v.toObject();
        if (out.size() < count && o.value(QStringLiteral("coupon_code")).toString().startsWith(prefix)
            && o.value(QStringLiteral("state")).toString() == QLatin1String("SENDED"))
            out << o;
    }
    if (out.size() < count) {
        std::fprintf(stderr, "the simulator has %d SENDED coupons starting with %s; %d needed\n",
            int(out.size()), qPrintable(prefix), count);
        std::exit(1);
    }
    return out;
}

} // namespace benchutil

// Test support: the known-answer vectors (tests/data/vectors, a copy of ../shared/data/vectors).
#pragma once

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace testsupport {

inline QString dataDir()
{
    return QStringLiteral(COUPONDESK_TEST_DATA_DIR);
}

inline QJsonObject loadJson(const QString &relativePath)
{
    QFile f(dataDir() + QLatin1Char('/') + relativePath);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(f.fileName()));
    return QJsonDocument::fromJson(f.readAll()).object();
}

inline QJsonObject signingVectors()
{
    return loadJson(QStringLiteral("vectors/signing.json"));
}

inline QJsonObject aeadVectors()
{
    return loadJson(QStringLiteral("vectors/aead_aes_256_gcm.json"));
}

inline QByteArray keyPem(const QString &keyName, const char *field)
{
    return signingVectors()
        .value(QLatin1String("keys"))
        .toObject()
        .value(keyName)
        .toObject()
        .value(QLatin1String(field))
        .toString()
        .toUtf8();
}

} // namespace testsupport

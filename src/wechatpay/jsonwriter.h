// Kept, not QJsonDocument (it sorts keys): request bodies keep the documented field order, asserted byte for
// byte by test_wechatpay_signing (tests/data/busifavor_vectors.json U1, D1) and test_wechatpay_busifavor.
// A compact JSON object writer that keeps fields in the order they are added (QJsonObject sorts them).
// Strings are written as UTF-8; only '"', '\\' and control characters are escaped.
#pragma once

#include <QByteArray>
#include <QString>

namespace wechatpay {

class JsonWriter
{
public:
    JsonWriter &field(QByteArrayView name, const QString &value);
    JsonWriter &field(QByteArrayView name, qint64 value);
    JsonWriter &rawField(QByteArrayView name, QByteArrayView json); // an already-encoded JSON value
    JsonWriter &optionalField(QByteArrayView name, const QString &value); // skipped when empty
    QByteArray finish() const;

    static QByteArray quote(const QString &value);

private:
    void key(QByteArrayView name);
    QByteArray m_out;
};

} // namespace wechatpay

#include "keystore.h"

#include "logging.h"

#include "wechatpay/crypto.h"
#include "wechatpay/qtcompat.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimeZone>

#include <future>
#include <map>

namespace sim {

using wechatpay::Certificate;
using wechatpay::Error;
using wechatpay::ErrorKind;
using wechatpay::PrivateKey;
using wechatpay::PublicKey;
using wechatpay::Result;
using wechatpay::Status;

namespace {

constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

Error fileError(const QString &message)
{
    return Error::make(ErrorKind::Key, QStringLiteral("SIM_KEY_FILE"), message);
}

Result<QByteArray> readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fileError(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    return f.readAll();
}

Certificate::SelfSignedOptions certOptions(
    const QString &cn, const QString &org, const QString &ou, qint64 now)
{
    Certificate::SelfSignedOptions o;
    o.commonName = cn;
    o.organization = org;
    o.organizationalUnit = ou;
    o.notBefore = wechatpay::compat::fromSecsUtc(now - 86400);
    o.notAfter = wechatpay::compat::fromSecsUtc(now + 5 * 365 * 86400LL);
    return o;
}

bool pairExists(const QString &keyPath, const QString &certPath)
{
    return QFileInfo::exists(keyPath) && QFileInfo::exists(certPath);
}

// RSA-2048 generation takes ~0.3 s per key on a slow machine: the keys a first start needs are
// generated in parallel.
class KeyFactory
{
public:
    void request(const QString &name)
    {
        m_pending.emplace(name, std::async(std::launch::async, [] { return PrivateKey::generateRsa(2048); }));
    }
    Result<PrivateKey> take(const QString &name)
    {
        auto it = m_pending.find(name);
        if (it == m_pending.end())
            return PrivateKey::generateRsa(2048);
        Result<PrivateKey> key = it->second.get();
        m_pending.erase(it);
        return key;
    }
    ~KeyFactory()
    {
        for (auto &p : m_pending)
            p.second.wait();
    }

private:
    std::map<QString, std::future<Result<PrivateKey>>> m_pending;
};

// A key + certificate pair: read both files, or create both.
Status keyPair(const QString &keyPath, const QString &certPath, const Certificate::SelfSignedOptions &options,
    PrivateKey &key, Certificate &cert, const char *what, KeyFactory &factory)
{
    if (QFileInfo::exists(keyPath) && QFileInfo::exists(certPath)) {
        auto k = PrivateKey::fromFile(keyPath);
        if (!k)
            return k.error();
        auto c = Certificate::fromFile(certPath);
        if (!c)
            return c.error();
        if (!c->matches(k.value()))
            return fileError(QStringLiteral("%1 and %2 do not belong together").arg(keyPath, certPath));
        key = k.value();
        cert = c.value();
        return {};
    }
    qCInfo(lcSimulator) << "creating" << what << "key and certificate";
    auto k = factory.take(QString::fromLatin1(what));
    if (!k)
        return k.error();
    auto c = Certificate::createSelfSigned(k.value(), options);
    if (!c)
        return c.error();
    if (Status st = writeFileAtomically(keyPath, k->toPem(), true); !st)
        return st;
    if (Status st = writeFileAtomically(certPath, c->toPem(), false); !st)
        return st;
    key = k.value();
    cert = c.value();
    return {};
}

QString publicKeyIdFromRandom()
{
    // PUB_KEY_ID_ + 34 digits, like the official sample PUB_KEY_ID_0000000000000024101100397200000006.
    const QByteArray random = wechatpay::crypto::randomBytes(18);
    QString digits = QStringLiteral("0000000000000024");
    for (char c : random)
        digits += QLatin1Char(static_cast<char>('0' + static_cast<unsigned char>(c) % 10));
    return QStringLiteral("PUB_KEY_ID_") + digits;
}

} // namespace

Status writeFileAtomically(const QString &path, const QByteArray &data, bool secret)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fileError(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    if (secret)
        f.setPermissions(kOwnerOnly); // the temporary file, before any secret byte is written
    if (f.write(data) != data.size() || !f.commit())
        return fileError(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    if (secret)
        QFile::setPermissions(path, kOwnerOnly);
    return {};
}

Result<KeyMaterial> loadOrCreateKeys(const QString &dataDir, const QString &mchid, qint64 now, bool https)
{
    const QDir dir(dataDir);
    KeyMaterial k;
    k.merchantKeyFile = dir.absoluteFilePath(QStringLiteral("merchant/apiclient_key.pem"));
    k.merchantCertFile = dir.absoluteFilePath(QStringLiteral("merchant/apiclient_cert.pem"));
    const QString platformKeyFile = dir.absoluteFilePath(QStringLiteral("server/platform_key.pem"));
    k.platformCertFile = dir.absoluteFilePath(QStringLiteral("server/platform_cert.pem"));
    k.platformCertDir = dir.absoluteFilePath(QStringLiteral("wechatpay/platform_certs"));
    const QString publicKeyPrivateFile = dir.absoluteFilePath(QStringLiteral("server/pub_key_private.pem"));
    k.publicKeyFile = dir.absoluteFilePath(QStringLiteral("wechatpay/pub_key.pem"));
    const QString secretsFile = dir.absoluteFilePath(QStringLiteral("server/secrets.json"));
    const QString tlsKeyFile = dir.absoluteFilePath(QStringLiteral("server/tls_key.pem"));
    const QString tlsCertFile = dir.absoluteFilePath(QStringLiteral("server/tls_cert.pem"));

    KeyFactory factory;
    if (!pairExists(k.merchantKeyFile, k.merchantCertFile))
        factory.request(QStringLiteral("merchant API"));
    if (!pairExists(platformKeyFile, k.platformCertFile))
        factory.request(QStringLiteral("platform"));
    if (!QFileInfo::exists(publicKeyPrivateFile))
        factory.request(QStringLiteral("public key"));
    if (https && !pairExists(tlsKeyFile, tlsCertFile))
        factory.request(QStringLiteral("TLS server"));

    if (Status st = keyPair(k.merchantKeyFile, k.merchantCertFile,
            certOptions(
                mchid, QStringLiteral("CouponDesk 模拟商户"), QStringLiteral("CouponDesk 模拟商户"), now),
            k.merchantKey, k.merchantCert, "merchant API", factory);
        !st)
        return st.error();
    if (Status st = keyPair(platformKeyFile, k.platformCertFile,
            certOptions(QStringLiteral("Tenpay.com sign"), QStringLiteral("Tenpay.com"),
                QStringLiteral("Tenpay.com CA Center"), now),
            k.platformKey, k.platformCert, "platform", factory);
        !st)
        return st.error();
    // The platform certificate, where a client's verify/platform_cert_dir expects it.
    const QString certCopy
        = k.platformCertDir + QLatin1Char('/') + k.platformCert.serialNumber() + QStringLiteral(".pem");
    if (!QFileInfo::exists(certCopy))
        if (Status st = writeFileAtomically(certCopy, k.platformCert.toPem(), false); !st)
            return st.error();

    // The WeChat Pay public key pair.
    if (QFileInfo::exists(publicKeyPrivateFile)) {
        auto priv = PrivateKey::fromFile(publicKeyPrivateFile);
        if (!priv)
            return priv.error();
        k.publicKeyPrivate = priv.value();
    } else {
        qCInfo(lcSimulator) << "creating the WeChat Pay public key";
        auto priv = factory.take(QStringLiteral("public key"));
        if (!priv)
            return priv.error();
        k.publicKeyPrivate = priv.value();
        if (Status st = writeFileAtomically(publicKeyPrivateFile, priv->toPem(), true); !st)
            return st.error();
    }
    k.publicKey = k.publicKeyPrivate.publicKey();
    if (!QFileInfo::exists(k.publicKeyFile))
        if (Status st = writeFileAtomically(k.publicKeyFile, k.publicKey.toPem(), false); !st)
            return st.error();

    // Public-key ID and APIv3 key.
    QJsonObject secrets;
    if (QFileInfo::exists(secretsFile)) {
        auto data = readAll(secretsFile);
        if (!data)
            return data.error();
        secrets = QJsonDocument::fromJson(data.value()).object();
    }
    k.publicKeyId = secrets.value(QLatin1String("public_key_id")).toString();
    k.apiV3Key = secrets.value(QLatin1String("apiv3_key")).toString().toLatin1();
    if (!k.publicKeyId.startsWith(QLatin1String("PUB_KEY_ID_")) || k.apiV3Key.size() != 32) {
        if (!k.publicKeyId.startsWith(QLatin1String("PUB_KEY_ID_")))
            k.publicKeyId = publicKeyIdFromRandom();
        if (k.apiV3Key.size() != 32)
            k.apiV3Key = wechatpay::crypto::randomAlphanumeric(32);
        secrets.insert(QLatin1String("public_key_id"), k.publicKeyId);
        secrets.insert(QLatin1String("apiv3_key"), QString::fromLatin1(k.apiV3Key));
        if (Status st = writeFileAtomically(secretsFile, QJsonDocument(secrets).toJson(), true); !st)
            return st.error();
    }

    if (https) {
        k.tlsKeyFile = tlsKeyFile;
        k.tlsCertFile = tlsCertFile;
        auto options = certOptions(QStringLiteral("wechatpay-sim"), QStringLiteral("CouponDesk"),
            QStringLiteral("wechatpay-sim TLS"), now);
        options.dnsNames = { QStringLiteral("localhost") };
        options.ipAddresses = { QStringLiteral("127.0.0.1"), QStringLiteral("::1") };
        if (Status st
            = keyPair(k.tlsKeyFile, k.tlsCertFile, options, k.tlsKey, k.tlsCert, "TLS server", factory);
            !st)
            return st.error();
    }
    return k;
}

} // namespace sim

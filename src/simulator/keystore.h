// Every key the simulator and its merchant need, created on first start in the data directory and
// read back afterwards (see README.md "Data directory").
#pragma once

#include "wechatpay/keys.h"
#include "wechatpay/result.h"

#include <QByteArray>
#include <QString>

namespace sim {

struct KeyMaterial
{
    // The merchant (client side): its API private key and certificate; the server checks
    // Authorization's serial_no against the certificate and verifies with its public key.
    wechatpay::PrivateKey merchantKey;
    wechatpay::Certificate merchantCert;
    // Mode A: the platform certificate that signs answers (served by /v3/certificates).
    wechatpay::PrivateKey platformKey;
    wechatpay::Certificate platformCert;
    // Mode B: the WeChat Pay public key (PUB_KEY_ID_…) and its private half.
    wechatpay::PrivateKey publicKeyPrivate;
    wechatpay::PublicKey publicKey;
    QString publicKeyId;
    QByteArray apiV3Key; // 32 characters of [0-9A-Za-z]
    // --https: the server certificate for 127.0.0.1/localhost (self-signed; trust it as a CA).
    wechatpay::PrivateKey tlsKey;
    wechatpay::Certificate tlsCert;

    // Absolute paths of the files (PEM).
    QString merchantKeyFile;
    QString merchantCertFile;
    QString platformCertFile;
    QString platformCertDir; // holds <serial>.pem, for verify/platform_cert_dir
    QString publicKeyFile;
    QString tlsCertFile;
    QString tlsKeyFile;
};

// Loads every key from `dataDir`, creating what is missing (and the TLS pair only when `https`).
// Private key files get owner-only permissions. `mchid` becomes the merchant certificate's CN.
wechatpay::Result<KeyMaterial> loadOrCreateKeys(
    const QString &dataDir, const QString &mchid, qint64 nowSecs, bool https);

// Writes `data` atomically (QSaveFile); owner-only permissions when `secret`.
wechatpay::Status writeFileAtomically(const QString &path, const QByteArray &data, bool secret);

} // namespace sim

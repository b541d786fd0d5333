#include "keyfilecheck.h"

#include "wechatpay/keys.h"

#include <QCoreApplication>
#include <QDir>

#include <optional>

namespace desk {

namespace {

// A translation context lupdate recognises.
struct KeyFiles
{
    Q_DECLARE_TR_FUNCTIONS(desk::KeyFiles)
};

FileCheck problem(const QString &text)
{
    return { FileCheck::State::Problem, text };
}

} // namespace

KeyFilesCheck checkKeyFiles(const QString &privateKeyFile, const QString &certFile,
    const QString &publicKeyFile, const QDateTime &now)
{
    using namespace wechatpay;
    KeyFilesCheck c;
    const QString keyPath = QDir::fromNativeSeparators(privateKeyFile.trimmed());
    const QString certPath = QDir::fromNativeSeparators(certFile.trimmed());
    const QString pubPath = QDir::fromNativeSeparators(publicKeyFile.trimmed());

    std::optional<PrivateKey> key;
    if (!keyPath.isEmpty()) {
        auto loaded = PrivateKey::fromFile(keyPath);
        if (loaded) {
            key = loaded.value();
            c.privateKey = { FileCheck::State::Ok, KeyFiles::tr("Private key loaded.") };
        } else {
            c.privateKey = problem(loaded.error().message);
        }
    }
    if (!certPath.isEmpty()) {
        auto cert = Certificate::fromFile(certPath);
        if (!cert) {
            c.certificate = problem(cert.error().message);
        } else {
            c.certSerial = cert->serialNumber();
            const QString until = cert->notAfter().toString(QStringLiteral("yyyy-MM-dd"));
            if (key && !cert->matches(*key))
                c.certificate = problem(KeyFiles::tr(
                    "Does not belong to this private key: use the apiclient_cert.pem issued with it."));
            else if (!cert->isValidAt(now))
                c.certificate
                    = problem(KeyFiles::tr("Expired or not yet valid (valid until %1).").arg(until));
            else if (key)
                c.certificate = { FileCheck::State::Ok,
                    KeyFiles::tr("Matches the private key, valid until %1.").arg(until) };
            else
                c.certificate = { FileCheck::State::Ok,
                    KeyFiles::tr("Certificate loaded, valid until %1.").arg(until) };
        }
    }
    if (!pubPath.isEmpty()) {
        auto pub = PublicKey::fromFile(pubPath);
        c.publicKey = pub ? FileCheck { FileCheck::State::Ok, KeyFiles::tr("WeChat Pay public key loaded.") }
                          : problem(pub.error().message);
    }
    return c;
}

} // namespace desk

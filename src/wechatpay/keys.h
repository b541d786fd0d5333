// Merchant private keys, WeChat Pay public keys and X.509 certificates, behind Qt types.
// OpenSSL stays in the .cpp files.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

namespace wechatpay {

namespace detail {
struct KeyAccess;
}

class PublicKey
{
public:
    PublicKey() = default;
    // "-----BEGIN PUBLIC KEY-----" (SPKI) or "-----BEGIN RSA PUBLIC KEY-----" (PKCS#1).
    static Result<PublicKey> fromPem(const QByteArray &pem);
    static Result<PublicKey> fromFile(const QString &path);
    bool isNull() const { return !m_key; }
    int bits() const;
    QByteArray toPem() const; // SPKI
    bool operator==(const PublicKey &other) const;

private:
    friend struct detail::KeyAccess;
    std::shared_ptr<void> m_key; // EVP_PKEY
};

class PrivateKey
{
public:
    PrivateKey() = default;
    // PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY". Encrypted keys are refused
    // with a message saying so; keys shorter than 2048 bits are refused.
    static Result<PrivateKey> fromPem(const QByteArray &pem);
    static Result<PrivateKey> fromFile(const QString &path);
    static Result<PrivateKey> generateRsa(int bits = 2048);
    bool isNull() const { return !m_key; }
    int bits() const;
    QByteArray toPem() const; // PKCS#8, unencrypted
    PublicKey publicKey() const;

private:
    friend struct detail::KeyAccess;
    std::shared_ptr<void> m_key; // EVP_PKEY
};

class Certificate
{
public:
    Certificate() = default;
    static Result<Certificate> fromPem(const QByteArray &pem);
    static Result<Certificate> fromFile(const QString &path);
    // Every certificate in a PEM bundle (several platform certificates in one file).
    static Result<QList<Certificate>> listFromPem(const QByteArray &pem);

    struct SelfSignedOptions
    {
        QString commonName;
        QString organization;
        QString organizationalUnit;
        QByteArray serialHex; // e.g. 40 hex digits; empty → random 20 bytes
        QDateTime notBefore;
        QDateTime notAfter;
        QStringList dnsNames; // subjectAltName DNS entries (for TLS server certificates)
        QStringList ipAddresses; // subjectAltName IP entries
    };
    static Result<Certificate> createSelfSigned(const PrivateKey &key, const SelfSignedOptions &options);

    bool isNull() const { return !m_cert; }
    QString serialNumber() const; // upper-case hex of whole bytes, no separators
    QDateTime notBefore() const; // UTC
    QDateTime notAfter() const; // UTC
    bool isValidAt(const QDateTime &when) const;
    QString subject() const; // one line, RFC 2253
    QString commonName() const;
    PublicKey publicKey() const;
    bool matches(const PrivateKey &key) const;
    QByteArray toPem() const;

private:
    friend struct detail::KeyAccess;
    std::shared_ptr<void> m_cert; // X509
};

// A serial as people paste it: strips spaces/colons and upper-cases; empty when not hex.
QString normalizeSerial(const QString &serial);

} // namespace wechatpay
